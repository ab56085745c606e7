// ValidateCustomResourceDefinition (apiextensions-apiserver pkg/apis/apiextensions/validation) for the mistakes
// learners make writing their first CRD: a metadata.name that is not `<plural>.<group>`, a group without a dot, missing
// names or scope, not exactly one storage version, a v1 version without a schema or with a non-structural one (a field
// with no type), bad printer columns. Wording is the real server's, so kubectl prints
// `The CustomResourceDefinition "crontab.stable.example.com" is invalid: metadata.name: Invalid value: …`.
import type { FieldError } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { fieldOf, isObject, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../lib/names';
import { GoValue, invalid, invalidEach, notSupported, required, forbidden } from '../admission/field-errors';
import { validateObjectMeta, validateObjectMetaUpdate } from '../admission/validate-meta';
import { deepEqual } from '../../util/deep-equal';

const SCOPES = ['Cluster', 'Namespaced'];
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Go's %#v of spec.versions, as the real message prints it before `must have exactly one version …`. */
function goVersions(versions: unknown[]): GoValue {
  const items = versions.map((v) => {
    const schema = fieldOf(v, 'schema') ? '(*apiextensions.CustomResourceValidation)(0xc000a4c0a8)' : '(*apiextensions.CustomResourceValidation)(nil)';
    const subs = fieldOf(v, 'subresources') ? '(*apiextensions.CustomResourceSubresources)(0xc000a4c0b0)' : '(*apiextensions.CustomResourceSubresources)(nil)';
    return `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(str(fieldOf(v, 'name')))}, Served:${fieldOf(v, 'served') === true}, Storage:${fieldOf(v, 'storage') === true}, Deprecated:${fieldOf(v, 'deprecated') === true}, DeprecationWarning:(*string)(nil), Schema:${schema}, Subresources:${subs}, AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}`;
  });
  return new GoValue(`[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`);
}

type Level = 'root' | 'field' | 'item';

/** The structural-schema rule learners meet: every specified field has a type (or preserves unknown fields). */
function structural(schema: unknown, path: string, level: Level, errs: FieldError[]): void {
  if (!isObject(schema)) return;
  const type = str(schema.type);
  if (!type && schema['x-kubernetes-int-or-string'] !== true && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
    const detail = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errs.push(required(`${path}.type`, detail));
  }
  if (level === 'root' && type && type !== 'object') errs.push(invalid(`${path}.type`, type, 'must be object at the root'));
  if (isObject(schema.properties) && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  for (const [key, sub] of Object.entries(objectOf(schema.properties))) structural(sub, `${path}.properties[${key}]`, 'field', errs);
  if (isObject(schema.items)) structural(schema.items, `${path}.items`, 'item', errs);
  if (isObject(schema.additionalProperties)) structural(schema.additionalProperties, `${path}.additionalProperties`, 'field', errs);
}

function validateColumns(columns: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  itemsOf(columns).forEach((col, i) => {
    const at = `${path}[${i}]`;
    const type = str(fieldOf(col, 'type'));
    const format = str(fieldOf(col, 'format'));
    if (!str(fieldOf(col, 'name'))) errs.push(required(`${at}.name`));
    if (!type) errs.push(required(`${at}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
    else if (!COLUMN_TYPES.includes(type)) errs.push(notSupported(`${at}.type`, type, COLUMN_TYPES));
    if (format && !COLUMN_FORMATS.includes(format)) errs.push(notSupported(`${at}.format`, format, COLUMN_FORMATS));
    if (!str(fieldOf(col, 'jsonPath'))) errs.push(required(`${at}.jsonPath`));
  });
  return errs;
}

function validateNames(names: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['plural', 'singular']) {
    const v = str(fieldOf(names, key));
    if (v) errs.push(...invalidEach(`${path}.${key}`, v, [isDNS1035Label(v).join(',')].filter(Boolean)));
  }
  for (const key of ['kind', 'listKind']) {
    const v = str(fieldOf(names, key));
    const bad = v ? isDNS1035Label(v.toLowerCase()) : [];
    if (bad.length) errs.push(invalid(`${path}.${key}`, v, `may have mixed case, but should otherwise match: ${bad.join(',')}`));
  }
  itemsOf(fieldOf(names, 'shortNames')).forEach((s, i) => {
    const bad = isDNS1035Label(str(s));
    if (bad.length) errs.push(invalid(`${path}.shortNames[${i}]`, str(s), bad.join(',')));
  });
  const kind = str(fieldOf(names, 'kind'));
  if (kind && kind === str(fieldOf(names, 'listKind'))) errs.push(invalid(`${path}.listKind`, kind, 'kind and listKind may not be the same or parsing become ambiguous'));
  return errs;
}

function validateSpec(spec: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const group = str(fieldOf(spec, 'group'));
  if (!group) errs.push(required('spec.group'));
  else if (isDNS1123Subdomain(group).length) errs.push(invalid('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));

  const scope = str(fieldOf(spec, 'scope'));
  if (!scope) errs.push(required('spec.scope'));
  else if (!SCOPES.includes(scope)) errs.push(notSupported('spec.scope', scope, SCOPES));

  const versions = itemsOf(fieldOf(spec, 'versions'));
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const at = `spec.versions[${i}]`;
    const name = str(fieldOf(v, 'name'));
    if (fieldOf(v, 'storage') === true) storage++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const bad = isDNS1035Label(name);
    if (bad.length) errs.push(invalid(`${at}.name`, name, bad.join(',')));
    const schema = fieldOf(fieldOf(v, 'schema'), 'openAPIV3Schema');
    if (!isObject(schema)) errs.push(required(`${at}.schema.openAPIV3Schema`, 'schemas are required'));
    else structural(schema, `${at}.schema.openAPIV3Schema`, 'root', errs);
    errs.push(...validateColumns(fieldOf(v, 'additionalPrinterColumns'), `${at}.additionalPrinterColumns`));
  });
  if (!unique) errs.push(invalid('spec.versions', goVersions(versions), 'must contain unique version names'));
  if (storage !== 1) errs.push(invalid('spec.versions', goVersions(versions), 'must have exactly one version marked as storage version'));

  const names = fieldOf(spec, 'names');
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    if (!str(fieldOf(names, key))) errs.push(required(`spec.names.${key}`));
  }
  errs.push(...validateNames(names, 'spec.names'));

  const conversion = fieldOf(spec, 'conversion');
  const strategy = str(fieldOf(conversion, 'strategy'));
  if (conversion !== undefined && !['None', 'Webhook'].includes(strategy)) {
    errs.push(strategy ? notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']) : required('spec.conversion.strategy'));
  }
  return errs;
}

/** metadata.name must be a DNS subdomain and exactly `<spec.names.plural>.<spec.group>`. */
function crdName(obj: KubeObject) {
  const wanted = `${str(pathOf(obj.spec, 'names', 'plural'))}.${str(fieldOf(obj.spec, 'group'))}`;
  return (name: string, prefix: boolean): string[] => {
    const errs = nameIsDNSSubdomain(name, prefix);
    if (name !== wanted) errs.push('must be spec.names.plural+"."+spec.group');
    return errs;
  };
}

const APPROVAL = 'api-approved.kubernetes.io';

/** Groups of the Kubernetes project (`*.k8s.io`, `*.kubernetes.io`) need an API review's approval annotation. */
function validateApproval(obj: KubeObject): FieldError[] {
  const group = str(fieldOf(obj.spec, 'group'));
  const isProtected = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!isProtected || obj.metadata.annotations?.[APPROVAL]) return [];
  return [required(`metadata.annotations[${APPROVAL}]`, `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`)];
}

export function validateCustomResourceDefinition(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, false, crdName(obj)), ...validateSpec(obj.spec), ...validateApproval(obj)];
}

function established(obj: KubeObject): boolean {
  return itemsOf(fieldOf(obj.status, 'conditions')).some((c) => fieldOf(c, 'type') === 'Established' && fieldOf(c, 'status') === 'True');
}

/** Everything create checks, and what may not change once objects may be stored (ValidateCustomResourceDefinitionSpecUpdate). */
export function validateCustomResourceDefinitionUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj.spec)];
  const immutable = (path: string, a: unknown, b: unknown) => {
    if (!deepEqual(a, b)) errs.push(invalid(path, str(a), 'field is immutable'));
  };
  if (established(old)) {
    immutable('spec.scope', fieldOf(obj.spec, 'scope'), fieldOf(old.spec, 'scope'));
    immutable('spec.names.kind', pathOf(obj.spec, 'names', 'kind'), pathOf(old.spec, 'names', 'kind'));
  }
  immutable('spec.group', fieldOf(obj.spec, 'group'), fieldOf(old.spec, 'group'));
  immutable('spec.names.plural', pathOf(obj.spec, 'names', 'plural'), pathOf(old.spec, 'names', 'plural'));
  return errs;
}
