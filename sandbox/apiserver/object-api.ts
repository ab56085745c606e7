// The generic object API over the store: create/get/list/update/patch/delete/watch with the semantics of
// kube-apiserver's generic registry — metadata (uid, generateName, generation, timestamps), defaulting, validation,
// admission plugins, optimistic concurrency, finalizers and graceful deletion. HTTP routes and in-process callers
// (controllers, kubelets, web app) both go through here, so every write obeys the same rules. What an admission
// plugin sees is plugins/admission.ts; how a watch is filtered, object-watch.ts.
import { randomUUID } from 'node:crypto';
import { objectKey, keyPrefix, apiVersionOf, type Resource, type ResourceInfo } from '../api/registry';
import { findKind, kindOf } from './kinds/registry';
import type { DeleteOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from '../api/client';
import type { Disposable, KubeList, KubeObject, WatchEvent } from '../api/types';
import {
  alreadyExists, badRequest, conflict, forbidden, invalid, notFound, type FieldError,
} from '../api/errors';
import { KeyExistsError, KeyNotFoundError, RevisionConflictError, type Store } from '../store/store';
import { rfc3339, type Clock } from '../util/clock';
import { randomSuffix } from '../util/names';
import { applyDefaults, hasStatusSubresource, initialStatus, tracksGeneration, validateCreate, validateStatusUpdate, validateUpdate } from './kinds/strategy';
import { applyPatch } from './patch';
import { parseFieldSelector } from '../lib/field-selector';
import { parseLabelSelector } from '../lib/label-selector-parser';
import { deepEqual } from '../util/deep-equal';
import { strictDecodingError, strictPatchError, unknownFields } from './openapi';
import { decodeError, decodeTypeError } from './openapi/type-errors';
import { appliedObject, recordUpdate, type TrackedWriteOptions } from './apply/field-manager';
import type { AdmissionPlugin, AdmissionRequest } from './plugins/admission';
import { watchObjects } from './object-watch';

const MODIFIED_MSG = 'the object has been modified; please apply your changes to the latest version and try again';

export class ObjectApi {
  constructor(
    readonly store: Store,
    private readonly clock: Clock,
    private readonly plugins: AdmissionPlugin[] = [],
  ) {}

  now(): string {
    return rfc3339(this.clock.now());
  }

  private key(res: ResourceInfo, namespace: string | undefined, name: string): string {
    return objectKey(res, res.namespaced ? namespace ?? 'default' : undefined, name);
  }

  // Reads and writes are typed by the resource: the store holds only objects that passed this kind's validation, so
  // what comes back from a Resource<Pod> is a Pod (the casts below are that promise, made in this one place).
  get<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string): T {
    const obj = this.store.get(this.key(res, namespace, name));
    if (!obj) throw notFound(res.group, res.plural, name);
    return obj as T;
  }

  tryGet<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string): T | undefined {
    return this.store.get(this.key(res, namespace, name)) as T | undefined;
  }

  list<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, opts: ListOptions = {}): KubeList<T> {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, res.kind);
    const { items, revision } = this.store.list(keyPrefix(res, res.namespaced ? namespace : undefined));
    return {
      apiVersion: apiVersionOf(res),
      kind: `${res.kind}List`,
      metadata: { resourceVersion: String(revision) },
      items: items.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o)) as T[],
    };
  }

  /**
   * The unfiltered list as JSON text in pieces — head, each object's stored text, tail — built without parsing (the
   * common `kubectl get -o json`); the caller writes them out without joining them into one large string.
   */
  listJson(res: ResourceInfo, namespace: string | undefined): string[] {
    const { items, revision } = this.store.listJson(keyPrefix(res, res.namespaced ? namespace : undefined));
    const head = JSON.stringify({ apiVersion: apiVersionOf(res), kind: `${res.kind}List`, metadata: { resourceVersion: String(revision) } });
    const pieces = [`${head.slice(0, -1)},"items":[`];
    items.forEach((item, i) => pieces.push(i ? `,${item}` : item));
    pieces.push(']}');
    return pieces;
  }

  private checkType(res: ResourceInfo, obj: KubeObject): void {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest('the body of the request is not a JSON object');
    const apiVersion = apiVersionOf(res);
    if (obj.apiVersion === undefined) obj.apiVersion = apiVersion;
    if (obj.kind === undefined) obj.kind = res.kind;
    if (obj.kind !== res.kind || obj.apiVersion !== apiVersion) {
      const known = findKind(String(obj.kind));
      throw badRequest(
        known
          ? `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`
          : `no kind "${obj.kind}" is registered for version "${obj.apiVersion}"`,
      );
    }
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  }

  private checkNamespace(res: ResourceInfo, obj: KubeObject, namespace: string | undefined, creating: boolean): string | undefined {
    if (!res.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const ns = namespace ?? obj.metadata.namespace ?? 'default';
    if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
    if (creating) {
      const nsObj = this.store.get(`/core/namespaces/${ns}`);
      if (!nsObj) throw notFound('', 'namespaces', ns);
      if (nsObj.metadata.deletionTimestamp && !kindOf(res).createdInTerminatingNamespace) {
        throw forbidden(res.group, res.plural, obj.metadata.name ?? '', `unable to create new content in namespace ${ns} because it is being terminated`);
      }
    }
    return ns;
  }

  /**
   * fieldValidation: unknown fields fail the request (Strict), become warnings (Warn) or pass (Ignore, the in-process
   * default). A patch reports against its own body, as kube-apiserver does (422 on `patch`), a full object with 400.
   */
  private checkFields(res: ResourceInfo, obj: KubeObject, opts: WriteOptions, patchBody?: unknown): void {
    // A body from a client (fieldValidation set) with a field of the wrong JSON type never decodes, in any mode.
    const typeError = patchBody === undefined && opts.fieldValidation !== undefined ? decodeTypeError(apiVersionOf(res), res.kind, obj) : undefined;
    if (typeError) throw decodeError(apiVersionOf(res), res.kind, typeError);
    const mode = opts.fieldValidation ?? 'Ignore';
    if (mode === 'Ignore') return;
    const unknown = kindOf(res).unknownFields?.(obj) ?? unknownFields(apiVersionOf(res), res.kind, obj);
    if (!unknown.length) return;
    if (mode === 'Strict') {
      throw patchBody !== undefined ? strictPatchError(patchBody, unknown) : strictDecodingError(apiVersionOf(res), res.kind, unknown);
    }
    opts.warnings = [...(opts.warnings ?? []), ...unknown.map((f) => `unknown field "${f}"`)];
  }

  private runPlugins(req: AdmissionRequest, opts?: WriteOptions, phase: 'mutate' | 'admit' = 'admit'): void {
    const warnings: string[] = [];
    for (const p of this.plugins) {
      if (phase === 'mutate') p.mutate?.({ ...req, warnings }, this);
      else p.admit({ ...req, warnings }, this);
    }
    if (opts && warnings.length) opts.warnings = [...(opts.warnings ?? []), ...warnings];
  }

  private fail(res: ResourceInfo, obj: KubeObject, errors: FieldError[]): void {
    if (errors.length) throw invalid(res.group, res.kind, obj.metadata.name ?? '', errors);
  }

  create<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, input: NoInfer<T>, opts: TrackedWriteOptions = {}): T {
    const obj = structuredClone(input);
    this.checkType(res, obj);
    this.checkFields(res, obj, opts);
    const meta = obj.metadata;
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) {
      throw invalid(res.group, res.kind, '', [
        { field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' },
      ]);
    }
    const ns = this.checkNamespace(res, obj, namespace, true);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.now();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (!opts.applied) delete meta.managedFields;
    if (tracksGeneration(res)) meta.generation = 1;
    else delete meta.generation;
    applyDefaults(res, obj);
    // Owned by the writer: what it sent and the defaults; not what mutating admission adds (as kube-apiserver).
    recordUpdate(res, undefined, obj, opts, this.now());
    this.runPlugins({ operation: 'CREATE', res, obj, dryRun: !!opts.dryRun }, opts, 'mutate');
    const status = initialStatus(res, obj);
    if (status === undefined) delete obj.status;
    else obj.status = status;
    this.fail(res, obj, validateCreate(res, obj));
    this.runPlugins({ operation: 'CREATE', res, obj, dryRun: !!opts.dryRun }, opts);
    if (opts.dryRun) return obj;
    try {
      return this.store.create(this.key(res, ns, meta.name), obj) as T;
    } catch (e) {
      if (e instanceof KeyExistsError) throw alreadyExists(res.group, res.plural, meta.name);
      throw e;
    }
  }

  update<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string | undefined, input: NoInfer<T>, opts: TrackedWriteOptions = {}): T {
    const obj = structuredClone(input);
    this.checkType(res, obj);
    this.checkFields(res, obj, opts);
    name ??= obj.metadata.name;
    if (!name) throw badRequest('name is required');
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const ns = this.checkNamespace(res, obj, namespace, false);
    const old = this.get(res, ns, name);
    const expected = this.expectedRevision(res, obj, old);
    const meta = obj.metadata;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (hasStatusSubresource(res)) obj.status = old.status;
    applyDefaults(res, obj);
    // Owned by the writer: what it sent and the defaults; not what mutating admission adds (as kube-apiserver).
    recordUpdate(res, old, obj, opts, this.now());
    this.runPlugins({ operation: 'UPDATE', res, obj, old, dryRun: !!opts.dryRun }, opts, 'mutate');
    this.fail(res, obj, validateUpdate(res, obj, old));
    this.runPlugins({ operation: 'UPDATE', res, obj, old, dryRun: !!opts.dryRun }, opts);
    if (tracksGeneration(res)) {
      meta.generation = (old.metadata.generation ?? 1) + (deepEqual(obj.spec, old.spec) ? 0 : 1);
    }
    return this.commitUpdate(res, ns, old, obj, expected, !!opts.dryRun);
  }

  /** Writes status only: spec and metadata come from the stored object (the /status subresource). */
  updateStatus<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string | undefined, input: NoInfer<T>, opts: WriteOptions = {}): T {
    name ??= input.metadata?.name;
    if (!name) throw badRequest('name is required');
    const old = this.get(res, namespace, name);
    const obj = structuredClone(old);
    obj.status = structuredClone(input.status);
    const expected = this.expectedRevision(res, input, old);
    this.fail(res, obj, validateStatusUpdate(res, obj, old));
    return this.commitUpdate(res, namespace, old, obj, expected, !!opts.dryRun);
  }

  private expectedRevision(res: ResourceInfo, obj: KubeObject, old: KubeObject): number | undefined {
    const rv = obj.metadata?.resourceVersion;
    if (rv === undefined || rv === '') return undefined;
    if (rv !== old.metadata.resourceVersion) throw conflict(res.group, res.plural, old.metadata.name!, MODIFIED_MSG);
    return Number(rv);
  }

  private commitUpdate<T extends KubeObject>(res: ResourceInfo, ns: string | undefined, old: T, obj: T, expected: number | undefined, dryRun: boolean): T {
    obj.metadata.resourceVersion = old.metadata.resourceVersion;
    // A no-op update writes nothing, so watchers see no event and resourceVersion does not move (as kube-apiserver).
    if (deepEqual(obj, old)) return old;
    if (dryRun) return obj;
    if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length && !kindOf(res).deletion?.holds?.(obj)) {
      return this.store.delete(this.key(res, ns, obj.metadata.name!)) as T;
    }
    try {
      return this.store.update(this.key(res, ns, obj.metadata.name!), obj, expected) as T;
    } catch (e) {
      if (e instanceof RevisionConflictError) throw conflict(res.group, res.plural, obj.metadata.name!, MODIFIED_MSG);
      if (e instanceof KeyNotFoundError) throw notFound(res.group, res.plural, obj.metadata.name!);
      throw e;
    }
  }

  patch<T extends KubeObject>(
    res: Resource<T>, namespace: string | undefined, name: string, type: PatchType, body: unknown,
    opts: WriteOptions & { subresource?: 'status' } = {},
  ): T {
    const old = this.get(res, namespace, name);
    const patched = applyPatch(old, body, type, res.kind) as T;
    if (patched?.metadata?.resourceVersion === undefined) patched.metadata = { ...patched.metadata, resourceVersion: old.metadata.resourceVersion };
    if (opts.subresource === 'status') return this.updateStatus(res, namespace, name, patched, opts);
    this.checkType(res, patched);
    this.checkFields(res, patched, opts, body);
    const checked: WriteOptions = { ...opts, fieldValidation: 'Ignore' };
    const out = this.update(res, namespace, name, patched, checked);
    opts.warnings = checked.warnings;
    return out;
  }

  /** Server-side apply (apply/apply-patch.ts): merges `body` into the stored object, or creates it, then writes it. */
  apply<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string, body: unknown, opts: TrackedWriteOptions = {}): T {
    const live = this.tryGet(res, namespace, name);
    const merged = appliedObject(res, live, body, opts, this.now()) as T;
    this.checkType(res, merged);
    if ((merged.metadata.name ??= name) !== name) throw badRequest(`the name of the object (${merged.metadata.name}) does not match the name on the URL (${name})`);
    const write = { ...opts, applied: true };
    const out = live ? this.update(res, namespace, name, merged, write) : this.create(res, namespace, merged, write);
    opts.warnings = write.warnings;
    return out;
  }

  delete<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const old = this.get(res, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(res.group, res.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(res.group, res.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    const deletion = kindOf(res).deletion;
    const refused = deletion?.refuse?.(name);
    if (refused) throw forbidden(res.group, res.plural, name, refused);
    this.runPlugins({ operation: 'DELETE', res, obj: old, old, dryRun: !!opts.dryRun });
    if (opts.dryRun) return old;
    const obj = structuredClone(old);
    const meta = obj.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    // The kind's own deletion: a graceful pod's grace period, a namespace turning Terminating.
    const held = deletion?.begin?.(obj, opts.gracePeriodSeconds, this.clock.now()) ?? false;
    if (finalizers.size || held) {
      meta.finalizers = [...finalizers];
      if (!meta.finalizers.length) delete meta.finalizers;
      meta.deletionTimestamp ??= this.now();
      if (deepEqual(obj, old)) return old;
      return this.store.update(this.key(res, namespace, name), obj) as T;
    }
    return this.store.delete(this.key(res, namespace, name)) as T;
  }

  /**
   * Binds a pending pod to a node (the pods/binding subresource the scheduler uses): the one way spec.nodeName is set
   * after creation, since pod updates may not change it. Also marks PodScheduled True.
   */
  bind(namespace: string, name: string, nodeName: string): KubeObject {
    const res = findKind('Pod')!;
    const pod = this.get(res, namespace, name);
    if (pod.spec?.nodeName) throw conflict('', 'pods', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw conflict('', 'pods', name, 'pod is being deleted, cannot be assigned to a host');
    const next = structuredClone(pod);
    next.spec!.nodeName = nodeName;
    const conditions = (next.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.now() });
    next.status = { ...(next.status ?? {}), conditions };
    return this.store.update(this.key(res, namespace, name), next, Number(pod.metadata.resourceVersion));
  }

  /** Removes the `kubernetes` finalizer of a terminating namespace, deleting it (the namespace controller's last step). */
  finalizeNamespace(name: string): void {
    const res = findKind('Namespace')!;
    const ns = this.tryGet(res, undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    if (ns.metadata.finalizers?.length) {
      const obj = structuredClone(ns);
      obj.spec = { ...(obj.spec ?? {}), finalizers: [] };
      this.store.update(this.key(res, undefined, name), obj);
      return;
    }
    this.store.delete(this.key(res, undefined, name));
  }

  /** Watches objects of a resource, selectors seeing transitions (object-watch.ts). */
  watch<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void): Disposable {
    return watchObjects(this.store, res, namespace, opts, onEvent);
  }
}
