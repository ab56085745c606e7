// Rows for ResourceQuotas: REQUEST and LIMIT list each resource of status.hard as `used/hard`, names sorted, the
// `limits.*` ones under LIMIT (printResourceQuota). A quota the controller has not yet counted prints empty cells.
import type { ResourceQuota } from '../../api/objects';
import { canonicalQuantity } from '../../lib/quantity-math';
import { age, ageColumn, column, nameColumn, type Printer } from './format';

export const resourceQuotaPrinter: Printer = {
  columns: [
    nameColumn(),
    ageColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells: (rq: ResourceQuota, now) => {
    const hard: Record<string, unknown> = rq.status?.hard ?? {};
    const used: Record<string, unknown> = rq.status?.used ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const cell = `${name}: ${canonicalQuantity(used[name] ?? '0')}/${canonicalQuantity(hard[name])}`;
      (name.split('.').length > 1 && name.split('.')[0] === 'limits' ? limit : request).push(cell);
    }
    return [rq.metadata.name, age(rq, now), request.join(', '), limit.join(', ')];
  },
};
