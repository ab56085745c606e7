// IngressClasses: which controller serves an Ingress.
import { validateIngressClassCreate, validateIngressClassUpdate } from '../admission/validate-networking';
import { ingressClassPrinter } from '../tables/networking';
import { resource, type KindRecord } from './kind';

export const ingressClass: KindRecord = {
  resource: resource('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  validate: { create: validateIngressClassCreate, update: validateIngressClassUpdate },
  printer: ingressClassPrinter,
};
