// The real kubectl (oldest and newest installed) against our OpenAPI documents: `explain` prints Kubernetes' own field
// descriptions, `apply` leaves field validation to the server (fieldValidation=Strict, no client-side check), and the
// newest kubectl, which computes apply patches from our v3 schemas, sends the same patch as the oldest does from its
// compiled-in types.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import express from 'express';
import { kubeconfigYaml } from '../../../../sandbox/kubeconfig';
import { strictDecodingError, unknownFieldWarnings, unknownFields } from '../../../../sandbox/apiserver/openapi';
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { startOpenapiApp, type OpenapiApp } from './openapi-app';

const { oldest, newest } = kubectlBinaries();
const versions = [...new Set([oldest, newest].filter((b): b is string => !!b))];
const run = requireOrSkip('kubectl', versions.length > 0);
const describeKubectl = run ? describe.each(versions) : describe.skip.each(['kubectl']);

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'd' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      metadata: { labels: { app: 'd' } },
      spec: {
        volumes: [{ name: 'v1', emptyDir: {} }, { name: 'v2', emptyDir: {} }],
        containers: [
          {
            name: 'a',
            image: 'nginx:1',
            args: ['x', 'y'],
            env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }],
            ports: [{ containerPort: 80 }, { containerPort: 81 }],
            volumeMounts: [{ name: 'v1', mountPath: '/a' }, { name: 'v2', mountPath: '/b' }],
          },
          { name: 'b', image: 'busybox' },
        ],
      },
    },
  },
};
/** What the learner applies next: changed image, env, ports, mounts, volumes, strategy; container b replaced by c. */
const CHANGED = {
  ...DEPLOYMENT,
  spec: {
    ...DEPLOYMENT.spec,
    replicas: 3,
    strategy: { type: 'Recreate' },
    template: {
      metadata: { labels: { app: 'd' } },
      spec: {
        volumes: [{ name: 'v1', emptyDir: {} }, { name: 'v3', configMap: { name: 'cm' } }],
        containers: [
          {
            name: 'a',
            image: 'nginx:2',
            args: ['y'],
            env: [{ name: 'E2', value: 'two' }, { name: 'E3', value: '3' }],
            ports: [{ containerPort: 81 }, { containerPort: 82 }],
            volumeMounts: [{ name: 'v1', mountPath: '/a' }, { name: 'v3', mountPath: '/c' }],
          },
          { name: 'c', image: 'alpine' },
        ],
      },
    },
  },
};

const POD_WITH_TYPO = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: default
spec:
  containers:
  - name: c
    image: nginx
    imagee: nginx:1.27
`;

const notFound = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' };

let app: OpenapiApp;
let dir: string;
const patches: string[] = [];

beforeAll(async () => {
  if (!run) return;
  const current = { ...DEPLOYMENT, metadata: { ...DEPLOYMENT.metadata, uid: 'u1', resourceVersion: '5', annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(DEPLOYMENT)}\n` } } };
  app = await startOpenapiApp((a) => {
    a.use(express.json({ type: () => true }));
    a.get('/api/v1/namespaces/default/pods/p', (_req, res) => res.status(404).json(notFound));
    // A create handler doing what the real one does with fieldValidation.
    a.post('/api/v1/namespaces/default/pods', (req, res) => {
      const unknown = unknownFields(req.body.apiVersion, req.body.kind, req.body);
      if (unknown.length && req.query.fieldValidation === 'Strict') {
        const err = strictDecodingError(req.body.apiVersion, req.body.kind, unknown);
        res.status(err.code).json(err.status);
        return;
      }
      if (unknown.length && req.query.fieldValidation === 'Warn') for (const w of unknownFieldWarnings(unknown)) res.append('Warning', w);
      res.status(201).json(req.body);
    });
    a.get('/apis/apps/v1/namespaces/default/deployments/d', (_req, res) => res.json(current));
    a.patch('/apis/apps/v1/namespaces/default/deployments/d', (req, res) => {
      patches.push(JSON.stringify(req.body));
      res.json(current);
    });
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-openapi-'));
  fs.writeFileSync(path.join(dir, 'kubeconfig'), kubeconfigYaml(app.url, 'token'));
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD_WITH_TYPO);
  fs.writeFileSync(path.join(dir, 'deploy.json'), JSON.stringify(CHANGED));
});

afterAll(async () => {
  if (!run) return;
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function kubectl(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cacheDir = fs.mkdtempSync(path.join(dir, 'cache-'));
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--kubeconfig', path.join(dir, 'kubeconfig'), '--cache-dir', cacheDir, ...args],
      { cwd: dir, timeout: 30_000, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describeKubectl('%s', (bin) => {
  it('explains a pod with the Kubernetes descriptions', async () => {
    const { code, stdout } = await kubectl(bin, ['explain', 'pod']);
    expect(code).toBe(0);
    expect(stdout).toContain('KIND:       Pod');
    expect(stdout).toContain('Pod is a collection of containers that can run on a host.');
    expect(stdout).toMatch(/spec\t<PodSpec>\n\s+Specification of the desired behavior of the pod/);
    expect(app.requests.some((r) => r.url.startsWith('/openapi/v3/api/v1?hash='))).toBe(true);
  });

  it('explains deployment.spec.strategy down to the enum values', async () => {
    const { code, stdout } = await kubectl(bin, ['explain', 'deployment.spec.strategy']);
    expect(code).toBe(0);
    expect(stdout).toContain('GROUP:      apps');
    expect(stdout).toContain('FIELD: strategy <DeploymentStrategy>');
    expect(stdout).toMatch(/rollingUpdate\t<RollingUpdateDeployment>/);
    expect(stdout).toContain('Kill all existing pods before creating new ones.');
  });

  it('explains svc.spec.type', async () => {
    const { code, stdout } = await kubectl(bin, ['explain', 'svc.spec.type']);
    expect(code).toBe(0);
    expect(stdout).toContain('FIELD: type <string>');
    expect(stdout).toContain('type determines how the Service is exposed.');
  });

  it('leaves unknown fields to the server and prints its strict decoding error', async () => {
    const { code, stderr } = await kubectl(bin, ['apply', '-f', 'pod.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Error from server (BadRequest): error when creating "pod.yaml": Pod in version "v1" cannot be handled as a Pod: ' +
        'strict decoding error: unknown field "spec.containers[0].imagee"',
    );
    const post = app.requests.filter((r) => r.method === 'POST').pop()!;
    expect(post.url).toBe('/api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict');
  });

  it('prints the server warning for unknown fields with --validate=warn', async () => {
    const { code, stdout, stderr } = await kubectl(bin, ['apply', '-f', 'pod.yaml', '--validate=warn']);
    expect(code).toBe(0);
    expect(stdout).toContain('pod/p created');
    expect(stderr).toContain('Warning: unknown field "spec.containers[0].imagee"');
  });

  it('sends a strategic merge patch when applying a changed deployment', async () => {
    const { code, stdout } = await kubectl(bin, ['apply', '-f', 'deploy.json']);
    expect(code).toBe(0);
    expect(stdout).toContain('deployment.apps/d configured');
    const spec = JSON.parse(patches[patches.length - 1]).spec;
    expect(spec.strategy).toEqual({ $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' });
    expect(spec.template.spec['$setElementOrder/containers']).toEqual([{ name: 'a' }, { name: 'c' }]);
    expect(spec.template.spec.containers).toContainEqual({ $patch: 'delete', name: 'b' });
    expect(spec.template.spec.containers[0].env).toContainEqual({ $patch: 'delete', name: 'E1' });
    expect(spec.template.spec.containers[0].ports).toContainEqual({ $patch: 'delete', containerPort: 80 });
    expect(spec.template.spec.volumes).toContainEqual({ $patch: 'delete', name: 'v2' });
  });
});

(run && versions.length > 1 ? it : it.skip)('newest kubectl patches from our schemas exactly as oldest does from its built-in types', async () => {
  const [first, last] = [versions[0], versions[versions.length - 1]];
  await kubectl(first, ['apply', '-f', 'deploy.json']);
  const fromBuiltins = patches[patches.length - 1];
  const { stderr } = await kubectl(last, ['apply', '-f', 'deploy.json']);
  // kubectl falls back to its built-in types (with this warning) when our schemas cannot compute the patch.
  expect(stderr).not.toContain('error calculating patch');
  expect(patches[patches.length - 1]).toBe(fromBuiltins);
});
