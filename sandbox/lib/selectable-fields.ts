// The fields `?fieldSelector=` may name, per kind, as kube-apiserver's scheme registers them (the field label
// conversion functions of pkg/apis/*/v1/conversion.go, their renames and error wording) and as each kind's registry
// strategy reads them from an object. Kinds without an entry select on metadata.name and metadata.namespace. Pure.
import type { KubeObject } from '../api/types';
import type { Event, Job, Namespace, Node, Pod, Secret, Service } from '../api/objects';
import { goQuote } from './go-quote';

export interface FieldRules {
  /** Field labels the scheme's conversion function accepts (renames map old labels to new ones). */
  accept: readonly string[];
  renames?: Record<string, string>;
  error: (label: string) => string;
  /** The selectable fields of an object of the rule's kind (each rule below takes its own kind's type). */
  fields(o: KubeObject): Record<string, string>;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const notSupported = (label: string) => `field label not supported: ${label}`;

function metaFields(o: KubeObject, namespaced = true): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': str(o.metadata?.name) };
  if (namespaced) f['metadata.namespace'] = str(o.metadata?.namespace);
  return f;
}

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;

const DEFAULT_RULES: FieldRules = {
  accept: ['metadata.name', 'metadata.namespace'],
  error: (label) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  fields: (o) => metaFields(o),
};

// Per kind, what kube-apiserver's scheme registers (pkg/apis/*/v1/conversion.go) and selects (registry strategies).
const FIELD_RULES: Record<string, FieldRules> = {
  Pod: {
    accept: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
    renames: { 'spec.host': 'spec.nodeName' },
    error: notSupported,
    fields: (o: Pod) => ({
      ...metaFields(o),
      'spec.nodeName': str(o.spec?.nodeName),
      'spec.restartPolicy': str(o.spec?.restartPolicy),
      'spec.schedulerName': str(o.spec?.schedulerName),
      'spec.serviceAccountName': str(o.spec?.serviceAccountName),
      'spec.hostNetwork': String(o.spec?.hostNetwork === true),
      'status.phase': str(o.status?.phase),
      'status.podIP': str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
      'status.nominatedNodeName': str(o.status?.nominatedNodeName),
    }),
  },
  Node: {
    accept: ['metadata.name', 'spec.unschedulable'],
    error: notSupported,
    fields: (o: Node) => ({ ...metaFields(o, false), 'spec.unschedulable': String(o.spec?.unschedulable === true) }),
  },
  Namespace: {
    accept: ['metadata.name', 'status.phase'],
    error: notSupported,
    fields: (o: Namespace) => ({ ...metaFields(o, false), 'status.phase': str(o.status?.phase) }),
  },
  Secret: {
    accept: ['metadata.name', 'metadata.namespace', 'type'],
    error: notSupported,
    fields: (o: Secret) => ({ ...metaFields(o), type: str(o.type) }),
  },
  Service: {
    accept: ['metadata.name', 'metadata.namespace', 'spec.clusterIP', 'spec.type'],
    error: notSupported,
    fields: (o: Service) => ({ ...metaFields(o), 'spec.clusterIP': str(o.spec?.clusterIP), 'spec.type': str(o.spec?.type) }),
  },
  Event: {
    accept: ['metadata.name', 'metadata.namespace', ...INVOLVED.map((k) => `involvedObject.${k}`), 'reason', 'reportingComponent', 'source', 'type'],
    error: notSupported,
    fields: (o: Event) => ({
      ...metaFields(o),
      ...Object.fromEntries(INVOLVED.map((k) => [`involvedObject.${k}`, str(o.involvedObject?.[k])])),
      reason: str(o.reason),
      reportingComponent: str(o.reportingComponent),
      source: str(o.source?.component || o.reportingComponent),
      type: str(o.type),
    }),
  },
  Job: {
    accept: ['metadata.name', 'metadata.namespace', 'status.successful'],
    error: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
    fields: (o: Job) => ({ ...metaFields(o), 'status.successful': String(o.status?.succeeded ?? 0) }),
  },
};

/** The field rules kube-apiserver applies to a kind's field selectors. */
export function fieldRulesFor(kind: string): FieldRules {
  return FIELD_RULES[kind] ?? DEFAULT_RULES;
}
