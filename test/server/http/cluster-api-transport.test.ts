// The learner's cluster API on the app's port, as an attacker on the path or a hostile learner meets it: a bearer
// token sent over plain HTTP is refused (kubectl never does that, so only a downgraded or forged client would),
// and bodies nested deeper than the decoder's limit are refused with 400 before they are parsed, for JSON, YAML
// and patches alike. The toolbox and grader kubeconfigs point at https://, so nothing of ours is refused.
import http from 'node:http';
import YAML from 'yaml';
import { startApp, type Harness } from '../app-harness';
import { apiRequest } from '../../helpers/api-request';
import { learnerKubeconfig } from '../../../server/clusters/kubeconfigs';

let app: Harness;
let annId: string;
let token: string;

beforeAll(async () => {
  app = await startApp();
  const ann = app.client();
  await ann.signUp('ann@example.com');
  annId = await ann.userId();
  token = app.server.ctx.clusters.token(annId);
});
afterAll(() => app.close());

function plainHttp(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const https = () => app.url.replace('http:', 'https:');
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepObject = (name: string, depth: number) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"x":"y"},"extra":${nested(depth)}}`;

describe('bearer tokens over plain HTTP', () => {
  it('refuses a request with the right token over plain HTTP with a Status, and never runs it', async () => {
    const res = await plainHttp(
      `/clusters/${annId}/api/v1/namespaces/default/configmaps`,
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      'POST',
      JSON.stringify({ metadata: { name: 'over-http' }, data: {} }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(res.body.message).toBe('Client sent an HTTP request to an HTTPS server.');
    const list = await apiRequest(`${https()}/clusters/${annId}/api/v1/namespaces/default/configmaps`, { token, ca: app.server.ctx.caCert });
    expect(list.body.items.map((c: any) => c.metadata.name)).not.toContain('over-http');
  });

  it('refuses a WebSocket upgrade (exec) carrying a token over plain HTTP', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${app.url}/clusters/${annId}/api/v1/namespaces/default/pods/x/exec?command=sh`, {
        headers: { authorization: `Bearer ${token}`, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      });
      req.on('upgrade', (_res, socket) => {
        socket.destroy();
        resolve(101);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });

  it('still answers over HTTPS, which is what the kubeconfigs of the terminal and the grader use', async () => {
    const res = await apiRequest(`${https()}/clusters/${annId}/api/v1/namespaces`, { token, ca: app.server.ctx.caCert });
    expect(res.status).toBe(200);
    const kubeconfig = YAML.parse(learnerKubeconfig({ hostPort: 'host.docker.internal:3000', clusterId: annId, token, caCert: app.server.ctx.caCert }));
    expect(kubeconfig.clusters[0].cluster.server).toMatch(/^https:\/\//);
  });
});

describe('deeply nested bodies', () => {
  const url = () => `${https()}/clusters/${annId}/api/v1/namespaces/default/configmaps`;

  it("refuses 5000 levels of JSON with 400 and the decoder's wording, and keeps serving", async () => {
    const res = await apiRequest(url(), { method: 'POST', token, ca: app.server.ctx.caCert, body: deepObject('deep', 5000) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(res.body.message).toMatch(/exceeded max depth of \d+/);
    expect((await apiRequest(url(), { token, ca: app.server.ctx.caCert })).status).toBe(200);
  });

  it('refuses deep YAML, flow and block style', async () => {
    const flow = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nextra: ${nested(5000)}\n`;
    let block = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nextra:\n';
    for (let i = 1; i <= 600; i++) block += `${' '.repeat(i)}k:\n`;
    block += `${' '.repeat(601)}v\n`;
    for (const body of [flow, block]) {
      const res = await apiRequest(url(), { method: 'POST', token, ca: app.server.ctx.caCert, body, headers: { 'content-type': 'application/yaml' } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/exceeded max depth of \d+/);
    }
  });

  it('refuses a deep merge patch', async () => {
    await apiRequest(url(), { method: 'POST', token, ca: app.server.ctx.caCert, body: { metadata: { name: 'shallow' }, data: { a: 'b' } } });
    const res = await apiRequest(`${url()}/shallow`, {
      method: 'PATCH',
      token,
      ca: app.server.ctx.caCert,
      body: `{"metadata":{"labels":${nested(5000)}}}`,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/exceeded max depth of \d+/);
  });

  it('accepts an object with a few levels of nesting', async () => {
    const res = await apiRequest(url(), { method: 'POST', token, ca: app.server.ctx.caCert, body: deepObject('twenty', 20) });
    expect(res.status).toBe(201);
  });
});
