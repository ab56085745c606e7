// The HTTP ObjectClient reaches a cluster the way kubectl does, from a kubeconfig: our cluster behind a path prefix
// with a bearer token, and a TLS server that wants a client certificate signed by its CA.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import express from 'express';
import YAML from 'yaml';
import { Cluster } from '../../../sandbox/cluster';
import { ClusterHost } from '../../../sandbox/host';
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { StatusError } from '../../../sandbox/api/errors';
import type { WatchEvent } from '../../../sandbox/api/types';
import { connectionFromKubeconfig, connectionFromKubeconfigFile, HttpObjectClient } from '../../../sandbox/api/http-client';
import { waitFor } from '../../helpers/test-cluster';

const cm = findKind('ConfigMap')!;
const deploy = findKind('Deployment')!;
const ns = findKind('Namespace')!;

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>, namespace?: string): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', ...(namespace ? { namespace } : {}) } }],
    'current-context': 'ctx',
  });
}

describe('HttpObjectClient against a cluster behind a path prefix', () => {
  let host: ClusterHost;
  let cluster: Cluster;
  let server: http.Server;
  let client: HttpObjectClient;

  beforeAll(async () => {
    host = new ClusterHost();
    cluster = new Cluster({ compactEveryMs: 0 });
    host.add('abc', cluster);
    const app = express();
    app.use('/clusters', host.handler());
    server = http.createServer(app);
    const port = await listen(server);
    client = new HttpObjectClient(connectionFromKubeconfig(kubeconfig({ server: `http://127.0.0.1:${port}/clusters/abc/` }, { token: cluster.token }, 'default')));
  });

  afterAll(async () => {
    client.dispose();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    host.dispose();
  });

  it('creates, reads, lists by label, patches and deletes objects', async () => {
    await client.create(cm, undefined, { metadata: { name: 'cfg', labels: { app: 'echo' } }, data: { a: '1' } });
    expect((await client.get(cm, undefined, 'cfg')).data).toEqual({ a: '1' });
    expect((await client.list(cm, 'default', { labelSelector: 'app=echo' })).items.map((o) => o.metadata.name)).toEqual(['cfg']);
    expect((await client.list(cm, 'default', { labelSelector: 'app=other' })).items).toEqual([]);
    const patched = await client.patch(cm, 'default', 'cfg', 'merge', { data: { b: '2' } });
    expect(patched.data).toEqual({ a: '1', b: '2' });
    await client.delete(cm, 'default', 'cfg');
    await expect(client.get(cm, 'default', 'cfg')).rejects.toMatchObject({ code: 404, message: 'configmaps "cfg" not found' });
  });

  it('throws the server Status as a StatusError', async () => {
    const err = await client.create(deploy, 'default', { metadata: { name: 'bad' }, spec: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
  });

  it('streams watch events until disposed', async () => {
    const events: WatchEvent[] = [];
    const w = client.watch(cm, 'default', {}, (e) => events.push(e));
    await client.create(cm, 'default', { metadata: { name: 'watched' } });
    await waitFor(() => events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'watched'), 'the ADDED event');
    w.dispose();
  });

  it('answers 401 with a wrong token', async () => {
    const wrong = new HttpObjectClient({ ...client.connection, token: 'nope' });
    await expect(wrong.list(ns, undefined)).rejects.toMatchObject({ code: 401 });
    wrong.dispose();
  });
});

describe('HttpObjectClient over TLS with a client certificate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-tls-'));
  const file = (n: string) => path.join(dir, n);
  let server: https.Server;
  let cluster: Cluster;
  let port: number;

  beforeAll(async () => {
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=kubelab-test-ca');
    fs.writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=learner');
    ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '1');
    cluster = new Cluster({ compactEveryMs: 0 });
    const app = express();
    // The client certificate is the credential here: stand in the cluster's token once TLS has verified it.
    app.use((req, _res, next) => {
      req.headers.authorization = `Bearer ${cluster.token}`;
      next();
    });
    app.use(cluster.router);
    server = https.createServer(
      { key: fs.readFileSync(file('server.key')), cert: fs.readFileSync(file('server.crt')), ca: fs.readFileSync(file('ca.crt')), requestCert: true, rejectUnauthorized: true },
      app,
    );
    port = await listen(server);
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    cluster.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const b64 = (n: string) => fs.readFileSync(file(n)).toString('base64');

  it('connects with CA data and client certificate data', async () => {
    const client = new HttpObjectClient(
      connectionFromKubeconfig(kubeconfig({ server: `https://127.0.0.1:${port}`, 'certificate-authority-data': b64('ca.crt') }, { 'client-certificate-data': b64('client.crt'), 'client-key-data': b64('client.key') })),
    );
    expect((await client.list(ns, undefined)).items.map((n) => n.metadata.name)).toContain('default');
    client.dispose();
  });

  it('reads certificate files relative to the kubeconfig, and skips verification when told', async () => {
    fs.writeFileSync(file('kubeconfig'), kubeconfig({ server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true }, { 'client-certificate': 'client.crt', 'client-key': 'client.key' }, 'kube-system'));
    const client = HttpObjectClient.fromKubeconfigFile(file('kubeconfig'));
    expect(client.namespace).toBe('kube-system');
    expect((await client.get(ns, undefined, 'kube-system')).metadata.name).toBe('kube-system');
    client.dispose();
  });

  it('refuses a server its CA did not sign', async () => {
    const client = new HttpObjectClient(connectionFromKubeconfig(kubeconfig({ server: `https://127.0.0.1:${port}` }, { 'client-certificate-data': b64('client.crt'), 'client-key-data': b64('client.key') })));
    await expect(client.list(ns, undefined)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    client.dispose();
  });
});

describe('kubeconfig resolution', () => {
  it('names what is missing', () => {
    expect(() => connectionFromKubeconfig({ contexts: [], clusters: [] })).toThrow(/no current-context/);
    expect(() => connectionFromKubeconfig(kubeconfig({ server: 'http://x' }, { exec: { command: 'gke-gcloud-auth-plugin' } }))).toThrow(/exec\/auth-provider plugin/);
    expect(() => connectionFromKubeconfigFile('/nonexistent/kubeconfig')).toThrow(/ENOENT/);
  });

  it('uses the context namespace, default otherwise, and a token file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-kc-'));
    fs.writeFileSync(path.join(dir, 'token'), 'secret-token\n');
    fs.writeFileSync(path.join(dir, 'config'), kubeconfig({ server: 'http://127.0.0.1:1/prefix/' }, { tokenFile: 'token' }));
    const c = connectionFromKubeconfigFile(path.join(dir, 'config'));
    expect(c).toMatchObject({ server: 'http://127.0.0.1:1/prefix', token: 'secret-token', namespace: 'default' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
