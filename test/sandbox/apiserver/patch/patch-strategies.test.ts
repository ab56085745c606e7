// The strategy table is hand-written, so it is checked against the published tags: the x-kubernetes-patch-strategy
// and x-kubernetes-patch-merge-key extensions our OpenAPI schemas carry (generated from the same struct tags). Every
// field reachable from every kind we serve must agree, and the table must not describe types nothing reaches.
import { apiVersionOf } from '../../../../sandbox/api/registry';
import { STORED_RESOURCES } from '../../../../sandbox/apiserver/kinds/registry';
import { definition, definitionNameFor, type SchemaNode } from '../../../../sandbox/apiserver/openapi/schema-store';
import { describedTypes, lookupPatchMeta, rootTypeOf } from '../../../../sandbox/apiserver/patch/patch-strategies';

const goTypeName = (definitionName: string) => definitionName.split('.').pop()!;
const strategyOf = (prop: SchemaNode) => prop['x-kubernetes-patch-strategy'] as string | undefined;

/** Whether any field at or below this definition carries a patch tag. */
function reachesTags(name: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return Object.values(definition(name)?.properties ?? {}).some((prop) => {
    if (strategyOf(prop)) return true;
    const ref = prop.$ref ?? prop.items?.$ref ?? prop.additionalProperties?.$ref;
    return ref !== undefined && reachesTags(ref, seen);
  });
}

/** Differences between the table and the schema for `name` (Go type `type`) and everything below it. */
function compare(name: string, type: string | undefined, at: string, visited: Set<string>, problems: string[]): void {
  if (type) visited.add(type);
  for (const [field, prop] of Object.entries(definition(name)?.properties ?? {})) {
    const where = `${at}.${field}`;
    const meta = lookupPatchMeta(type, field);
    const want = { strategy: strategyOf(prop), mergeKey: prop['x-kubernetes-patch-merge-key'] as string | undefined };
    if (meta.strategy !== want.strategy || meta.mergeKey !== want.mergeKey) {
      problems.push(`${where}: table ${JSON.stringify([meta.strategy, meta.mergeKey])}, schema ${JSON.stringify([want.strategy, want.mergeKey])}`);
    }
    if (prop.additionalProperties?.$ref && reachesTags(prop.additionalProperties.$ref)) problems.push(`${where}: map of tagged values`);
    // Element types matter only where lists merge; a replaced list is taken whole.
    const ref = prop.$ref ?? (want.strategy?.includes('merge') ? prop.items?.$ref : undefined);
    if (ref && reachesTags(ref)) {
      if (meta.type !== goTypeName(ref)) problems.push(`${where}: table type ${meta.type}, schema ${goTypeName(ref)}`);
      else compare(ref, meta.type, where, visited, problems);
    } else if (meta.type !== undefined) {
      problems.push(`${where}: table names type ${meta.type} but nothing below it is tagged`);
    }
  }
}

describe('strategic merge patch tags', () => {
  // Reviews are never stored, so never patched.
  const kinds = [...STORED_RESOURCES.map((r) => ({ apiVersion: apiVersionOf(r), kind: r.kind })), { apiVersion: 'autoscaling/v1', kind: 'Scale' }];

  it('agree with the OpenAPI schema for every field of every kind we serve', () => {
    const problems: string[] = [];
    const visited = new Set<string>();
    for (const { apiVersion, kind } of kinds) {
      const name = definitionNameFor(apiVersion, kind);
      if (!name) {
        problems.push(`${kind}: no schema`);
        continue;
      }
      if (rootTypeOf(kind) !== kind) problems.push(`${kind}: no root type in the table`);
      compare(name, rootTypeOf(kind), kind, visited, problems);
    }
    expect(problems).toEqual([]);
    expect(describedTypes().filter((t) => !visited.has(t))).toEqual([]);
  });

  it('knows the merge keys kubectl apply relies on', () => {
    expect(lookupPatchMeta('PodSpec', 'containers')).toMatchObject({ strategy: 'merge', mergeKey: 'name', type: 'Container' });
    expect(lookupPatchMeta('Container', 'ports')).toMatchObject({ strategy: 'merge', mergeKey: 'containerPort' });
    expect(lookupPatchMeta('Container', 'volumeMounts')).toMatchObject({ strategy: 'merge', mergeKey: 'mountPath' });
    expect(lookupPatchMeta('ServiceSpec', 'ports')).toMatchObject({ strategy: 'merge', mergeKey: 'port' });
    expect(lookupPatchMeta('ObjectMeta', 'finalizers')).toEqual({ strategy: 'merge', mergeKey: undefined, type: undefined });
  });

  it('has no strategy for atomic lists such as args, tolerations and Endpoints subsets', () => {
    expect(lookupPatchMeta('Container', 'args')).toEqual({});
    expect(lookupPatchMeta('PodSpec', 'tolerations')).toEqual({});
    expect(lookupPatchMeta('Endpoints', 'subsets')).toEqual({});
    expect(lookupPatchMeta(undefined, 'containers')).toEqual({});
  });
});
