import type { Job, JobSpec, Pod } from '../../../sandbox/api/objects';
import { backoffRemainingMs, formatIndexes, nextBackoffRecord, parseIndexes, wantActive } from '../../../sandbox/controllers/job-util';
import { kinds, startWorkloadCluster, type WorkloadCluster } from './workload-cluster';

function jobManifest(name: string, spec: Partial<JobSpec> = {}, env: Record<string, string> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'work', image: 'busybox', command: ['sh', '-c', 'echo done'], env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }],
        },
      },
    },
  };
}

const conditionTypes = (job: Job | undefined) => (job?.status?.conditions ?? []).map((c) => c.type);
const finished = (job: Job | undefined) => conditionTypes(job).some((t: string) => t === 'Complete' || t === 'Failed');

describe('Job controller', () => {
  let w: WorkloadCluster;
  beforeEach(async () => {
    w = await startWorkloadCluster();
  });
  afterEach(() => w.dispose());

  const create = (job: Job) => w.cluster.api.create(kinds.job, 'default', job);
  const job = (name: string) => w.get('job', name);

  it('runs a Job to completion: 1/1 succeeded, SuccessCriteriaMet then Complete', async () => {
    const created = create(jobManifest('pi'));
    await w.until(() => finished(job('pi')));
    const status = job('pi')!.status;
    expect(status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(status!.active).toBeUndefined();
    expect(status!.startTime).toBe('2024-01-01T00:00:00Z');
    expect(Date.parse(status!.completionTime!)).toBeGreaterThan(Date.parse(status!.startTime!));
    expect(status!.conditions).toEqual([
      expect.objectContaining({ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }),
      expect.objectContaining({ type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }),
    ]);
    const [pod] = w.pods({ 'batch.kubernetes.io/job-name': 'pi' });
    expect(pod.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(pod.status!.phase).toBe('Succeeded');
    expect(pod.metadata.labels).toMatchObject({ 'batch.kubernetes.io/controller-uid': created.metadata.uid, 'job-name': 'pi' });
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    // Counted, so the tracking finalizer is gone.
    expect(pod.metadata.finalizers).toBeUndefined();
    const events = w.events('pi').map((e) => [e.type, e.reason, e.message]);
    expect(events).toEqual(expect.arrayContaining([['Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`], ['Normal', 'Completed', 'Job completed']]));
    expect(w.events('pi')[0].source).toEqual({ component: 'job-controller' });
  });

  it('keeps the tracking finalizer on a pod until it has been counted', async () => {
    create(jobManifest('slow', {}, { KUBELAB_SIM_RUN_SECONDS: '30' }));
    await w.until(() => w.pods()[0]?.status?.phase === 'Running');
    expect(w.pods()[0].metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(job('slow')!.status).toMatchObject({ active: 1, ready: 1, terminating: 0 });
  });

  it('runs completions 4 at most 2 at a time', async () => {
    let peak = 0;
    const watch = w.cluster.api.watch(kinds.pod, 'default', {}, () => {
      const running = w.pods().filter((p) => !['Succeeded', 'Failed'].includes(String(p.status?.phase)) && !p.metadata.deletionTimestamp).length;
      peak = Math.max(peak, running);
    });
    create(jobManifest('batch', { completions: 4, parallelism: 2 }));
    await w.until(() => finished(job('batch')));
    watch.dispose();
    expect(peak).toBe(2);
    expect(job('batch')!.status!.succeeded).toBe(4);
    expect(conditionTypes(job('batch'))).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(w.pods().filter((p) => p.status!.phase === 'Succeeded')).toHaveLength(4);
  });

  it('fails with BackoffLimitExceeded once more pods failed than backoffLimit, waiting 10 s before a retry', async () => {
    create(jobManifest('flaky', { backoffLimit: 1 }, { KUBELAB_SIM_EXIT_CODE: '1' }));
    await w.until(() => finished(job('flaky')));
    const status = job('flaky')!.status;
    expect(status!.failed).toBe(2);
    expect(status!.succeeded).toBeUndefined();
    expect(status!.completionTime).toBeUndefined();
    expect(status!.conditions).toEqual([
      expect.objectContaining({ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
    ]);
    const pods = w.pods().sort((a, b) => Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!));
    expect(pods.map((p) => p.status!.phase)).toEqual(['Failed', 'Failed']);
    const firstFailed = Date.parse(pods[0].status!.containerStatuses![0].state!.terminated!.finishedAt!);
    expect(Date.parse(pods[1].metadata.creationTimestamp!) - firstFailed).toBeGreaterThanOrEqual(10_000);
    expect(w.events('flaky').map((e) => [e.type, e.reason, e.message])).toContainEqual(['Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and stops its pod', async () => {
    create(jobManifest('long', { activeDeadlineSeconds: 5 }, { KUBELAB_SIM_RUN_SECONDS: '600' }));
    await w.until(() => finished(job('long')));
    expect(job('long')!.status!.conditions!.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'DeadlineExceeded'],
      ['Failed', 'DeadlineExceeded'],
    ]);
    expect(job('long')!.status).toMatchObject({ failed: 1, terminating: 0, ready: 0 });
    expect(w.pods()).toHaveLength(0);
    expect(w.clock.now().getTime() - Date.parse('2024-01-01T00:00:00Z')).toBeLessThan(10_000);
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished later', async () => {
    create(jobManifest('short-lived', { ttlSecondsAfterFinished: 30 }));
    await w.until(() => finished(job('short-lived')));
    await w.advance(20_000);
    expect(job('short-lived')).toBeDefined();
    await w.until(() => !job('short-lived'));
    expect(w.pods()).toHaveLength(0);
  });

  it('gives Indexed pods their index: name, hostname, annotation, label and JOB_COMPLETION_INDEX', async () => {
    create(jobManifest('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await w.until(() => finished(job('idx')));
    expect(job('idx')!.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
    const pods = w.pods().sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    pods.forEach((p, i) => {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${i}-[a-z0-9]{5}$`));
      expect(p.spec!.hostname).toBe(`idx-${i}`);
      expect(p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.spec!.containers[0].env).toContainEqual(expect.objectContaining({ name: 'JOB_COMPLETION_INDEX' }));
    });
  });

  it('deletes the pods of a suspended Job and says so in a Suspended condition', async () => {
    create(jobManifest('paused', {}, { KUBELAB_SIM_RUN_SECONDS: '600' }));
    await w.until(() => w.pods()[0]?.status?.phase === 'Running');
    const current = job('paused')!;
    w.cluster.api.update(kinds.job, 'default', 'paused', { ...current, spec: { ...current.spec!, suspend: true } });
    await w.until(() => w.pods().length === 0);
    expect(job('paused')!.status!.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' })]);
    expect(job('paused')!.status!.active).toBeUndefined();
    expect(w.events('paused').map((e) => e.reason)).toContain('Suspended');
  });
});

describe('Job arithmetic', () => {
  it('writes completed indexes as the API does', () => {
    expect(formatIndexes([1, 3, 4, 5, 7])).toBe('1,3-5,7');
    expect(formatIndexes([0, 1])).toBe('0,1');
    expect(formatIndexes([])).toBe('');
    expect([...parseIndexes('1,3-5,7', 6)]).toEqual([1, 3, 4, 5]);
  });

  it('never wants more pods than parallelism or the completions left', () => {
    const job = (spec: Partial<JobSpec>) => ({ metadata: {}, spec }) as Job;
    expect(wantActive(job({ completions: 4, parallelism: 2 }), 3, 1)).toBe(1);
    expect(wantActive(job({ completions: 4, parallelism: 2 }), 0, 0)).toBe(2);
    expect(wantActive(job({ parallelism: 3 }), 0, 0)).toBe(3);
    expect(wantActive(job({ parallelism: 3 }), 1, 2)).toBe(2);
  });

  it('backs off 10 s after a failure, doubling per failure since the last success', () => {
    const now = new Date('2024-01-01T00:01:00Z');
    const failedAt = (iso: string) => ({
      metadata: {},
      status: { phase: 'Failed', containerStatuses: [{ state: { terminated: { finishedAt: iso } } }] },
    }) as Pod;
    const one = nextBackoffRecord({ failuresAfterLastSuccess: 0 }, [], [failedAt('2024-01-01T00:00:58Z')], now);
    expect(backoffRemainingMs(one, now)).toBe(8_000);
    const two = nextBackoffRecord(one, [], [failedAt('2024-01-01T00:00:59Z')], now);
    expect(backoffRemainingMs(two, now)).toBe(19_000);
    const reset = nextBackoffRecord(two, [{ metadata: {}, status: { phase: 'Succeeded', containerStatuses: [{ state: { terminated: { finishedAt: '2024-01-01T00:01:00Z' } } }] } } as Pod], [], now);
    expect(backoffRemainingMs(reset, now)).toBe(0);
  });
});
