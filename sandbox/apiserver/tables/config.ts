// Rows for the configuration kinds: ConfigMaps and Secrets show how many keys they hold (DATA), ServiceAccounts how
// many token Secrets they reference, exactly as kube-apiserver counts them.
import type { ConfigMap, Secret, ServiceAccount } from '../../api/objects';
import { age, ageColumn, column, nameColumn, text, type Printer } from './format';

const keyCount = (...maps: unknown[]): number => {
  const keys = new Set<string>();
  for (const m of maps) if (m && typeof m === 'object') for (const k of Object.keys(m)) keys.add(k);
  return keys.size;
};

export const configMapPrinter: Printer = {
  columns: [nameColumn(), column('Data', 'string', 'Data contains the configuration data.'), ageColumn()],
  cells: (cm: ConfigMap, now) => [cm.metadata.name, keyCount(cm.data) + keyCount(cm.binaryData), age(cm, now)],
};

export const secretPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    ageColumn(),
  ],
  // stringData is folded into data when a Secret is stored; counting both keeps unconverted objects right too.
  cells: (s: Secret, now) => [s.metadata.name, text(s.type), keyCount(s.data, s.stringData), age(s, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn(), column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn()],
  cells: (sa: ServiceAccount, now) => [sa.metadata.name, Array.isArray(sa.secrets) ? sa.secrets.length : 0, age(sa, now)],
};
