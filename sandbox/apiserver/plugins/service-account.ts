// The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount): a new pod runs as the ServiceAccount it
// names (`default` when it names none), which must exist, and — unless the pod or its ServiceAccount sets
// automountServiceAccountToken: false — gets the projected volume kube-api-access-xxxxx (a token for its
// ServiceAccount, the cluster's CA as ca.crt, its namespace) mounted read-only at
// /var/run/secrets/kubernetes.io/serviceaccount in every container that has nothing mounted there already.
// Deviation: kube-apiserver waits up to a second for the `default` ServiceAccount of a new namespace; here the
// ServiceAccount controller makes it a moment later in the same process, so a missing `default` is not refused.
import { forbidden } from '../../api/errors';
import type { Container, Pod, ServiceAccount, Volume } from '../../api/objects';
import { randomSuffix } from '../../util/names';
import { findKind } from '../kinds/registry';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';
import { WARN_ONLY_EXPIRATION_SECONDS } from '../auth/service-account-tokens';

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const saRes = findKind('ServiceAccount')!;

/** The projected source the plugin mounts (TokenVolumeSource). */
export function tokenVolumeSource(): NonNullable<Volume['projected']> {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { expirationSeconds: WARN_ONLY_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/** The pod's own choice wins, then its ServiceAccount's, else true. */
function shouldAutomount(sa: ServiceAccount | undefined, pod: Pod): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === 'boolean') return pod.spec.automountServiceAccountToken;
  if (typeof sa?.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

function mountToken(pod: Pod): void {
  const spec = pod.spec!;
  const volumes: Volume[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing = volumes.find((v) => typeof v?.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name = existing?.name ?? `${TOKEN_VOLUME_PREFIX}${randomSuffix()}`;
  let needed = false;
  const containers: Pick<Container, 'volumeMounts'>[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  {
    for (const c of containers) {
      const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      if (mounts.some((m) => m?.mountPath === TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
      needed = true;
    }
  }
  if (!existing && needed) spec.volumes = [...volumes, { name, projected: tokenVolumeSource() }];
}

export const serviceAccountAdmission: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit(req: AdmissionRequest, api: ObjectApi): void {
    if (req.operation !== 'CREATE' || req.res.kind !== 'Pod') return;
    const pod = admittedAs(req, 'Pod')?.obj;
    if (!pod?.spec || typeof pod.spec !== 'object' || pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return;
    if (!pod.spec.serviceAccountName) pod.spec.serviceAccountName = 'default';
    const name = String(pod.spec.serviceAccountName);
    const ns = String(pod.metadata.namespace ?? 'default');
    const sa = api.tryGet(saRes, ns, name);
    if (!sa && name !== 'default') {
      throw forbidden('', 'pods', String(pod.metadata.generateName || pod.metadata.name || ''), `error looking up service account ${ns}/${name}: serviceaccount ${JSON.stringify(name)} not found`);
    }
    if (shouldAutomount(sa, pod)) mountToken(pod);
    if (sa && !pod.spec.imagePullSecrets?.length && Array.isArray(sa.imagePullSecrets) && sa.imagePullSecrets.length) {
      pod.spec.imagePullSecrets = sa.imagePullSecrets.map((s) => ({ name: s?.name }));
    }
  },
};
