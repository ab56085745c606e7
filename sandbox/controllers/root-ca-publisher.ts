// The root CA publisher (pkg/controller/certificates/rootcacertpublisher): every active namespace has a ConfigMap
// `kube-root-ca.crt` whose `ca.crt` is the certificate pods trust when they call the API server (the projected
// kube-api-access volume mounts it). Changed or deleted, it is put back.
import { findKind } from '../apiserver/kinds/registry';
import type { ObjectApi } from '../apiserver/object-api';
import type { Controller, WatchSpec } from '../controller-runtime/controller';

const nsRes = findKind('Namespace')!;
const cmRes = findKind('ConfigMap')!;
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION = 'kubernetes.io/description';
const DESCRIPTION_TEXT = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class RootCAPublisher implements Controller {
  readonly name = 'root-ca-cert-publisher';
  readonly watches: WatchSpec[] = [
    { res: nsRes, toKeys: (e) => (e.type === 'DELETED' ? [] : [String(e.object.metadata.name)]) },
    { res: cmRes, toKeys: (e) => (e.object.metadata.name === ROOT_CA_CONFIGMAP ? [String(e.object.metadata.namespace)] : []) },
  ];

  /** `caCert`: PEM of the certificate authority behind the API server's serving certificate. */
  constructor(private readonly api: ObjectApi, private readonly caCert: string) {}

  reconcile(namespace: string): void {
    const ns = this.api.tryGet(nsRes, undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    const data = { 'ca.crt': this.caCert };
    const cm = this.api.tryGet(cmRes, namespace, ROOT_CA_CONFIGMAP);
    if (!cm) {
      try {
        this.api.create(cmRes, namespace, { metadata: { name: ROOT_CA_CONFIGMAP, annotations: { [DESCRIPTION]: DESCRIPTION_TEXT } }, data });
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
      }
      return;
    }
    if (cm.data?.['ca.crt'] === this.caCert && Object.keys(cm.data).length === 1 && !cm.binaryData) return;
    this.api.update(cmRes, namespace, ROOT_CA_CONFIGMAP, { ...cm, data, binaryData: undefined, metadata: { ...cm.metadata, annotations: { ...(cm.metadata.annotations ?? {}), [DESCRIPTION]: DESCRIPTION_TEXT } } });
  }
}
