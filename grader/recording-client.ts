// Wraps the grader's client for one evaluation round and remembers what each read saw (object versions, misses),
// so the engine can tell "the cluster is still moving" from "this failure is final". Reads only: grading never
// writes, and the write methods refuse so a check cannot change the learner's cluster by mistake.
import type { DeleteOptions, ListOptions, ObjectClient, PatchType, WatchOptions, WriteOptions } from '../sandbox/api/client';
import { isStatusError } from '../sandbox/api/errors';
import type { Resource, ResourceInfo } from '../sandbox/api/registry';
import type { Disposable, KubeList, KubeObject, Status, WatchEvent } from '../sandbox/api/types';

function version(o: KubeObject): string {
  return `${o.metadata.uid ?? o.metadata.name}@${o.metadata.resourceVersion ?? ''}`;
}

export class RecordingClient implements ObjectClient {
  private readonly seen = new Map<string, string>();

  constructor(private readonly inner: ObjectClient) {}

  /** What this round read, in a stable order: equal prints mean nothing read has changed. */
  fingerprint(): string {
    return [...this.seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('\n');
  }

  async get<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, name: string): Promise<T> {
    const key = `get ${res.plural}.${res.group} ${namespace ?? ''}/${name}`;
    try {
      const obj = await this.inner.get(res, namespace, name);
      this.seen.set(key, version(obj));
      return obj;
    } catch (e) {
      this.seen.set(key, isStatusError(e) ? `error ${e.code}` : 'error');
      throw e;
    }
  }

  async list<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>> {
    const list = await this.inner.list(res, namespace, opts);
    // Events churn in real clusters without meaning anything for a check: their count is enough.
    const items = res.kind === 'Event' ? [`${list.items.length} events`] : list.items.map(version).sort();
    this.seen.set(`list ${res.plural}.${res.group} ${namespace ?? '*'} ${opts?.labelSelector ?? ''} ${opts?.fieldSelector ?? ''}`, items.join(','));
    return list;
  }

  private refuse(): never {
    throw new Error('the grader only reads the cluster');
  }

  create(_res: ResourceInfo, _ns: string | undefined, _obj: KubeObject, _opts?: WriteOptions): Promise<KubeObject> {
    this.refuse();
  }

  update(_res: ResourceInfo, _ns: string | undefined, _obj: KubeObject, _opts?: WriteOptions): Promise<KubeObject> {
    this.refuse();
  }

  updateStatus(_res: ResourceInfo, _ns: string | undefined, _obj: KubeObject): Promise<KubeObject> {
    this.refuse();
  }

  patch(_res: ResourceInfo, _ns: string | undefined, _name: string, _type: PatchType, _patch: unknown, _opts?: WriteOptions): Promise<KubeObject> {
    this.refuse();
  }

  delete(_res: ResourceInfo, _ns: string | undefined, _name: string, _opts?: DeleteOptions): Promise<KubeObject | Status> {
    this.refuse();
  }

  watch<T extends KubeObject>(res: Resource<T>, namespace: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose?: (err?: Error) => void): Disposable {
    return this.inner.watch(res, namespace, opts, onEvent, onClose);
  }
}
