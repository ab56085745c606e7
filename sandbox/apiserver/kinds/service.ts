// Services: DNS-1035 names, ClusterIP by default; a Service that stops being a NodePort drops the node ports it no
// longer uses (the strategy's PrepareForUpdate).
import { defaultService } from '../admission/defaults';
import { dropTypeDependentFields, validateService, validateServiceUpdate } from '../admission/validate-service';
import { servicePrinter } from '../tables/networking';
import { resource, type KindRecord } from './kind';

export const service: KindRecord = {
  resource: resource('', 'v1', 'Service', 'services', true, ['svc'], { inAll: true, subresources: ['status', 'proxy'] }),
  defaults: defaultService,
  validate: { create: validateService, update: validateServiceUpdate },
  prepareForUpdate: (obj, old) => dropTypeDependentFields(obj.spec, old.spec),
  printer: servicePrinter,
  protobuf: 'Service',
};
