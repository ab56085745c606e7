// The front door of exec/attach/port-forward: upgrade requests reach the cluster through the server's 'upgrade'
// event (directly, or under /clusters/<id>/ in a ClusterHost), are held to the cluster's token, and are refused with
// a Status a client can read — under sim, one that says real containers are needed; kubectl shows it for every
// version, because its WebSocket attempt falls back to SPDY, which gets the same answer.
import https from 'node:https';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Cluster } from '../../../../sandbox/cluster';
import { ClusterHost } from '../../../../sandbox/host';
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ephemeralServingCert } from '../../../../sandbox/tls';
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { startTestCluster } from '../../../helpers/test-cluster';

function rawUpgrade(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const lines = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: SPDY/3.1', 'X-Stream-Protocol-Version: v4.channel.k8s.io', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let raw = '';
    sock.on('data', (c) => (raw += c));
    sock.on('end', () => {
      const [head, body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), body });
    });
    sock.on('error', reject);
  });
}

describe('pod stream upgrades', () => {
  let cluster: Cluster;
  let host: ClusterHost;
  let server: https.Server;
  let port: number;

  beforeAll(async () => {
    cluster = new Cluster({ compactEveryMs: 0, log: () => undefined });
    cluster.api.create(findKind('Pod')!, 'default', { metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } });
    host = new ClusterHost();
    host.add('learner-1', cluster);
    const app = express();
    app.use('/clusters', host.handler());
    const cert = await ephemeralServingCert();
    server = https.createServer({ cert: cert.cert, key: cert.key }, app);
    server.on('upgrade', (req, socket, head) => {
      if (!host.upgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    host.dispose();
  });

  const path = '/clusters/learner-1/api/v1/namespaces/default/pods/web/exec?command=ls&container=app&stdout=true';

  it('refuses a request without the cluster token', async () => {
    const r = await rawUpgrade(port, path, {});
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('says a pod that does not exist is not found', async () => {
    const r = await rawUpgrade(port, path.replace('/web/', '/nope/'), { Authorization: `Bearer ${cluster.token}` });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).message).toBe('pods "nope" not found');
  });

  it('answers under sim that exec needs real containers', async () => {
    const r = await rawUpgrade(port, path, { Authorization: `Bearer ${cluster.token}` });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toContain('exec for pod "web" need real containers');
  });

  it('sends upgrades for unknown clusters a 404', async () => {
    const r = await rawUpgrade(port, path.replace('learner-1', 'learner-2'), { Authorization: `Bearer ${cluster.token}` });
    expect(r.status).toBe(404);
  });
});

const { oldest, newest } = kubectlBinaries();
(requireOrSkip('kubectl', !!oldest) ? describe : describe.skip)('kubectl exec under sim', () => {
  it('prints why exec cannot work, for old (SPDY) and new (WebSocket, then SPDY) kubectl', async () => {
    const tc = await startTestCluster();
    try {
      tc.cluster.api.create(findKind('Pod')!, 'default', { metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } });
      for (const bin of new Set([oldest!, newest!])) {
        const r = await tc.kubectl(bin, ['exec', 'web', '--', 'ls']);
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain('need real containers');
      }
    } finally {
      await tc.close();
    }
  });
});
