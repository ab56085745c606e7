// ConfigMaps: string data and binary data under keys that are valid file names, 1 MiB in all.
import { validateConfigMap, validateConfigMapUpdate } from '../admission/validate-core';
import { configMapPrinter } from '../tables/config';
import { resource, type KindRecord } from './kind';

export const configMap: KindRecord = {
  resource: resource('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  tracksGeneration: false,
  validate: { create: validateConfigMap, update: validateConfigMapUpdate },
  printer: configMapPrinter,
  protobuf: 'ConfigMap',
};
