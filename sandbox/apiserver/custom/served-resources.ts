// The custom resources one cluster serves, kept in step with its CustomResourceDefinitions: every stored CRD's served
// versions become resources that discovery lists and the REST routes answer, the moment the CRD is written (store
// watches are synchronous, so `kubectl apply -f crd.yaml && kubectl get crontabs` never races). Deleting a CRD deletes
// its objects and stops serving it (the customresourcecleanup finalizer's work, done at once), so a later
// `kubectl get crontabs` is kube-apiserver's 404. A namespace that is gone takes its custom objects with it (the namespace
// controller knows only the built-in kinds). A CRD naming a resource the cluster already serves is never served.
import { keyPrefix, type ResourceInfo } from '../../api/registry';
import type { Disposable, KubeObject } from '../../api/types';
import type { Store, StoreEvent } from '../../store/store';
import { RESOURCES, registerCustomKind } from '../kinds/registry';
import { customKinds } from './custom-kind';
import type { Schema } from './structural-schema';

const CRD_PREFIX = '/apiextensions.k8s.io/customresourcedefinitions/';
const NAMESPACE_PREFIX = '/core/namespaces/';

/** What the API server's routes and discovery ask of the served custom resources. */
export interface CustomResourceTable {
  /** Served custom resources, one per served version, in CRD name order. */
  resources(): readonly ResourceInfo[];
  /** The openAPIV3Schema of a served custom resource. */
  schemaOf(res: ResourceInfo): Schema | undefined;
}

export class ServedCustomResources implements CustomResourceTable, Disposable {
  private readonly byCrd = new Map<string, ResourceInfo[]>();
  private list: ResourceInfo[] = [];
  private readonly schemas = new WeakMap<ResourceInfo, Schema>();
  private watches: Disposable[] = [];

  constructor(private readonly store: Store) {}

  /** Serves the CRDs stored now and follows every later change. */
  start(): this {
    const { items, revision } = this.store.list(CRD_PREFIX);
    for (const crd of items) this.serve(crd);
    this.rebuild();
    this.watches.push(this.store.watch(CRD_PREFIX, revision, (e) => this.observe(e)));
    this.watches.push(this.store.watch(NAMESPACE_PREFIX, this.store.revision, (e) => {
      if (e.type === 'DELETED') this.emptyNamespace(e.object.metadata.name!);
    }));
    return this;
  }

  resources(): readonly ResourceInfo[] {
    return this.list;
  }

  schemaOf(res: ResourceInfo): Schema | undefined {
    return this.schemas.get(res);
  }

  dispose(): void {
    for (const w of this.watches.splice(0)) w.dispose();
  }

  private observe(e: StoreEvent): void {
    const name = e.object.metadata.name!;
    if (e.type === 'DELETED') {
      const gone = this.byCrd.get(name) ?? [];
      this.byCrd.delete(name);
      this.rebuild();
      if (gone.length) this.deleteObjects(gone[0]);
      return;
    }
    this.serve(e.object);
    this.rebuild();
  }

  private serve(crd: KubeObject): void {
    // Built-in objects live at /<group>/<plural>/ whatever their version: a CRD may never share that place.
    const builtIn = (r: ResourceInfo) => RESOURCES.some((b) => b.group === r.group && b.plural === r.plural);
    const kinds = customKinds(crd).filter(({ record }) => !builtIn(record.resource));
    for (const { record, schema } of kinds) {
      registerCustomKind(record);
      this.schemas.set(record.resource, schema);
    }
    if (kinds.length) this.byCrd.set(crd.metadata.name!, kinds.map((k) => k.record.resource));
    else this.byCrd.delete(crd.metadata.name!);
  }

  private rebuild(): void {
    this.list = [...this.byCrd.keys()].sort().flatMap((k) => this.byCrd.get(k)!);
  }

  private emptyNamespace(namespace: string): void {
    const prefixes = new Set(this.list.filter((r) => r.namespaced).map((r) => keyPrefix(r, namespace)));
    for (const prefix of prefixes) {
      for (const obj of this.store.list(prefix).items) this.store.delete(`${prefix}${obj.metadata.name}`);
    }
  }

  /** Every object of the resource, in every namespace (all versions share one place in the store). */
  private deleteObjects(res: ResourceInfo): void {
    const prefix = keyPrefix({ ...res, namespaced: false });
    for (const obj of this.store.list(prefix).items) {
      const m = obj.metadata;
      const key = res.namespaced ? `${prefix}${m.namespace}/${m.name}` : `${prefix}${m.name}`;
      if (this.store.get(key)) this.store.delete(key);
    }
  }
}
