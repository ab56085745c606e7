// What an admission plugin is (k8s.io/apiserver/pkg/admission/interfaces.go): the request a plugin sees and the two
// phases it may take part in. ObjectApi runs the plugins on every write; the plugins in this folder implement it.
// Apart from object-api.ts so that a plugin depends on this contract, not on the whole generic registry.
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { KindObjects } from '../../api/objects';
import type { ObjectApi } from '../object-api';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: Operation;
  res: ResourceInfo;
  /** The object being written (mutable: mutating plugins change it in place). */
  obj: KubeObject;
  old?: KubeObject;
  dryRun: boolean;
  /** Warnings a plugin adds for the client (kubectl prints them as `Warning: …`). */
  warnings?: string[];
}

/**
 * The request's objects as their kind's type, when the request is about that kind. Validating plugins (`admit`) run
 * after defaulting and validation, so by then `obj` (and the stored `old`) are well-formed objects of `req.res`'s kind;
 * a mutating plugin (`mutate`) sees the defaulted body before validation and must not rely on this.
 */
export function admittedAs<K extends keyof KindObjects>(req: AdmissionRequest, kind: K): { obj: KindObjects[K]; old?: KindObjects[K] } | undefined {
  if (req.res.kind !== kind) return undefined;
  return { obj: req.obj as KindObjects[K], old: req.old as KindObjects[K] | undefined };
}

/**
 * A built-in admission plugin. As in kube-apiserver, mutating plugins run on the defaulted object before the kind's
 * validation (LimitRanger's defaults are then checked like the user's own values), validating plugins after it;
 * either throws a StatusError to refuse the write.
 */
export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating admission: changes `obj` in place (CREATE and UPDATE only). */
  mutate?(req: AdmissionRequest, api: ObjectApi): void;
  /** Validating admission (and the older plugins that mutate what validation already accepted). */
  admit(req: AdmissionRequest, api: ObjectApi): void;
}
