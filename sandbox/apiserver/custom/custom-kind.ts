// The kind record of one served version of a CustomResourceDefinition: where it is served (group, version, plural,
// scope, short names, categories, /status), how its objects are pruned, defaulted and validated against the version's
// openAPIV3Schema (structural-schema.ts), and its printer columns. The generic object API treats the custom kind like any
// built-in one through this record.
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { nameIsDNSSubdomain } from '../../lib/names';
import { validateObjectMeta, validateObjectMetaUpdate } from '../admission/validate-meta';
import { customColumnsPrinter, type PrinterColumn } from '../tables/custom-columns';
import type { KindRecord } from '../kinds/kind';
import { pruneAndDefault, unknownFields, validateAgainstSchema, type Schema } from './structural-schema';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => itemsOf(v).filter((x): x is string => typeof x === 'string');

function columnsOf(version: unknown): PrinterColumn[] {
  return itemsOf(fieldOf(version, 'additionalPrinterColumns')).flatMap((c): PrinterColumn[] => {
    if (!isObject(c) || !str(c.name) || !str(c.jsonPath)) return [];
    return [{
      name: str(c.name),
      type: str(c.type) || 'string',
      format: str(c.format) || undefined,
      description: str(c.description) || undefined,
      priority: typeof c.priority === 'number' ? c.priority : 0,
      jsonPath: str(c.jsonPath),
    }];
  });
}

/** A served version of a CRD: its kind record and the openAPIV3Schema it validates with (and `explain` shows). */
export interface CustomKind {
  record: KindRecord;
  schema: Schema;
}

/** One kind per served version of a (validated, stored) CRD. */
export function customKinds(crd: KubeObject): CustomKind[] {
  const spec = objectOf(crd.spec);
  const group = str(spec.group);
  const names = objectOf(spec.names);
  const namespaced = spec.scope === 'Namespaced';
  return itemsOf(spec.versions)
    .filter((v) => fieldOf(v, 'served') === true)
    .map((version): CustomKind => {
      const schema = objectOf(pathOf(version, 'schema', 'openAPIV3Schema')) as Schema;
      const hasStatus = isObject(pathOf(version, 'subresources', 'status'));
      const resource: ResourceInfo = {
        group,
        version: str(fieldOf(version, 'name')),
        kind: str(names.kind),
        plural: str(names.plural),
        singular: str(names.singular) || str(names.kind).toLowerCase(),
        namespaced,
        shortNames: strings(names.shortNames),
        categories: strings(names.categories),
        subresources: hasStatus ? ['status'] : [],
      };
      const meta = (obj: KubeObject) => validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain);
      const record: KindRecord = {
        resource,
        defaults: (obj) => pruneAndDefault(schema, obj as unknown as Record<string, unknown>),
        // Behind /status, what a create sends as status is dropped (the strategy's PrepareForCreate).
        initialStatus: (obj) => (hasStatus ? undefined : obj.status),
        validate: {
          create: (obj) => [...meta(obj), ...validateAgainstSchema(schema, obj)],
          update: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...meta(obj), ...validateAgainstSchema(schema, obj)],
          status: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateAgainstSchema(schema, obj)],
        },
        unknownFields: (obj) => unknownFields(schema, obj),
        printer: customColumnsPrinter(columnsOf(version)),
      };
      return { record, schema };
    });
}
