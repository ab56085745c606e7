// EndpointSlices: the newer form of Endpoints, validated alike.
import { defaultPorts } from '../admission/defaults';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../admission/validate-endpoints';
import { endpointSlicePrinter } from '../tables/networking';
import { resource, type KindRecord } from './kind';

export const endpointSlice: KindRecord = {
  resource: resource('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  tracksGeneration: false,
  defaults: (es) => defaultPorts(es.ports),
  validate: { create: validateEndpointSlice, update: validateEndpointSliceUpdate },
  printer: endpointSlicePrinter,
};
