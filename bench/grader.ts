// Grader benchmarks (issue: the grader): how long a learner waits after pressing Check — a whole lab of typical
// checks graded against an in-process cluster, in-process and over HTTP — and how soon a final failure is reported.
import { setTimeout as delay } from 'node:timers/promises';
import { findKind } from '../sandbox/apiserver/kinds/registry';
import type { KubeObject } from '../sandbox/api/types';
import { gradeLab, type GradableLab } from '../grader/engine';
import { inProcessClient } from '../grader/in-process-client';
import { startLocalCluster } from '../grader/local-cluster';
import { percentile, row, timeEach, type Row } from './stats';

const k = (kind: string) => findKind(kind)!;
const hint = { ko: '힌트', en: 'hint' };
const title = { ko: '검사', en: 'check' };

const template = (image: string) => ({
  metadata: { labels: { app: 'echo' } },
  spec: {
    containers: [
      { name: 'nginx', image: 'gihyodocker/nginx:latest', ports: [{ containerPort: 80 }] },
      { name: 'echo', image, readinessProbe: { httpGet: { path: '/', port: 8080 } } },
    ],
  },
});

/** Five steps, sixteen checks: the kinds a seed-001 lab uses. */
const lab: GradableLab = {
  id: 'bench',
  steps: [
    {
      id: 'deploy',
      checks: [
        { id: 'd1', type: 'exists', resource: 'deploy', name: 'echo' },
        { id: 'd2', type: 'field', resource: 'deploy', name: 'echo', path: '{.spec.template.spec.containers[?(@.name=="echo")].image}', equals: 'gihyodocker/echo:latest' },
        { id: 'd3', type: 'selector-matches-template', resource: 'deploy', name: 'echo' },
        { id: 'd4', type: 'probe', resource: 'deploy', name: 'echo', container: 'echo', probe: 'readiness' },
        { id: 'd5', type: 'containers', resource: 'deploy', name: 'echo', count: 2 },
        { id: 'd6', type: 'count', resource: 'pods', selector: 'app=echo', count: { min: 3 } },
      ],
    },
    {
      id: 'expose',
      checks: [
        { id: 'e1', type: 'service', name: 'echo', serviceType: 'NodePort', ports: [{ port: 80, nodePort: true }] },
        { id: 'e2', type: 'ingress', host: 'ch05.gihyo.local', path: '/', service: 'echo', port: 80 },
        { id: 'e3', type: 'http', via: 'service', service: 'echo', port: 80 },
      ],
    },
    {
      id: 'config',
      checks: [
        { id: 'c1', type: 'data-keys', resource: 'cm', name: 'echo-config', keys: ['GREETING'] },
        { id: 'c2', type: 'absent', resource: 'pods', selector: 'app=old' },
      ],
    },
    {
      id: 'heal',
      checks: [
        { id: 'h1', type: 'replaced', selector: 'app=echo' },
        { id: 'h2', type: 'event', reason: 'SuccessfulCreate', involvedKind: 'ReplicaSet' },
      ],
    },
    {
      id: 'rollout',
      checks: [
        { id: 'r1', type: 'rollout-history', name: 'echo', rolledBack: true, minRevisions: 2 },
        { id: 'r2', type: 'quiz', question: title, answers: ['deploy'] },
        { id: 'r3', type: 'field', resource: 'deploy', name: 'echo', path: '{.spec.replicas}', range: { min: 1, max: 5 } },
      ],
    },
  ].map((s) => ({ ...s, checks: s.checks.map((c) => ({ title, hint, ...c })) })),
};

export async function benchGrader(): Promise<Row[]> {
  const lc = await startLocalCluster();
  const api = lc.cluster.api;
  const rows: Row[] = [];
  try {
    const deployment: KubeObject = { metadata: { name: 'echo' }, spec: { replicas: 3, selector: { matchLabels: { app: 'echo' } }, template: template('gihyodocker/echo:latest') } };
    api.create(k('Deployment'), 'default', deployment);
    api.create(k('Service'), 'default', { metadata: { name: 'echo' }, spec: { type: 'NodePort', selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 80 }] } });
    api.create(k('Ingress'), 'default', {
      metadata: { name: 'echo' },
      spec: { rules: [{ host: 'ch05.gihyo.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    });
    api.create(k('ConfigMap'), 'default', { metadata: { name: 'echo-config' }, data: { GREETING: 'hello' } });
    const pods = async () => (await lc.client.list(k('Pod'), 'default', { labelSelector: 'app=echo' })).items;
    while ((await pods()).length < 3) await delay(10);
    // The step starts on a fresh second (API times have whole seconds); then a pod is deleted and replaced, and
    // the Deployment is updated and rolled back by restoring its old template.
    await delay(1000 - (Date.now() % 1000) + 5);
    const startedAt = new Date();
    api.delete(k('Pod'), 'default', (await pods())[0].metadata.name!);
    const setImage = async (image: string, revision: string) => {
      const d = api.get(findKind('Deployment')!, 'default', 'echo');
      api.update(findKind('Deployment')!, 'default', 'echo', { ...d, spec: { ...d.spec!, template: template(image) } });
      while (api.get(k('Deployment'), 'default', 'echo').metadata.annotations?.['deployment.kubernetes.io/revision'] !== revision) await delay(10);
    };
    await setImage('gihyodocker/echo:v2', '2');
    await setImage('gihyodocker/echo:latest', '3');

    const opts = { startedAt, answers: { r2: 'deploy' } };
    const first = await gradeLab(inProcessClient(api), lab, opts);
    const failing = first.steps.flatMap((s) => s.results.filter((r) => r.status === 'failed' || r.status === 'error'));
    if (failing.length) throw new Error(`bench lab does not pass: ${failing.map((r) => `${r.id}: ${r.found.en}`).join('; ')}`);

    const inProcess = await timeEach(30, () => gradeLab(inProcessClient(api), lab, opts));
    const overHttp = await timeEach(30, () => gradeLab(lc.client, lab, opts));
    rows.push(row('grade a whole lab (5 steps, 16 checks), in-process p50', percentile(inProcess, 50), 'ms', { max: 200, text: '< 200 ms' }));
    rows.push(row('grade a whole lab, in-process p95', percentile(inProcess, 95), 'ms'));
    rows.push(row('grade a whole lab over HTTP (kubeconfig) p50', percentile(overHttp, 50), 'ms', { max: 200, text: '< 200 ms' }));
    rows.push(row('grade a whole lab over HTTP (kubeconfig) p95', percentile(overHttp, 95), 'ms'));

    // A wrong answer nothing will fix: reported once the reads have stayed unchanged for the quiet window.
    const wrong: GradableLab = { id: 'wrong', steps: [{ id: 's', checks: [{ id: 'w', title, hint, type: 'exists', resource: 'deploy', name: 'nope' }] }] };
    const final = await timeEach(5, () => gradeLab(lc.client, wrong));
    rows.push(row('final verdict on a failing check (default settle 5 s, quiet 1 s) p50', percentile(final, 50), 'ms', { max: 1500, text: '< 1.5 s' }));
  } finally {
    await lc.close();
  }
  return rows;
}
