// Jobs and CronJobs: restart policies, generated selectors, fixed templates and cron schedules.
import { create, UID, update } from './helpers';

const job = (mutate: (j: any) => void = () => {}) => {
  const j: any = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-e', 'print 1'] }] } } },
  };
  mutate(j);
  return j;
};

const cronJob = (schedule: string) => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' },
  spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } } } },
});

describe('job validation', () => {
  it('accepts a Job with a Never restart policy', () => {
    expect(create(job()).errors).toEqual([]);
  });

  it('refuses the default Always restart policy with the valid values', () => {
    expect(create(job((j) => delete j.spec.template.spec.restartPolicy)).errors).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    expect(create(job((j) => (j.spec.template.spec.restartPolicy = 'Sometimes'))).errors).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it('refuses negative counts and template label conflicts with the generated ones', () => {
    expect(create(job((j) => (j.spec.backoffLimit = -1))).errors).toEqual(['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']);
    const conflicting = create(job((j) => (j.spec.template.metadata = { labels: { 'job-name': 'other' } }))).errors;
    expect(conflicting).toEqual([
      `spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"${UID}", "batch.kubernetes.io/job-name":"pi", "controller-uid":"${UID}", "job-name":"other"}: must be 'pi'`,
    ]);
  });

  it('keeps a started Job template fixed but lets parallelism change', () => {
    const stored = create(job()).obj;
    const scaled = structuredClone(stored);
    scaled.spec.parallelism = 3;
    expect(update(stored, scaled).errors).toEqual([]);
    const changed = structuredClone(stored);
    changed.spec.template.spec.containers[0].image = 'perl:5.36';
    const errors = update(stored, changed).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\.template: Invalid value: core\.PodTemplateSpec\{.*\}: field is immutable$/s);
    const more = structuredClone(stored);
    more.spec.completions = 5;
    expect(update(stored, more).errors).toEqual(['spec.completions: Invalid value: 5: field is immutable']);
  });
});

describe('cronjob validation', () => {
  it('accepts a standard schedule', () => {
    expect(create(cronJob('*/5 * * * *')).errors).toEqual([]);
  });

  it('explains a schedule the parser cannot read', () => {
    expect(create(cronJob('* * * *')).errors).toEqual(['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]']);
  });

  it('requires a schedule and a job template that can run', () => {
    const cj: any = cronJob('');
    cj.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
    expect(create(cj).errors).toEqual([
      'spec.schedule: Required value',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
  });

  it('refuses TZ in the schedule and names longer than 52 characters', () => {
    expect(create(cronJob('TZ=UTC 0 * * * *')).errors).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    const long: any = cronJob('@daily');
    long.metadata.name = 'c'.repeat(53);
    expect(create(long).errors).toEqual([`metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`]);
  });
});
