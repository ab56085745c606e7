// An apply body with a field the kind's schema does not have fails as structured-merge-diff fails to type it:
// `failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replica: field not declared
// in schema`, a 500 without a reason that kubectl prints as "Error from server: …". Paths are fieldpath's, so list
// items are named by their keys (`.spec.template.spec.containers[name="nginx"].imagee`).
import type { KubeObject } from '../../api/types';
import { unknownFields } from '../openapi';
import { patchFailure } from '../patch/patch-errors';
import { pathString, type PathElement } from './field-set';
import { isObj, keyElement, shapeOf, valueElement } from './typed-walk';

/** Throws when `config` has fields its kind's schema does not declare. */
export function checkDeclaredFields(config: KubeObject, rootType: string | undefined): void {
  const apiVersion = String(config.apiVersion ?? '');
  const kind = String(config.kind ?? '');
  const unknown = unknownFields(apiVersion, kind, config);
  if (!unknown.length) return;
  const errors = unknown.map((p) => `${pathString(fieldPath(config, rootType, p))}: field not declared in schema`);
  const message = errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  const slash = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  const [group, version] = [slash.slice(0, slash.indexOf('/')), slash.slice(slash.indexOf('/') + 1)];
  const meta = config.metadata ?? {};
  throw patchFailure(`failed to create typed patch object (${meta.namespace ?? ''}/${meta.name ?? ''}; ${group}/${version}, Kind=${kind}): ${message}`);
}

/** `spec.containers[0].imagee` (the strict decoder's spelling) as fieldpath elements, list items by key. */
function fieldPath(config: unknown, rootType: string | undefined, jsonPath: string): PathElement[] {
  const out: PathElement[] = [];
  let value: unknown = config;
  let type = rootType;
  let itemShape: ReturnType<typeof shapeOf> | undefined;
  for (const token of jsonPath.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (token.startsWith('[')) {
      const index = Number(token.slice(1, -1));
      const item = Array.isArray(value) ? value[index] : undefined;
      if (itemShape?.kind === 'assoc') {
        out.push(keyElement(item, itemShape.keys));
        type = itemShape.itemType;
      } else if (itemShape?.kind === 'set') {
        out.push(valueElement(item));
      } else {
        out.push(`i:${index}`);
      }
      value = item;
      continue;
    }
    const child = isObj(value) ? value[token] : undefined;
    itemShape = shapeOf(type, token, child);
    type = itemShape.kind === 'map' ? itemShape.type : undefined;
    out.push(`f:${token}`);
    value = child;
  }
  return out;
}
