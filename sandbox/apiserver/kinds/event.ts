// Events: what controllers and kubelets report; they may still be written while their namespace is deleted.
import { eventPrinter } from '../tables/cluster';
import { resource, type KindRecord } from './kind';

export const event: KindRecord = {
  resource: resource('', 'v1', 'Event', 'events', true, ['ev']),
  tracksGeneration: false,
  createdInTerminatingNamespace: true,
  printer: eventPrinter,
};
