// Every message table in one map, and the kinds not served here that may still arrive at the top of a protobuf
// request body. The kinds are what kubectl 1.32 and 1.33 were measured sending as protobuf (docs/PROTOBUF.md); any
// other kind is answered with a 415 that names it.
import type { MessageTable } from '../schema';
import { ACCESS } from './access';
import { AUTOSCALING_POLICY } from './autoscaling-policy';
import { CORE } from './core';
import { META } from './meta';
import { NETWORKING } from './networking';
import { POD } from './pod';
import { VOLUMES } from './volumes';
import { WORKLOADS } from './workloads';

export const MESSAGES: Readonly<Record<string, MessageTable>> = {
  ...META,
  ...CORE,
  ...POD,
  ...VOLUMES,
  ...WORKLOADS,
  ...NETWORKING,
  ...ACCESS,
  ...AUTOSCALING_POLICY,
};

/**
 * `apiVersion kind` → the table of the object's body, for the kinds kubectl sends as protobuf that this cluster
 * does not serve (yet): decoded, so the answer is the real "not found" rather than a 415. Served kinds name their
 * table in their kind record (../../kinds).
 */
export const UNSERVED_PROTOBUF_ROOTS: Readonly<Record<string, string>> = {
  'authentication.k8s.io/v1 TokenRequest': 'TokenRequest',
  'certificates.k8s.io/v1 CertificateSigningRequest': 'CertificateSigningRequest',
};

/** Kinds registered in every group version (client-go stamps DeleteOptions with the resource's own apiVersion). */
export const ANY_VERSION_KINDS: Readonly<Record<string, string>> = {
  DeleteOptions: 'DeleteOptions',
};
