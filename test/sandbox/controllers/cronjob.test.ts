import type { CronJob, CronJobSpec } from '../../../sandbox/api/objects';
import { jobFromTemplate, jobNameFor } from '../../../sandbox/controllers/cronjob';
import { kinds, startWorkloadCluster, type WorkloadCluster } from './workload-cluster';

const MINUTE = 60_000;
/** Minutes since the epoch of 2024-01-01T00:00:00Z, where the test clock starts. */
const M0 = Date.parse('2024-01-01T00:00:00Z') / MINUTE;

function cronJob(name: string, spec: Partial<CronJobSpec> = {}, env: Record<string, string> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      ...spec,
      jobTemplate: {
        metadata: { labels: { app: name } },
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'hello', image: 'busybox', command: ['date'], env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }],
            },
          },
        },
      },
    },
  };
}

describe('CronJob controller', () => {
  let w: WorkloadCluster;
  beforeEach(async () => {
    w = await startWorkloadCluster();
  });
  afterEach(() => w.dispose());

  const jobs = () => w.cluster.api.list(kinds.job, 'default').items.map((j) => j.metadata.name).sort();
  const cj = (name: string) => w.get('cronjob', name)!;
  const events = (name: string) => w.events(name).map((e) => `${e.reason} ${e.message}`);
  const atMinute = async (n: number) => w.advance(M0 * MINUTE + n * MINUTE + 5_000 - w.clock.now().getTime());
  const setSpec = (name: string, patch: Record<string, unknown>) => {
    const current = cj(name);
    w.cluster.api.update(kinds.cronjob, 'default', name, { ...current, spec: { ...current.spec!, ...patch } });
  };

  it('creates a Job named after the scheduled minute each minute, and keeps the last 3 that succeeded', async () => {
    const created = w.cluster.api.create(kinds.cronjob, 'default', cronJob('hello'));
    await atMinute(1);
    expect(jobs()).toEqual([`hello-${M0 + 1}`]);
    const job = w.get('job', `hello-${M0 + 1}`)!;
    expect(job.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(job.metadata.labels).toMatchObject({ app: 'hello' });
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2024-01-01T00:01:00Z' });
    expect(cj('hello').status!.lastScheduleTime).toBe('2024-01-01T00:01:00Z');

    await atMinute(5);
    expect(jobs()).toEqual([3, 4, 5].map((m) => `hello-${M0 + m}`));
    const status = cj('hello').status;
    expect(status!.lastScheduleTime).toBe('2024-01-01T00:05:00Z');
    expect(Date.parse(status!.lastSuccessfulTime!)).toBeGreaterThan(Date.parse('2024-01-01T00:05:00Z'));
    expect(status!.active).toBeUndefined();
    expect(events('hello')).toEqual(expect.arrayContaining([
      `SuccessfulCreate Created job hello-${M0 + 1}`,
      `SawCompletedJob Saw completed job: hello-${M0 + 1}, status: Complete`,
      `SuccessfulDelete Deleted job hello-${M0 + 1}`,
      `SuccessfulDelete Deleted job hello-${M0 + 2}`,
    ]));
    // The deleted Jobs' pods went with them.
    expect(w.pods().map((p) => p.metadata.labels?.['job-name']).sort()).toEqual([3, 4, 5].map((m) => `hello-${M0 + m}`));
  });

  it('lists a running Job in status.active', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('slow', {}, { KUBELAB_SIM_RUN_SECONDS: '30' }));
    await atMinute(1);
    const job = w.get('job', `slow-${M0 + 1}`)!;
    expect(cj('slow').status!.active).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: 'default', uid: job.metadata.uid, resourceVersion: expect.any(String) },
    ]);
  });

  it('holds a run back while the previous one is still running when concurrencyPolicy is Forbid', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('locked', { concurrencyPolicy: 'Forbid' }, { KUBELAB_SIM_RUN_SECONDS: '90' }));
    await atMinute(2);
    expect(jobs()).toEqual([`locked-${M0 + 1}`]);
    expect(events('locked')).toContain('JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');
    // The first run ends at about 00:02:31; with no starting deadline the held-back 00:02 run then starts, late.
    await w.advance(30_000);
    expect(jobs()).toEqual([`locked-${M0 + 1}`, `locked-${M0 + 2}`]);
  });

  it('skips the held-back run for good when Forbid comes with a short startingDeadlineSeconds', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('strict-lock', { concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 10 }, { KUBELAB_SIM_RUN_SECONDS: '90' }));
    await atMinute(3);
    expect(jobs()).toEqual([`strict-lock-${M0 + 1}`, `strict-lock-${M0 + 3}`]);
  });

  it('replaces the running Job when concurrencyPolicy is Replace', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('fresh', { concurrencyPolicy: 'Replace' }, { KUBELAB_SIM_RUN_SECONDS: '600' }));
    await atMinute(2);
    expect(jobs()).toEqual([`fresh-${M0 + 2}`]);
    expect(events('fresh')).toContain(`SuccessfulDelete Deleted job fresh-${M0 + 1}`);
    expect(cj('fresh').status!.active!.map((r) => r.name)).toEqual([`fresh-${M0 + 2}`]);
  });

  it('runs Jobs side by side when concurrencyPolicy is Allow', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('many', {}, { KUBELAB_SIM_RUN_SECONDS: '600' }));
    await atMinute(3);
    expect(cj('many').status!.active!.map((r) => r.name)).toEqual([1, 2, 3].map((m) => `many-${M0 + m}`));
  });

  it('starts nothing while suspended and resumes with the missed run', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('nap'));
    await atMinute(1);
    setSpec('nap', { suspend: true });
    await atMinute(4);
    expect(jobs()).toEqual([`nap-${M0 + 1}`]);
    await w.advance(20_000);
    setSpec('nap', { suspend: false });
    await w.advance(1_000);
    // Without a starting deadline the most recent missed time (00:04) still runs, late.
    expect(jobs()).toEqual([`nap-${M0 + 1}`, `nap-${M0 + 4}`]);
  });

  it('does not start a run later than startingDeadlineSeconds allows', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', cronJob('strict', { suspend: true, startingDeadlineSeconds: 10 }));
    await w.advance(MINUTE + 30_000);
    setSpec('strict', { suspend: false });
    await w.advance(1_000);
    expect(jobs()).toEqual([]);
    await atMinute(2);
    expect(jobs()).toEqual([`strict-${M0 + 2}`]);
  });

  it('keeps one failed Job by default', async () => {
    w.cluster.api.create(kinds.cronjob, 'default', {
      ...cronJob('broken', {}, { KUBELAB_SIM_EXIT_CODE: '1' }),
      spec: { ...cronJob('broken').spec!, jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'busybox', env: [{ name: 'KUBELAB_SIM_EXIT_CODE', value: '1' }] }] } } } } },
    });
    await atMinute(3);
    expect(jobs()).toEqual([`broken-${M0 + 3}`]);
    expect(events('broken')).toContain(`SawCompletedJob Saw completed job: broken-${M0 + 1}, status: Failed`);
    expect(cj('broken').status!.lastSuccessfulTime).toBeUndefined();
  });
});

describe('CronJob Job template', () => {
  it('names runs by minutes since the epoch and copies the template', () => {
    const at = new Date('2024-03-10T12:34:00Z');
    expect(jobNameFor('backup', at)).toBe(`backup-${Date.parse('2024-03-10T12:34:00Z') / MINUTE}`);
    const cj = { metadata: { name: 'backup', namespace: 'ops', uid: 'u1' }, spec: { timeZone: 'Asia/Seoul', jobTemplate: { metadata: { annotations: { a: 'b' } }, spec: { parallelism: 2 } } } } as unknown as CronJob;
    const job = jobFromTemplate(cj, at);
    expect(job.metadata.annotations).toEqual({ a: 'b', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2024-03-10T21:34:00+09:00' });
    expect(job.metadata.labels).toBeUndefined();
    expect(job.spec).toEqual({ parallelism: 2 });
  });
});
