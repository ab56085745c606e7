// Tables for networking.k8s.io/v1 Ingress, which `kubectl create ingress` sends as protobuf. Field numbers and
// JSON names from k8s.io/api networking/v1 generated.proto and types.go (v0.33); notation in ../schema.ts.
import type { MessageTable } from '../schema';

export const NETWORKING: Record<string, MessageTable> = {
  Ingress: { 1: 'metadata: ObjectMeta', 2: 'spec: IngressSpec', 3: 'status: IngressStatus' },
  IngressSpec: { 1: 'defaultBackend: IngressBackend', 2: 'tls: []IngressTLS', 3: 'rules: []IngressRule', 4: '*ingressClassName: string' },
  IngressRule: { 1: 'host: string', 2: '...IngressRuleValue' },
  IngressRuleValue: { 1: 'http: HTTPIngressRuleValue' },
  HTTPIngressRuleValue: { 1: 'paths: []HTTPIngressPath' },
  HTTPIngressPath: { 1: 'path: string', 2: 'backend: IngressBackend', 3: '*pathType: string' },
  IngressTLS: { 1: 'hosts: []string', 2: 'secretName: string' },
  IngressBackend: { 3: 'resource: TypedLocalObjectReference', 4: 'service: IngressServiceBackend' },
  IngressServiceBackend: { 1: '*name: string', 2: 'port: ServiceBackendPort' },
  ServiceBackendPort: { 1: 'name: string', 2: 'number: int32' },
  // Statuses: kubectl never sends one (the server computes them), so they decode to {}.
  IngressStatus: {},
};
