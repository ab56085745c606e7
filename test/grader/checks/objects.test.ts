// Pure judgements over objects already read: what a learner is told for counts, fields, containers and keys.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { ContainerStatus, Pod } from '../../../sandbox/api/objects';
import { judgeCount, judgeDataKeys, judgeExists, judgeField } from '../../../grader/checks/objects';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { CountCheck, DataKeysCheck, ExistsCheck, FieldCheck } from '../../../grader/checks/types';

const hint = { ko: '힌트', en: 'hint' };
const podRes = findKind('Pod')!;

function pod(name: string, phase: string, ready: boolean, terminating = false): Pod {
  return {
    kind: 'Pod',
    metadata: { name, labels: { app: 'echo' }, ...(terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as Pod;
}

describe('count judgement', () => {
  const [check] = checksOrThrow([{ id: 'c', type: 'count', title: 't', hint, resource: 'pods', selector: 'app=echo', phase: 'Running', ready: true, count: 3 }]) as CountCheck[];

  it('passes with three Running and Ready pods', () => {
    const out = judgeCount(check, podRes, [pod('a', 'Running', true), pod('b', 'Running', true), pod('c', 'Running', true)]);
    expect(out.status).toBe('passed');
    expect(out.expected.en).toBe('3 pods with app=echo Running and Ready');
    expect(out.found.en).toBe('3 Ready');
  });

  it('says how many are Ready and how many are still Pending, and that it may settle', () => {
    const out = judgeCount(check, podRes, [pod('a', 'Running', true), pod('b', 'Running', true), pod('c', 'Pending', false)]);
    expect(out).toMatchObject({ status: 'failed', settling: true });
    expect(out.found.en).toBe('2 Ready, 1 Pending');
    expect(out.found.ko).toBe('준비됨 2개, 대기 중(Pending) 1개');
    expect(out.expected.ko).toContain('app=echo 조건의 파드 3개');
  });

  it('names a pod that cannot pull its image by the reason, and does not wait for it', () => {
    const stuck = pod('c', 'Pending', false);
    stuck.status!.containerStatuses = [{ name: 'echo', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "gihyodocker/echo:v2"' } } } as ContainerStatus];
    const out = judgeCount(check, podRes, [pod('a', 'Running', true), stuck]);
    expect(out).toMatchObject({ status: 'failed', settling: false });
    expect(out.found).toEqual({ en: '1 Ready, 1 ImagePullBackOff', ko: '준비됨 1개, ImagePullBackOff 1개' });
  });

  it('counts active ReplicaSets as kubectl get rs reads them, never "present"', () => {
    const [active] = checksOrThrow([{ id: 'a', type: 'count', title: 't', hint, resource: 'rs', selector: 'app=echo', active: true, count: 1 }]) as CountCheck[];
    const rs = (name: string, replicas: number, current = replicas) => ({ kind: 'ReplicaSet', metadata: { name }, spec: { replicas }, status: { replicas: current } });
    const out = judgeCount(active, findKind('ReplicaSet')!, [rs('echo-1', 4), rs('echo-2', 0)]);
    expect(out.status).toBe('passed');
    expect(out.found).toEqual({ en: '1 active, 1 scaled to 0', ko: '활성 1개, 0개로 줄어든 것 1개' });
    // An old ReplicaSet still holding pods is still active, and will settle.
    expect(judgeCount(active, findKind('ReplicaSet')!, [rs('echo-1', 4), rs('echo-2', 0, 2)])).toMatchObject({ status: 'failed', settling: true });
  });

  it('does not count terminating pods', () => {
    const out = judgeCount(check, podRes, [pod('a', 'Running', true), pod('b', 'Running', true), pod('c', 'Running', true, true)]);
    expect(out.status).toBe('failed');
    expect(out.found.en).toBe('2 Ready, 1 Terminating');
  });
});

describe('field judgement', () => {
  const [image] = checksOrThrow([{ id: 'f', type: 'field', title: 't', hint, resource: 'pods', name: 'p', path: '{.spec.containers[?(@.name=="echo")].image}', equals: 'gihyodocker/echo:latest' }]) as FieldCheck[];

  it('compares the value the path selects', () => {
    expect(judgeField(image, podRes, [pod('p', 'Running', true)]).status).toBe('passed');
    const other = pod('p', 'Running', true);
    other.spec!.containers[0].image = 'nginx';
    const out = judgeField(image, podRes, [other]);
    expect(out.status).toBe('failed');
    expect(out.found.en).toBe('nginx');
  });

  it('reports a missing object and a missing value distinctly', () => {
    expect(judgeField(image, podRes, []).found.en).toBe('pod "p" not found');
    const noEcho = pod('p', 'Running', true);
    noEcho.spec!.containers[0].name = 'web';
    expect(judgeField(image, podRes, [noEcho]).found.en).toBe('(no value)');
  });

  it('checks numeric ranges and one-of lists, numbers and strings alike', () => {
    const [range, oneOf] = checksOrThrow([
      { id: 'r', type: 'field', title: 't', hint, resource: 'deploy', name: 'd', path: '{.spec.replicas}', range: { min: 2, max: 4 } },
      { id: 'o', type: 'field', title: 't', hint, resource: 'deploy', name: 'd', path: '{.spec.replicas}', oneOf: ['3', 5] },
    ]) as FieldCheck[];
    const dep = (n: number) => ({ kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: n } });
    const depRes = findKind('Deployment')!;
    expect(judgeField(range, depRes, [dep(3)]).status).toBe('passed');
    expect(judgeField(range, depRes, [dep(5)]).status).toBe('failed');
    expect(judgeField(oneOf, depRes, [dep(3)]).status).toBe('passed');
    expect(judgeField(oneOf, depRes, [dep(4)]).status).toBe('failed');
  });
});

describe('exists / absent judgement', () => {
  const [exists, absent] = checksOrThrow([
    { id: 'e', type: 'exists', title: 't', hint, resource: 'pods', name: 'p' },
    { id: 'a', type: 'absent', title: 't', hint, resource: 'pods', name: 'p' },
  ]) as ExistsCheck[];

  it('treats a terminating object as on its way out', () => {
    const dying = pod('p', 'Running', true, true);
    expect(judgeExists(exists, podRes, [dying])).toMatchObject({ status: 'failed', settling: true });
    expect(judgeExists(absent, podRes, [dying])).toMatchObject({ status: 'failed', settling: true });
    expect(judgeExists(absent, podRes, []).status).toBe('passed');
  });
});

describe('data keys judgement', () => {
  it('never echoes a Secret value back', () => {
    const [check] = checksOrThrow([{ id: 's', type: 'data-keys', title: 't', hint, resource: 'secret', name: 's', values: { password: 'hunter2' } }]) as DataKeysCheck[];
    const secret = { kind: 'Secret', metadata: { name: 's' }, data: { password: Buffer.from('wrong-one').toString('base64') } };
    const out = judgeDataKeys(check, findKind('Secret')!, secret);
    expect(out.status).toBe('failed');
    expect(out.found.en).toBe('password has a different value');
    expect(JSON.stringify(out)).not.toContain('wrong-one');
  });
});
