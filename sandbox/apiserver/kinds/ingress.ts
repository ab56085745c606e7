// Ingresses: host and path rules to Services.
import { validateIngressCreate, validateIngressUpdate } from '../admission/validate-networking';
import { ingressPrinter } from '../tables/networking';
import { resource, type KindRecord } from './kind';

export const ingress: KindRecord = {
  resource: resource('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], { subresources: ['status'] }),
  validate: { create: validateIngressCreate, update: validateIngressUpdate },
  printer: ingressPrinter,
  protobuf: 'Ingress',
};
