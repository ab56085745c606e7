// Secrets: base64 data (stringData is merged into it and never stored), a type, and type-specific keys.
import { defaultSecret } from '../admission/defaults';
import { validateSecret, validateSecretUpdate } from '../admission/validate-core';
import { secretPrinter } from '../tables/config';
import { resource, type KindRecord } from './kind';

export const secret: KindRecord = {
  resource: resource('', 'v1', 'Secret', 'secrets', true),
  tracksGeneration: false,
  defaults: defaultSecret,
  validate: { create: validateSecret, update: validateSecretUpdate },
  printer: secretPrinter,
  protobuf: 'Secret',
};
