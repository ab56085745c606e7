// Our patch code against the real thing: `kubectl patch --local` applies a patch offline with the very libraries
// kube-apiserver uses (apimachinery strategicpatch with the k8s.io/api struct tags, evanphx/json-patch), so for each
// case the patched object — or the failure message — must be exactly what kubectl computes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyPatch, type PatchType } from '../../../../sandbox/apiserver/patch';
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { cronJob, deployment, node, pod, service } from './fixtures';

const run = promisify(execFile);
const kubectl = kubectlBinaries().newest;
const describeKubectl = requireOrSkip('kubectl', kubectl !== undefined) ? describe : describe.skip;

type Case = [name: string, object: () => object, type: PatchType, patch: unknown];

const podSpec = (spec: object) => ({ spec: { template: { spec } } });
const nginx = (fields: object) => podSpec({ containers: [{ name: 'nginx', ...fields }] });

const cases: Case[] = [
  ['changes one container by name', deployment, 'strategic', nginx({ image: 'nginx:1.26' })],
  ['puts a container new to the list first', deployment, 'strategic', podSpec({ containers: [{ name: 'sidecar', image: 'envoy:1' }] })],
  ['orders containers by $setElementOrder (client-side apply)', deployment, 'strategic', {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
    spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'echo1' }, { name: 'sidecar' }], containers: [{ name: 'echo1', image: 'echo:2' }, { name: 'sidecar', image: 'envoy:1' }] } } },
  }],
  ['reorders by $setElementOrder alone', deployment, 'strategic', podSpec({ '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }] })],
  ['adds and deletes containers in one $setElementOrder patch', deployment, 'strategic', podSpec({
    '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'sidecar' }],
    containers: [{ name: 'sidecar', image: 'envoy:1' }, { name: 'nginx', $patch: 'delete' }],
  })],
  ['deletes an env var with $patch: delete', deployment, 'strategic', nginx({ env: [{ name: 'LOG_LEVEL', $patch: 'delete' }] })],
  ['adds an env var in $setElementOrder order', deployment, 'strategic', nginx({
    '$setElementOrder/env': [{ name: 'BACKEND_HOST' }, { name: 'MODE' }, { name: 'LOG_LEVEL' }], env: [{ name: 'MODE', value: 'prod' }],
  })],
  ['replaces args whole', deployment, 'strategic', nginx({ args: ['--port', '8080'] })],
  ['merges ports by containerPort and mounts by mountPath', deployment, 'strategic', nginx({
    ports: [{ containerPort: 443, protocol: 'TCP' }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
  })],
  ['merges volumes by name', deployment, 'strategic', podSpec({ volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }] })],
  ['replaces tolerations whole', deployment, 'strategic', podSpec({ tolerations: [{ key: 'gpu', operator: 'Exists' }] })],
  ['merges hostAliases by ip', deployment, 'strategic', podSpec({ hostAliases: [{ ip: '10.0.0.2', hostnames: ['cache.local'] }] })],
  ['replaces the container list with $patch: replace', deployment, 'strategic', podSpec({ containers: [{ name: 'only', image: 'x:1' }, { $patch: 'replace' }] })],
  ['merges finalizers as a set', deployment, 'strategic', { metadata: { finalizers: ['example.com/b', 'example.com/c'] } }],
  ['removes a finalizer with $deleteFromPrimitiveList', deployment, 'strategic', { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } }],
  ['orders finalizers by $setElementOrder', deployment, 'strategic', { metadata: { '$setElementOrder/finalizers': ['example.com/b', 'example.com/a'] } }],
  ['merges ownerReferences by uid', deployment, 'strategic', { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 's', uid: 'u-2' }] } }],
  ['merges status conditions by type', deployment, 'strategic', { status: { conditions: [{ type: 'Available', status: 'False', reason: 'Down' }] } }],
  ['deletes keys set to null', deployment, 'strategic', { metadata: { annotations: { owner: null } }, spec: { replicas: null } }],
  ['replaces a map with $patch: replace', deployment, 'strategic', { metadata: { labels: { $patch: 'replace', tier: 'web' } } }],
  ['empties a map with $patch: delete', deployment, 'strategic', { spec: { strategy: { $patch: 'delete' } } }],
  ['switches to Recreate with $retainKeys', deployment, 'strategic', { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } }],
  ['takes a new field without its nulls and directives', deployment, 'strategic', { spec: { minReadySeconds: 5, paused: false, template: { spec: { dnsConfig: { options: [{ name: 'ndots', value: null }] }, nodeSelector: { disk: 'ssd', zone: null } } } } }],
  ['merges Service ports by port', service, 'strategic', { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443, targetPort: 8443 }] } }],
  ['merges a CronJob pod template by container name', cronJob, 'strategic', { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', image: 'busybox:1.37' }, { name: 'log', image: 'fluent:1' }] } } } } } }],
  ['merges Node podCIDRs and addresses, replaces taints', node, 'strategic', { spec: { podCIDRs: ['10.244.2.0/24'], taints: [] }, status: { addresses: [{ type: 'ExternalIP', address: '1.2.3.4' }] } }],
  ['merges init containers and image pull secrets', pod, 'strategic', { spec: { initContainers: [{ name: 'init', image: 'busybox:1.37' }], imagePullSecrets: [{ name: 'mirror' }] }, status: { podIPs: [{ ip: 'fd00::5' }] } }],
  ['refuses a list element without its merge key', deployment, 'strategic', podSpec({ containers: [{ image: 'x:1' }] })],
  ['refuses $patch: merge', deployment, 'strategic', { spec: { $patch: 'merge' } }],
  ['refuses $patch: merge on a list element', deployment, 'strategic', nginx({ $patch: 'merge' })],
  ['refuses an unknown $patch', deployment, 'strategic', { spec: { strategy: { $patch: 'nope' } } }],
  ['refuses a patch list out of $setElementOrder order', deployment, 'strategic', podSpec({ '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }], containers: [{ name: 'nginx', image: 'a' }, { name: 'echo1', image: 'b' }] })],
  ['refuses fields missing from $retainKeys', deployment, 'strategic', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }],
  ['refuses a malformed $deleteFromPrimitiveList key', deployment, 'strategic', { metadata: { $deleteFromPrimitiveList: ['example.com/a'] } }],
  ['refuses lists of mixed element types', deployment, 'strategic', podSpec({ containers: ['nginx'] })],

  ['merges maps, deletes nulls and replaces lists (merge patch)', deployment, 'merge', { metadata: { labels: null, annotations: { owner: 'lee' } }, spec: { replicas: 5, template: { spec: { containers: [{ name: 'only', image: 'x:1', env: [{ name: 'A', value: null }] }], nodeSelector: { disk: 'ssd', zone: null } } } } }],
  ['replaces a scalar by an object without its nulls (merge patch)', deployment, 'merge', { spec: { replicas: { a: 1, b: null } } }],

  ['applies the rollout undo patch (JSON patch)', deployment, 'json', [
    { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'echo' } }, spec: { containers: [{ name: 'echo1', image: 'echo:1' }] } } },
    { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
  ]],
  ['adds, removes, moves and copies (JSON patch)', deployment, 'json', [
    { op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '--verbose' },
    { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'echo' },
    { op: 'remove', path: '/metadata/finalizers/0' },
    { op: 'move', from: '/metadata/annotations/owner', path: '/metadata/labels/owner' },
    { op: 'copy', from: '/spec/template/spec/containers/1', path: '/spec/template/spec/containers/0' },
    { op: 'test', path: '/spec/replicas', value: 3 },
    { op: 'replace', path: '/spec/template/spec/containers/-1/image', value: 'echo:2' },
  ]],
  ['fails a test operation (JSON patch)', deployment, 'json', [{ op: 'test', path: '/spec/replicas', value: 9 }]],
  ['fails to remove a missing key (JSON patch)', deployment, 'json', [{ op: 'remove', path: '/metadata/labels/nope' }]],
  ['fails on an index past the end (JSON patch)', deployment, 'json', [{ op: 'add', path: '/metadata/finalizers/5', value: 'x' }]],
  ['fails on a missing parent (JSON patch)', deployment, 'json', [{ op: 'add', path: '/spec/nope/x', value: 1 }]],
];

/** The object kubectl computes, or the message it fails with. */
async function kubectlPatch(dir: string, i: number, object: object, type: PatchType, patch: unknown): Promise<unknown> {
  const file = path.join(dir, `obj-${i}.json`);
  fs.writeFileSync(file, JSON.stringify(object));
  const args = ['patch', '--local', '-f', file, '--type', type, '-p', JSON.stringify(patch), '-o', 'json', '--kubeconfig', '/dev/null'];
  try {
    const { stdout } = await run(kubectl!, args);
    return JSON.parse(stdout);
  } catch (e) {
    return { error: String((e as { stderr?: string }).stderr ?? e).replace(/^error: /, '').trimEnd() };
  }
}

/** Our result, or the library message behind our error (kube-apiserver hides some of them behind a generic 422). */
function ourPatch(object: object, type: PatchType, patch: unknown): unknown {
  try {
    return applyPatch(object, patch, type, (object as { kind: string }).kind);
  } catch (e) {
    const err = e as Error;
    return { error: String(err.cause ?? err.message).trimEnd() };
  }
}

describeKubectl('patches agree with kubectl patch --local', () => {
  let dir: string;
  const expected = new Map<string, unknown>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-patch-'));
    const results = await Promise.all(cases.map(([, object, type, patch], i) => kubectlPatch(dir, i, object(), type, patch)));
    cases.forEach(([name], i) => expected.set(name, results[i]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(cases)('%s', (name, object, type, patch) => {
    expect(ourPatch(object(), type, patch)).toEqual(expected.get(name));
  });
});
