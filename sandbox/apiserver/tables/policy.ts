// Rows for the policy kinds: a PodDisruptionBudget's MIN AVAILABLE / MAX UNAVAILABLE (N/A for the one not set) and
// how many disruptions its status allows now (printPodDisruptionBudget).
import type { PodDisruptionBudget } from '../../api/objects';
import { age, ageColumn, column, int, nameColumn, type Printer } from './format';

const orNA = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable simultaneously.  This can be either an integer or a string specifying a percentage, e.g. "28%".'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells: (pdb: PodDisruptionBudget, now) => [pdb.metadata.name, orNA(pdb.spec?.minAvailable), orNA(pdb.spec?.maxUnavailable), int(pdb.status?.disruptionsAllowed), age(pdb, now)],
};
