// Chunked lists and query booleans as kube-apiserver serves them: `limit`/`continue` with a consistent snapshot,
// remainingItemCount, the decoder's 400s and the 410 for a token too old, `watch=True`/`watch=0` in every spelling
// Go's clients write, and the real kubectl paging with --chunk-size.
import { findKind } from '../../../sandbox/apiserver/kinds/registry';
import { encodeContinue } from '../../../sandbox/apiserver/list-pages';
import { apiRequest } from '../../helpers/api-request';
import { kubectlBinaries, requireOrSkip } from '../../helpers/kubectl-bin';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const cmRes = findKind('ConfigMap')!;
const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

describe('chunked lists (limit and continue)', () => {
  let tc: TestCluster;
  const get = (query: string, headers?: Record<string, string>) =>
    apiRequest(`${tc.url}/api/v1/namespaces/pages/configmaps?${query}`, { token: tc.cluster.token, ca: tc.caCert, headers });
  const names = (body: any) => body.items.map((i: any) => i.metadata.name);

  beforeAll(async () => {
    // No controllers: the root CA publisher would add kube-root-ca.crt to the namespace's ConfigMaps.
    tc = await startTestCluster({ controllers: false });
    tc.cluster.api.create(findKind('Namespace')!, undefined, { metadata: { name: 'pages' } });
    for (let i = 1; i <= 5; i++) tc.cluster.api.create(cmRes, 'pages', { metadata: { name: `c${i}`, labels: { odd: String(i % 2 === 1) } }, data: { n: String(i) } });
  });

  afterAll(async () => {
    await tc?.close();
  });

  it('returns at most limit items, a continue token and the count of the rest', async () => {
    const first = await get('limit=2');
    expect(names(first.body)).toEqual(['c1', 'c2']);
    expect(first.body.metadata.remainingItemCount).toBe(3);
    const token = JSON.parse(Buffer.from(first.body.metadata.continue, 'base64url').toString());
    expect(token).toEqual({ v: 'meta.k8s.io/v1', rv: Number(first.body.metadata.resourceVersion), start: 'c2\u0000' });
    const second = await get(`limit=2&continue=${first.body.metadata.continue}`);
    expect(names(second.body)).toEqual(['c3', 'c4']);
    const last = await get(`limit=2&continue=${second.body.metadata.continue}`);
    expect(names(last.body)).toEqual(['c5']);
    expect(last.body.metadata.continue).toBeUndefined();
    expect(last.body.metadata.remainingItemCount).toBeUndefined();
  });

  it('serves every page from the first page’s snapshot, whatever was written meanwhile', async () => {
    const first = await get('limit=2');
    tc.cluster.api.create(cmRes, 'pages', { metadata: { name: 'c3a' }, data: {} });
    tc.cluster.api.delete(cmRes, 'pages', 'c4');
    const rest = await get(`continue=${first.body.metadata.continue}`);
    expect(names(rest.body)).toEqual(['c3', 'c4', 'c5']);
    expect(rest.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    tc.cluster.api.delete(cmRes, 'pages', 'c3a');
    tc.cluster.api.create(cmRes, 'pages', { metadata: { name: 'c4', labels: { odd: 'false' } }, data: { n: '4' } });
  });

  it('leaves remainingItemCount out when a selector filters the list', async () => {
    const page = await get('limit=2&labelSelector=odd%3Dtrue');
    expect(names(page.body)).toEqual(['c1', 'c3']);
    expect(page.body.metadata.continue).toBeDefined();
    expect(page.body.metadata.remainingItemCount).toBeUndefined();
    const rest = await get(`limit=2&labelSelector=odd%3Dtrue&continue=${page.body.metadata.continue}`);
    expect(names(rest.body)).toEqual(['c5']);
  });

  it('answers a token whose snapshot is gone with 410 Expired and a token for the rest', async () => {
    const r = await get(`limit=2&continue=${encodeContinue(1, 'c2\u0000')}`);
    expect(r.status).toBe(410);
    expect(r.body.reason).toBe('Expired');
    expect(r.body.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token/);
    const rest = await get(`limit=2&continue=${r.body.metadata.continue}`);
    expect(names(rest.body)).toEqual(['c3', 'c4']);
  });

  it('refuses bad tokens and a resourceVersion with continue as kube-apiserver does', async () => {
    expect((await get('continue=not*base64')).body.message).toBe('invalid continue token: continue key is not valid: illegal base64 data at input byte 3');
    const token = (await get('limit=1')).body.metadata.continue;
    const both = await get(`continue=${token}&resourceVersion=5`);
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('specifying resource version is not allowed when using continue');
    const noStart = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 3, start: '' })).toString('base64url');
    expect((await get(`continue=${noStart}`)).body.message).toBe('invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  });

  it('ignores limit for resourceVersion=0 lists (served from the cache)', async () => {
    const r = await get('limit=2&resourceVersion=0');
    expect(names(r.body)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(r.body.metadata.continue).toBeUndefined();
  });

  it('pages Tables too', async () => {
    const r = await get('limit=2', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(r.body.kind).toBe('Table');
    expect(r.body.rows.map((row: any) => row.cells[0])).toEqual(['c1', 'c2']);
    expect(r.body.metadata.continue).toBeDefined();
    expect(r.body.metadata.remainingItemCount).toBe(3);
  });

  it.each(['True', 'true', 'TRUE', '1', 't', 'T'])('watches with watch=%s', async (value) => {
    const controller = new AbortController();
    const first = await new Promise<string>((resolve, reject) => {
      const https = require('node:https') as typeof import('node:https');
      const req = https.get(`${tc.url}/api/v1/namespaces/pages/configmaps?watch=${value}`, { ca: tc.caCert, headers: { authorization: `Bearer ${tc.cluster.token}` }, signal: controller.signal }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (d: string) => resolve(d.split('\n')[0]));
      });
      req.on('error', (e) => (controller.signal.aborted ? undefined : reject(e)));
    });
    controller.abort();
    expect(JSON.parse(first).type).toBe('ADDED');
  });

  it.each(['False', 'false', 'FALSE', '0'])('lists with watch=%s', async (value) => {
    expect((await get(`watch=${value}`)).body.kind).toBe('ConfigMapList');
  });

  (hasKubectl ? it : it.skip)('lets the real kubectl page with --chunk-size (oldest and newest)', async () => {
    const { oldest, newest } = kubectlBinaries();
    for (const bin of new Set([oldest!, newest!])) {
      const r = await tc.kubectl(bin, ['get', 'configmaps', '-n', 'pages', '--chunk-size=2', '-o', 'name']);
      expect(r.stdout.trim().split('\n')).toEqual(['configmap/c1', 'configmap/c2', 'configmap/c3', 'configmap/c4', 'configmap/c5']);
      const table = await tc.kubectl(bin, ['get', 'configmaps', '-n', 'pages', '--chunk-size=2']);
      expect(table.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'c1', 'c2', 'c3', 'c4', 'c5']);
    }
  });
});
