// The ServiceAccount controller (pkg/controller/serviceaccount): every active namespace has a ServiceAccount named
// `default`, made again when it is deleted, which pods run as when they name none.
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import type { Controller, WatchSpec } from '../controller-runtime/controller';

const nsRes = findKind('Namespace')!;
const saRes = findKind('ServiceAccount')!;
export const DEFAULT_SERVICE_ACCOUNT = 'default';

export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount';
  readonly watches: WatchSpec[] = [
    { res: nsRes, toKeys: (e) => (e.type === 'DELETED' ? [] : [String(e.object.metadata.name)]) },
    { res: saRes, toKeys: (e) => (e.type === 'DELETED' && e.object.metadata.name === DEFAULT_SERVICE_ACCOUNT ? [String(e.object.metadata.namespace)] : []) },
  ];

  constructor(private readonly api: ObjectApi) {}

  reconcile(namespace: string): void {
    const ns = this.api.tryGet(nsRes, undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (this.api.tryGet(saRes, namespace, DEFAULT_SERVICE_ACCOUNT)) return;
    try {
      this.api.create(saRes, namespace, { metadata: { name: DEFAULT_SERVICE_ACCOUNT } });
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
  }
}
