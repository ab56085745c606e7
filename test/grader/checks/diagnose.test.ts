// The learner's own mistake, named from their cluster: a selector compared with the labels of the pods it most
// likely meant, an image that cannot be pulled, a targetPort no container declares, a Service with no ready pods;
// and HTTP answers in words, with the raw body kept for the details.
import type { Pod, Service } from '../../../sandbox/api/objects';
import { podProblem, podSetProblem, serviceProblem } from '../../../grader/checks/diagnose';
import { judgeHttp, judgeService } from '../../../grader/checks/network';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { HttpCheck, ServiceCheck } from '../../../grader/checks/types';

const hint = { ko: '힌트', en: 'hint' };

function pod(name: string, labels: Record<string, string>, o: { ready?: boolean; waiting?: string; image?: string; ports?: number[] } = {}): Pod {
  const ready = o.ready ?? true;
  return {
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'kubelab-worker', containers: [{ name: 'echo', image: o.image ?? 'gihyodocker/echo:latest', ports: (o.ports ?? [8080]).map((p) => ({ containerPort: p })) }] },
    status: {
      phase: o.waiting ? 'Pending' : 'Running',
      conditions: [{ type: 'Ready', status: ready && !o.waiting ? 'True' : 'False' }],
      containerStatuses: [{ name: 'echo', state: o.waiting ? { waiting: { reason: o.waiting } } : { running: {} } }],
    },
  } as Pod;
}

const svc = (selector: Record<string, string>, targetPort: number | string = 8080): Service => ({
  kind: 'Service',
  metadata: { name: 'echo' },
  spec: { type: 'ClusterIP', selector, ports: [{ port: 80, targetPort }] },
});

const summer = pod('echo-summer-7d9f', { app: 'echo', release: 'summer' });
const spring = [pod('echo-spring-a', { app: 'echo', release: 'spring' }), pod('echo-spring-b', { app: 'echo', release: 'spring' })];

describe('naming the learner\'s mistake', () => {
  it('compares a selector with a typo to the labels of the pod it meant (the nearest value, not the first pod)', () => {
    const why = serviceProblem(svc({ app: 'echo', release: 'sumer' }), [...spring, summer]);
    expect(why?.ko).toBe('서비스 echo의 셀렉터 app=echo,release=sumer가 고르는 파드가 없습니다: 셀렉터 release=sumer ≠ 파드 레이블 release=summer (파드 echo-summer-7d9f)');
    expect(why?.en).toBe('the selector app=echo,release=sumer of Service echo selects no pod: release=sumer ≠ pod label release=summer (pod echo-summer-7d9f)');
  });

  it('says which pods a selector missing a key also picks', () => {
    const why = serviceProblem(svc({ app: 'echo' }), [summer, ...spring], { app: 'echo', release: 'summer' });
    expect(why?.ko).toBe('서비스 echo의 셀렉터 app=echo가 요구한 app=echo,release=summer와 다릅니다 (release=summer 빠짐). 지금 파드 3개를 고릅니다: echo-spring-a, echo-spring-b, echo-summer-7d9f');
  });

  it('names the image a pod cannot pull', () => {
    const stuck = pod('echo-6c8-x', { app: 'echo' }, { waiting: 'ImagePullBackOff', image: 'gihyodocker/echo:v2' });
    expect(podProblem(stuck)?.ko).toBe('파드 echo-6c8-x이(가) 이미지 gihyodocker/echo:v2를 가져올 수 없습니다(ImagePullBackOff). 이미지 이름과 태그를 확인하세요');
    expect(serviceProblem(svc({ app: 'echo' }), [stuck])?.en).toMatch(/^Service echo selects 1 pod\(s\), none Ready: pod echo-6c8-x cannot pull image gihyodocker\/echo:v2/);
  });

  it('names the ports the containers declare when no container declares the targetPort', () => {
    expect(serviceProblem(svc({ app: 'echo', release: 'summer' }, 80), [summer])?.ko).toBe('서비스 echo의 targetPort 80를 여는 컨테이너가 없습니다 (파드의 컨테이너 포트: echo 8080)');
  });

  it('says when there are no pods at all, or none with labels like the selector', () => {
    expect(serviceProblem(svc({ app: 'echo' }), [])?.ko).toBe('서비스 echo의 셀렉터 app=echo에 맞는 파드가 없고, 레이블이 비슷한 파드도 없습니다 (파드가 하나도 없음)');
    expect(podSetProblem('tier=db', [], [summer])?.en).toBe('the selector tier=db selects no pod, and no pod has labels like it (pods: echo-summer-7d9f app=echo,release=summer)');
    expect(podSetProblem('app=web', [], [summer])?.ko).toBe('셀렉터 app=web가 고르는 파드가 없습니다: 셀렉터 app=web ≠ 파드 레이블 app=echo (파드 echo-summer-7d9f)');
  });

  it('gives a Service check the diagnosis in place of raw output', () => {
    const [check] = checksOrThrow([{ id: 's', type: 'service', title: 't', hint, name: 'echo', selector: { app: 'echo', release: 'summer' }, endpoints: 1 }]) as ServiceCheck[];
    const typo = judgeService(check, svc({ app: 'echo', release: 'sumer' }), [], [summer, ...spring]);
    expect(typo.status).toBe('failed');
    expect(typo.diagnosis?.ko).toContain('셀렉터 release=sumer ≠ 파드 레이블 release=summer');
    const tooMany = judgeService(check, svc({ app: 'echo' }), ['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080'], [summer, ...spring]);
    expect(tooMany.found.ko).toContain('엔드포인트 3개');
    expect(tooMany.diagnosis?.ko).toContain('release=summer 빠짐');
    expect(judgeService(check, svc({ app: 'echo', release: 'summer' }), ['10.0.0.1:8080']).status).toBe('passed');
  });
});

describe('HTTP answers in words', () => {
  const [check] = checksOrThrow([{ id: 'h', type: 'http', title: 't', hint, via: 'service', service: 'echo', port: 80, bodyContains: 'Hello Docker!!' }]) as HttpCheck[];

  it('never shows a Status body as the finding', () => {
    const out = judgeHttp(check, { status: 503, body: '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"no endpoints available for service \\"echo\\"","code":503}' });
    expect(out.found).toEqual({ en: 'answered 503 Service Unavailable', ko: '응답 503 (응답할 곳이 없음)' });
    expect(out.found.ko).not.toContain('{');
    expect(out.details?.en).toMatch(/^response body: \{"kind":"Status"/);
  });

  it('quotes a plain-text answer', () => {
    expect(judgeHttp(check, { status: 200, body: 'Hello Docker!!\n' })).toMatchObject({ status: 'passed', found: { ko: '응답 200 (정상): "Hello Docker!!"' } });
  });
});
