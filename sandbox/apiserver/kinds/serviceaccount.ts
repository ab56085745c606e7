// ServiceAccounts: the identities pods run as.
import { serviceAccountPrinter } from '../tables/config';
import { resource, type KindRecord } from './kind';

export const serviceAccount: KindRecord = {
  resource: resource('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  tracksGeneration: false,
  printer: serviceAccountPrinter,
  protobuf: 'ServiceAccount',
};
