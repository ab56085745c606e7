// The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with ttlSecondsAfterFinished is
// deleted that many seconds after its Complete/Failed condition turned True, in the foreground (its pods go first) and
// with uid + resourceVersion preconditions so a Job changed in the meantime is looked at again instead.
import { findKind } from '../apiserver/kinds/registry';
import type { Job } from '../api/objects';
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { objectKeyOf, splitKey, watchOf, type Controller, type ReconcileResult, type WatchSpec } from '../controller-runtime/controller';
import { finishedCondition } from './job-util';

const jobRes = findKind('Job')!;

const ttlOf = (job: Job): number | undefined => job.spec?.ttlSecondsAfterFinished ?? undefined;
const hasTTL = (job: Job): boolean => ttlOf(job) !== undefined;

/** When the Job may be deleted, or undefined while it has no TTL or is not finished. */
export function jobExpiresAt(job: Job): Date | undefined {
  const finished = finishedCondition(job);
  const ttl = ttlOf(job);
  if (ttl === undefined || !finished) return undefined;
  const at = Date.parse(finished.lastTransitionTime ?? '');
  return Number.isNaN(at) ? undefined : new Date(at + ttl * 1000);
}

export class TTLAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  readonly watches: WatchSpec[] = [watchOf(jobRes, (e) => (e.type !== 'DELETED' && hasTTL(e.object) ? [objectKeyOf(e.object)] : []))];

  constructor(private readonly api: ObjectApi, private readonly clock: Clock) {}

  reconcile(key: string): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const job = this.api.tryGet(jobRes, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const expireAt = jobExpiresAt(job);
    if (!expireAt) return;
    const left = expireAt.getTime() - this.clock.now().getTime();
    if (left > 0) return { requeueAfterMs: left };
    try {
      this.api.delete(jobRes, namespace, name, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion },
      });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}
