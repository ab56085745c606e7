// Endpoints: the addresses behind a Service (written by the endpoints controller, or by hand for a Service without
// a selector — never loopback, link-local or the Service range).
import { fieldOf, itemsOf } from '../../api/unchecked';
import { defaultPorts } from '../admission/defaults';
import { validateEndpoints, validateEndpointsUpdate } from '../admission/validate-endpoints';
import { endpointsPrinter } from '../tables/networking';
import { resource, type KindRecord } from './kind';

export const endpoints: KindRecord = {
  resource: resource('', 'v1', 'Endpoints', 'endpoints', true, ['ep']),
  tracksGeneration: false,
  defaults: (ep) => itemsOf(ep.subsets).forEach((s) => defaultPorts(fieldOf(s, 'ports'))),
  validate: { create: validateEndpoints, update: validateEndpointsUpdate },
  printer: endpointsPrinter,
};
