// "Something happened since the step started": events and replaced pods, judged against the step's start.
import type { Pod, ReplicaSet } from '../../../sandbox/api/objects';
import type { Event } from '../../../sandbox/api/objects';
import { judgeEvent, judgeReplaced } from '../../../grader/checks/events';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { EventCheck, ReplacedCheck } from '../../../grader/checks/types';

const hint = { ko: '힌트', en: 'hint' };
const startedAt = new Date('2026-01-01T00:10:00.400Z');

const event = (at: string): Event => ({
  kind: 'Event',
  metadata: { name: `e-${at}`, creationTimestamp: at },
  involvedObject: { kind: 'ReplicaSet', name: 'echo-abcd', uid: 'rs-uid' },
  reason: 'SuccessfulCreate',
  message: 'Created pod: echo-abcd-xyz',
  lastTimestamp: at,
});

describe('event judgement', () => {
  const [check] = checksOrThrow([{ id: 'e', type: 'event', title: 't', hint, reason: 'SuccessfulCreate', involvedKind: 'ReplicaSet' }]) as EventCheck[];

  it('counts an event from the step start second onwards (API times have whole seconds)', () => {
    expect(judgeEvent(check, [event('2026-01-01T00:10:00Z')], startedAt).status).toBe('passed');
    const old = judgeEvent(check, [event('2026-01-01T00:09:59Z')], startedAt);
    expect(old).toMatchObject({ status: 'failed', settling: true });
    expect(old.found.en).toBe('only older SuccessfulCreate events (before the step started)');
  });
});

describe('replaced judgement', () => {
  const [check] = checksOrThrow([{ id: 'r', type: 'replaced', title: 't', hint, selector: 'app=echo' }]) as ReplacedCheck[];
  const owner: ReplicaSet = { kind: 'ReplicaSet', metadata: { name: 'echo-abcd', uid: 'rs-uid', creationTimestamp: '2026-01-01T00:05:00Z' } };
  const pod = (name: string, created: string): Pod => ({
    kind: 'Pod',
    metadata: { name, creationTimestamp: created, labels: { app: 'echo' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'echo-abcd', uid: 'rs-uid', controller: true }] },
  });

  it('passes when a pod of an older ReplicaSet was created during the step', () => {
    const out = judgeReplaced(check, { pods: [pod('a', '2026-01-01T00:05:00Z'), pod('b', '2026-01-01T00:10:03Z')], creations: [], owners: [owner] }, startedAt);
    expect(out.status).toBe('passed');
    expect(out.found.en).toBe('new pod(s): b');
  });

  it('fails, naming the pods, when every pod predates the step', () => {
    const out = judgeReplaced(check, { pods: [pod('a', '2026-01-01T00:05:00Z')], creations: [], owners: [owner] }, startedAt);
    expect(out.status).toBe('failed');
    expect(out.found.en).toContain('every pod with app=echo is older than the step: a');
  });

  it('does not count pods of a ReplicaSet created during the step (a new set, not a replacement)', () => {
    const young = { ...owner, metadata: { ...owner.metadata, creationTimestamp: '2026-01-01T00:10:01Z' } };
    expect(judgeReplaced(check, { pods: [pod('b', '2026-01-01T00:10:01Z')], creations: [], owners: [young] }, startedAt).status).toBe('failed');
  });

  it('counts a replacement by a ReplicaSet created during the step once it made more pods than it wants (the hint recreated the Deployment)', () => {
    const young = { ...owner, metadata: { ...owner.metadata, creationTimestamp: '2026-01-01T00:10:01Z' }, spec: { replicas: 2 } };
    const made = (n: number) => Array.from({ length: n }, (_, i) => event(`2026-01-01T00:10:0${i + 1}Z`));
    const pods = [pod('b', '2026-01-01T00:10:01Z'), pod('c', '2026-01-01T00:10:03Z')];
    expect(judgeReplaced(check, { pods, creations: made(2), owners: [young] }, startedAt).status).toBe('failed');
    expect(judgeReplaced(check, { pods, creations: made(3), owners: [young] }, startedAt).status).toBe('passed');
  });
});
