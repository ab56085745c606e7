// Namespaces: DNS-label names, Active until deleted, then Terminating while the namespace controller empties
// them (spec.finalizers hold them); default, kube-system and kube-public may not be deleted (NamespaceLifecycle).
import type { Namespace } from '../../api/objects';
import { objectOf } from '../../api/unchecked';
import { rfc3339 } from '../../util/clock';
import { defaultNamespace } from '../admission/defaults';
import { validateNamespace, validateNamespaceStatus } from '../admission/validate-core';
import { validateObjectMetaUpdate } from '../admission/validate-meta';
import { namespacePrinter } from '../tables/cluster';
import { resource, type KindRecord } from './kind';

/** Namespaces kube-apiserver refuses to delete. */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);
/** The namespace controller has not finished emptying it. */
const held = (ns: Namespace) => !!ns.spec?.finalizers?.length;

export const namespace: KindRecord = {
  resource: resource('', 'v1', 'Namespace', 'namespaces', false, ['ns'], { subresources: ['status', 'finalize'] }),
  tracksGeneration: false,
  defaults: defaultNamespace,
  initialStatus: () => ({ phase: 'Active' }),
  validate: {
    create: validateNamespace,
    update: (ns, old) => validateObjectMetaUpdate(ns.metadata, old.metadata),
    status: validateNamespaceStatus,
  },
  // spec.finalizers change only through /finalize.
  prepareForUpdate: (obj, old: Namespace) => {
    if (old.spec) obj.spec = { ...objectOf(obj.spec ?? {}), finalizers: old.spec.finalizers };
  },
  deletion: {
    refuse: (name) => (IMMORTAL.has(name) ? 'this namespace may not be deleted' : undefined),
    begin: (obj: Namespace, _grace, now) => {
      obj.metadata.deletionTimestamp ??= rfc3339(now);
      obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
      return held(obj);
    },
    holds: held,
  },
  printer: namespacePrinter,
  protobuf: 'Namespace',
};
