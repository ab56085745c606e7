// Revision history as `kubectl rollout history` shows it, judged from a Deployment and its ReplicaSets.
import type { Deployment, ReplicaSet } from '../../../sandbox/api/objects';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { RolloutHistoryCheck } from '../../../grader/checks/types';
import { judgeRolloutHistory } from '../../../grader/checks/workloads';

const hint = { ko: '힌트', en: 'hint' };
const template = (image: string) => ({ metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image }] } });

const deployment = (image: string, revision: number): Deployment => ({
  kind: 'Deployment',
  metadata: { name: 'echo', uid: 'dep-uid', generation: 3, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
  spec: { selector: { matchLabels: { app: 'echo' } }, template: template(image) },
  status: { observedGeneration: 3 },
});

function rs(name: string, image: string, revision: number, created: string, extra: Record<string, string> = {}): ReplicaSet {
  const t = template(image);
  return {
    kind: 'ReplicaSet',
    metadata: {
      name,
      creationTimestamp: created,
      annotations: { 'deployment.kubernetes.io/revision': String(revision), ...extra },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'echo', uid: 'dep-uid', controller: true }],
    },
    spec: { template: { ...t, metadata: { labels: { ...t.metadata.labels, 'pod-template-hash': name.slice(-4) } } } },
  } as unknown as ReplicaSet;
}

describe('rollout history judgement', () => {
  const [rolledBack] = checksOrThrow([{ id: 'r', type: 'rollout-history', title: 't', hint, name: 'echo', rolledBack: true, minRevisions: 2 }]) as RolloutHistoryCheck[];

  it('recognises an undo: the old ReplicaSet came back with a higher revision', () => {
    const out = judgeRolloutHistory(rolledBack, deployment('echo:v1', 3), [
      rs('echo-aaaa', 'echo:v1', 3, '2026-01-01T00:00:00Z', { 'deployment.kubernetes.io/revision-history': '1' }),
      rs('echo-bbbb', 'echo:v2', 2, '2026-01-01T00:01:00Z'),
    ]);
    expect(out.status).toBe('passed');
    expect(out.found.en).toBe('revisions 2, 3 (current 3); rolled back');
  });

  it('says "not rolled back" after a plain update', () => {
    const out = judgeRolloutHistory(rolledBack, deployment('echo:v2', 2), [
      rs('echo-aaaa', 'echo:v1', 1, '2026-01-01T00:00:00Z'),
      rs('echo-bbbb', 'echo:v2', 2, '2026-01-01T00:01:00Z'),
    ]);
    expect(out.status).toBe('failed');
    expect(out.found.en).toContain('not rolled back');
    expect(out.expected.en).toBe('deployment "echo": at least 2 revisions, rolled back to an earlier revision');
  });

  it('requires a change-cause on the current revision when asked', () => {
    const [cause] = checksOrThrow([{ id: 'c', type: 'rollout-history', title: 't', hint, name: 'echo', changeCause: true }]) as RolloutHistoryCheck[];
    const withCause = rs('echo-aaaa', 'echo:v1', 1, '2026-01-01T00:00:00Z', { 'kubernetes.io/change-cause': 'kubectl apply --record' });
    expect(judgeRolloutHistory(cause, deployment('echo:v1', 1), [withCause]).status).toBe('passed');
    const out = judgeRolloutHistory(cause, deployment('echo:v1', 1), [rs('echo-aaaa', 'echo:v1', 1, '2026-01-01T00:00:00Z')]);
    expect(out.status).toBe('failed');
    expect(out.found.en).toContain('no change-cause on the current revision');
  });

  it('ignores ReplicaSets another Deployment owns and waits while none exist', () => {
    const foreign = rs('other-cccc', 'echo:v1', 1, '2026-01-01T00:00:00Z');
    foreign.metadata.ownerReferences![0].uid = 'someone-else';
    expect(judgeRolloutHistory(rolledBack, deployment('echo:v1', 1), [foreign])).toMatchObject({ status: 'failed', settling: true });
  });
});
