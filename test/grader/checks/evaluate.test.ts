// Every check kind against a real in-process cluster reached through a kubeconfig: one state that passes and one
// that fails, with the explanation a learner would read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import type { KubeObject } from '../../../sandbox/api/types';
import { HttpObjectClient } from '../../../sandbox/api/http-client';
import { FakeClock } from '../../../sandbox/util/fake-clock';
import { checksOrThrow } from '../../../grader/checks/schema';
import type { CheckResult } from '../../../grader/checks/types';
import { gradeChecks, type GradeOptions } from '../../../grader/engine';
import { defaultHttpProber } from '../../../grader/http-prober';
import { LocalShellRunner } from '../../../grader/script-runner';
import { runKubectl, startTestCluster, waitFor, type TestCluster } from '../../helpers/test-cluster';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { startLocalCluster, type LocalCluster } from '../../../grader/local-cluster';

const hint = { ko: '힌트', en: 'the hint' };
const k = (kind: string) => findKind(kind)!;

const deployment: KubeObject = {
  metadata: { name: 'echo', labels: { app: 'echo' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'echo' } },
    template: {
      metadata: { labels: { app: 'echo' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'gihyodocker/nginx:latest', ports: [{ containerPort: 80 }] },
          { name: 'echo', image: 'gihyodocker/echo:latest', readinessProbe: { httpGet: { path: '/', port: 8080 } } },
        ],
      },
    },
  },
};

/** A pod parked on a node no kubelet serves, its status written by the test (no scheduler or kubelet touches it). */
function pod(name: string, phase: string, ready: boolean): KubeObject {
  return {
    metadata: { name, labels: { app: 'echo' } },
    spec: { nodeName: 'parked-node', containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

// Hand-made cluster states: a frozen cluster (no controllers or kubelets) keeps exactly what each test writes.
function setup(opts: Parameters<typeof startTestCluster>[0] = {}) {
  const ctx = {} as { tc: TestCluster; client: HttpObjectClient };
  beforeAll(async () => {
    ctx.tc = await startTestCluster({ controllers: false, ...opts });
    ctx.client = HttpObjectClient.fromKubeconfigFile(ctx.tc.kubeconfig);
  });
  afterAll(async () => {
    ctx.client.dispose();
    await ctx.tc.close();
  });
  return ctx;
}

async function grade(client: HttpObjectClient, check: Record<string, unknown>, opts: GradeOptions = {}): Promise<CheckResult> {
  const checks = checksOrThrow([{ id: 'c', title: 't', hint, ...check }]);
  const [r] = await gradeChecks(client, checks, { settleMs: 200, quietMs: 50, pollMs: 20, ...opts });
  return r;
}

describe('object checks', () => {
  const ctx = setup();
  beforeAll(() => {
    const api = ctx.tc.cluster.api;
    api.create(k('Deployment'), 'default', deployment);
    for (const [name, phase, ready] of [['echo-a', 'Running', true], ['echo-b', 'Running', true], ['echo-c', 'Pending', false]] as const) {
      const created = api.create(k('Pod'), 'default', pod(name, phase, ready));
      api.updateStatus(k('Pod'), 'default', name, { ...created, status: pod(name, phase, ready).status });
    }
    api.create(k('ConfigMap'), 'default', { metadata: { name: 'echo-config' }, data: { GREETING: 'hello' } });
  });

  it('exists: passes for the Deployment, explains a missing one', async () => {
    expect(await grade(ctx.client, { type: 'exists', resource: 'deploy', name: 'echo' })).toMatchObject({ status: 'passed' });
    const r = await grade(ctx.client, { type: 'exists', resource: 'deploy', name: 'web' });
    expect(r).toMatchObject({ status: 'failed', hint });
    expect(r.expected.en).toBe('deployment "web" exists');
    expect(r.found).toEqual({ en: 'not found', ko: '찾을 수 없음' });
  });

  it('absent: passes when nothing matches, names what is still there', async () => {
    expect((await grade(ctx.client, { type: 'absent', resource: 'pods', selector: 'app=old' })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'absent', resource: 'pods', selector: 'app=echo' });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('still there: echo-a, echo-b, echo-c');
  });

  it('field: compares by JSONPath with filters, shows the value found', async () => {
    const path = '{.spec.template.spec.containers[?(@.name=="echo")].image}';
    expect((await grade(ctx.client, { type: 'field', resource: 'deployments', name: 'echo', path, equals: 'gihyodocker/echo:latest' })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'field', resource: 'deployments', name: 'echo', path: '{.spec.replicas}', range: { min: 4 } });
    expect(r.status).toBe('failed');
    expect(r.expected.en).toBe('declared replicas of deployment "echo": ≥ 4');
    expect(r.details?.en).toBe('JSONPath {.spec.replicas}');
    expect(r.found.en).toBe('3');
  });

  it('count: passes with the pods in the state asked, says "2 Ready, 1 Pending" otherwise', async () => {
    expect((await grade(ctx.client, { type: 'count', resource: 'pods', selector: 'app=echo', count: 3 })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'count', resource: 'pods', selector: 'app=echo', phase: 'Running', ready: true, count: 3 });
    expect(r.status).toBe('failed');
    expect(r.expected.en).toBe('3 pods with app=echo Running and Ready');
    expect(r.found.en).toBe('2 Ready, 1 Pending');
  });

  it('selector-matches-template: passes for a consistent Deployment, explains a missing one', async () => {
    const ok = await grade(ctx.client, { type: 'selector-matches-template', resource: 'deployment', name: 'echo' });
    expect(ok).toMatchObject({ status: 'passed', found: { en: 'selector app=echo, template labels app=echo' } });
    const r = await grade(ctx.client, { type: 'selector-matches-template', resource: 'deployment', name: 'web' });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('deployment "web" not found');
  });

  it('probe: finds the readiness probe on echo, reports the missing liveness probe', async () => {
    const ok = await grade(ctx.client, { type: 'probe', resource: 'deploy', name: 'echo', container: 'echo', probe: 'readiness', action: 'httpGet', port: 8080 });
    expect(ok.status).toBe('passed');
    const r = await grade(ctx.client, { type: 'probe', resource: 'deploy', name: 'echo', container: 'echo', probe: 'liveness' });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('echo: no liveness probe');
    expect(r.found.ko).toBe('echo: 라이브니스 프로브 없음');
  });

  it('containers: counts the pod template containers', async () => {
    expect((await grade(ctx.client, { type: 'containers', resource: 'deploy', name: 'echo', count: 2, names: ['nginx', 'echo'] })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'containers', resource: 'pod', name: 'echo-a', count: 2 });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('1 container(s): echo');
  });

  it('data-keys: passes with the keys present, names the missing key', async () => {
    expect((await grade(ctx.client, { type: 'data-keys', resource: 'cm', name: 'echo-config', values: { GREETING: 'hello' } })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'data-keys', resource: 'cm', name: 'echo-config', keys: ['GREETING', 'PORT'] });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('missing PORT (has: GREETING)');
  });

  it('script: exit 0 passes with its first line; a failure shows exit code and message', async () => {
    const scripts = new LocalShellRunner({ kubeconfig: ctx.tc.kubeconfig, home: ctx.tc.dir });
    const ok = await grade(ctx.client, { type: 'script', run: 'echo "found it"; echo more' }, { scripts });
    expect(ok).toMatchObject({ status: 'passed', found: { en: 'found it' } });
    const r = await grade(ctx.client, { type: 'script', run: 'echo "replicas are 2" >&2; exit 3' }, { scripts });
    expect(r).toMatchObject({ status: 'failed', found: { en: 'exit code 3: replicas are 2' } });
  });

  it('quiz: graded from the answers given with the request', async () => {
    const quiz = { type: 'quiz', question: { ko: '질문', en: 'q' }, choices: [{ id: 'pod', text: hint, correct: true }, { id: 'node', text: hint }] };
    expect((await grade(ctx.client, quiz, { answers: { c: 'pod' } })).status).toBe('passed');
    expect((await grade(ctx.client, quiz, { answers: { c: 'node' } })).found.en).toMatch(/^your choice is not right: /);
  });
});

describe('network checks', () => {
  const ctx = setup();
  let ingressController: http.Server;
  let ingressUrl: string;
  beforeAll(async () => {
    const api = ctx.tc.cluster.api;
    api.create(k('Service'), 'default', { metadata: { name: 'echo' }, spec: { type: 'NodePort', selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 80 }] } });
    api.create(k('Service'), 'default', { metadata: { name: 'lonely' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } });
    api.create(k('Endpoints'), 'default', { metadata: { name: 'echo' }, subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] });
    api.create(k('Ingress'), 'default', {
      metadata: { name: 'echo' },
      spec: { rules: [{ host: 'ch05.gihyo.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    });
    // Stands in for an ingress controller on loopback: answers by Host header, as the real one routes.
    ingressController = http.createServer((req, res) => {
      if (req.headers.host === 'ch05.gihyo.local') res.end('Hello Docker!!\n');
      else res.writeHead(404).end('default backend - 404\n');
    });
    await new Promise<void>((r) => ingressController.listen(0, '127.0.0.1', r));
    ingressUrl = `http://127.0.0.1:${(ingressController.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => ingressController.close(r)));

  it('service: type, ports, nodePort and endpoints as asked; lists what is there otherwise', async () => {
    const ok = await grade(ctx.client, { type: 'service', name: 'echo', serviceType: 'NodePort', ports: [{ port: 80, nodePort: true }], endpoints: true });
    expect(ok.status).toBe('passed');
    const r = await grade(ctx.client, { type: 'service', name: 'lonely', serviceType: 'NodePort', endpoints: true });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('type ClusterIP; ports 80→80/TCP; selector app=none; no ready endpoints');
  });

  it('ingress: finds the host/path → service:port route; lists the routes otherwise', async () => {
    expect((await grade(ctx.client, { type: 'ingress', host: 'ch05.gihyo.local', path: '/', service: 'echo', port: 80 })).status).toBe('passed');
    const r = await grade(ctx.client, { type: 'ingress', host: 'ch05.gihyo.local', service: 'echo', port: 8080 });
    expect(r.status).toBe('failed');
    expect(r.found.en).toBe('routes: ch05.gihyo.local/ → echo:80');
  });

  it('http: under the simulated runtime answers needs-docker, neither pass nor fail', async () => {
    const r = await grade(ctx.client, { type: 'http', via: 'service', service: 'echo', port: 80, bodyContains: 'Hello' });
    expect(r.status).toBe('needs-docker');
    expect(r.found.en).toMatch(/needs real containers/);
  });

  it('http: with real containers, requests through the ingress with its Host header', async () => {
    const opts = { runtime: 'containers' as const, http: defaultHttpProber(ctx.client, { ingressUrl }) };
    const ok = await grade(ctx.client, { type: 'http', via: 'ingress', host: 'ch05.gihyo.local', bodyContains: 'Hello' }, opts);
    expect(ok).toMatchObject({ status: 'passed', found: { en: 'answered 200 OK: "Hello Docker!!"' } });
    const r = await grade(ctx.client, { type: 'http', via: 'ingress', host: 'other.local', bodyContains: 'Hello' }, opts);
    expect(r).toMatchObject({ status: 'failed', found: { en: 'answered 404 Not Found: "default backend - 404"' } });
    expect(r.diagnosis?.ko).toBe('Host other.local를 받는 인그레스 규칙이 없어 인그레스 컨트롤러가 404로 답합니다 (규칙의 호스트: ch05.gihyo.local)');
  });
});

describe('history checks', () => {
  const clock = new FakeClock('2026-03-01T09:00:00Z');
  const ctx = setup({ clock });
  let startedAt: Date;
  beforeAll(() => {
    const api = ctx.tc.cluster.api;
    const rs = api.create(k('ReplicaSet'), 'default', {
      metadata: { name: 'echo-5d8f', labels: { app: 'echo' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'echo' } }, template: { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo', image: 'gihyodocker/echo:latest' }] } } },
    });
    const owned = (name: string) => ({
      ...pod(name, 'Running', true),
      metadata: { name, labels: { app: 'echo' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name!, uid: rs.metadata.uid!, controller: true }] },
    });
    api.create(k('Pod'), 'default', owned('echo-5d8f-old'));
    clock.advance(60_000);
    startedAt = clock.now();
    clock.advance(5_000);
    api.create(k('Pod'), 'default', owned('echo-5d8f-new'));
    api.create(k('Event'), 'default', {
      metadata: { name: 'echo-5d8f.1' },
      involvedObject: { kind: 'ReplicaSet', name: 'echo-5d8f', namespace: 'default', uid: rs.metadata.uid },
      reason: 'SuccessfulCreate',
      message: 'Created pod: echo-5d8f-new',
      type: 'Normal',
      firstTimestamp: '2026-03-01T09:01:05Z',
      lastTimestamp: '2026-03-01T09:01:05Z',
    });
  });

  it('event: sees SuccessfulCreate since the step started, not before it', async () => {
    const check = { type: 'event', reason: 'SuccessfulCreate', involvedKind: 'ReplicaSet', involvedName: '^echo-' };
    const ok = await grade(ctx.client, check, { startedAt });
    expect(ok).toMatchObject({ status: 'passed', found: { en: 'SuccessfulCreate on ReplicaSet/echo-5d8f: Created pod: echo-5d8f-new' } });
    const r = await grade(ctx.client, check, { startedAt: new Date('2026-03-01T09:02:00Z') });
    expect(r.found.en).toBe('only older SuccessfulCreate events (before the step started)');
  });

  it('replaced: a pod of app=echo created after the step started by an older ReplicaSet', async () => {
    const ok = await grade(ctx.client, { type: 'replaced', selector: 'app=echo' }, { startedAt });
    expect(ok).toMatchObject({ status: 'passed', found: { en: 'new pod(s): echo-5d8f-new' } });
    const r = await grade(ctx.client, { type: 'replaced', selector: 'app=echo' }, { startedAt: new Date('2026-03-01T09:02:00Z') });
    expect(r.status).toBe('failed');
    expect(r.found.en).toMatch(/^every pod with app=echo is older than the step: echo-5d8f-new/);
  });
});

describe('rollout history with the deployment controller and the real kubectl', () => {
  const bin = kubectlBinaries().newest;
  const run = requireOrSkip('kubectl', !!bin) ? it : it.skip;
  let lc: LocalCluster;
  beforeAll(async () => {
    lc = await startLocalCluster(); // runs the controllers, as `kubelab labs check` does
  });
  afterAll(() => lc.close());

  run('fails with "not rolled back" after an update, passes after kubectl rollout undo', async () => {
    const kubectl = async (args: string[], input?: string) => {
      const r = await runKubectl(bin!, ['--kubeconfig', lc.kubeconfig, ...args], lc.dir, { input, env: { HOME: lc.dir } });
      expect(r.stderr).toBe('');
      return r;
    };
    await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', ...deployment }));
    const check = { type: 'rollout-history', name: 'echo', rolledBack: true, minRevisions: 2 };
    await waitFor(async () => (await lc.client.list(k('ReplicaSet'), 'default')).items.length === 1, 'the first ReplicaSet');
    await kubectl(['set', 'image', 'deployment/echo', 'echo=gihyodocker/echo:v2']);
    const before = await grade(lc.client, check, { settleMs: 3000 });
    expect(before.status).toBe('failed');
    expect(before.found.en).toBe('revisions 1, 2 (current 2); not rolled back');
    await kubectl(['rollout', 'undo', 'deployment/echo']);
    const after = await grade(lc.client, check, { settleMs: 3000 });
    expect(after).toMatchObject({ status: 'passed', found: { en: 'revisions 2, 3 (current 3); rolled back' } });
  });
});
