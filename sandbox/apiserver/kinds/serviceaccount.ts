// ServiceAccounts: the identities pods run as; their `token` subresource is TokenRequest (`kubectl create token`).
import { serviceAccountPrinter } from '../tables/config';
import { resource, type KindRecord } from './kind';

export const serviceAccount: KindRecord = {
  resource: resource('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa'], { subresources: ['token'] }),
  tracksGeneration: false,
  printer: serviceAccountPrinter,
  protobuf: 'ServiceAccount',
};
