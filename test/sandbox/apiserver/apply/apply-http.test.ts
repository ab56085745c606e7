// Server-side apply over HTTP, as clients other than kubectl send it: a YAML body with Content-Type
// application/apply-patch+yaml, the answers kube-apiserver gives to a body that is not YAML, to ?force= on another
// patch type, and to apply on a subresource (which kubelab does not serve).
import { apiRequest } from '../../../helpers/api-request';
import { startTestCluster, type TestCluster } from '../../../helpers/test-cluster';

describe('server-side apply over HTTP', () => {
  let tc: TestCluster;
  const call = (path: string, method: string, body: string, contentType: string) =>
    apiRequest(`${tc.url}${path}`, { method, token: tc.cluster.token, ca: tc.caCert, body, headers: { 'content-type': contentType } });
  const apply = 'application/apply-patch+yaml';
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n';

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('creates from a YAML body and answers 200 with the managedFields', async () => {
    const r = await call('/api/v1/namespaces/default/configmaps/settings?fieldManager=curl', 'PATCH', cm, apply);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ color: 'blue' });
    expect(r.body.metadata.managedFields).toEqual([
      { manager: 'curl', operation: 'Apply', apiVersion: 'v1', time: expect.any(String), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:color': {} } } },
    ]);
  });

  it('records a PUT without ?fieldManager= under the User-Agent\'s program name', async () => {
    const got = await apiRequest(`${tc.url}/api/v1/namespaces/default/configmaps/settings`, { token: tc.cluster.token, ca: tc.caCert });
    const next = { ...got.body, data: { color: 'green' } };
    const r = await apiRequest(`${tc.url}/api/v1/namespaces/default/configmaps/settings`, {
      method: 'PUT', token: tc.cluster.token, ca: tc.caCert, body: next, headers: { 'user-agent': 'my-operator/v0.1 (linux/amd64)' },
    });
    expect(r.status).toBe(200);
    expect(r.body.metadata.managedFields.map((e: { manager: string; operation: string }) => [e.manager, e.operation])).toEqual([['my-operator', 'Update']]);
  });

  it('answers a body that is not YAML with 400', async () => {
    const r = await call('/api/v1/namespaces/default/configmaps/settings?fieldManager=curl', 'PATCH', 'data: [unclosed', apply);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^error decoding YAML: /);
  });

  it('refuses ?force= on a patch that is not an apply', async () => {
    const r = await call('/api/v1/namespaces/default/configmaps/settings?force=true', 'PATCH', '{"data":{"a":"b"}}', 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('does not serve apply on a subresource', async () => {
    const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
    expect((await call('/apis/apps/v1/namespaces/default/deployments/web?fieldManager=curl', 'PATCH', dep, apply)).status).toBe(200);
    const r = await call('/apis/apps/v1/namespaces/default/deployments/web/status?fieldManager=curl', 'PATCH', 'status: {}', apply);
    expect(r.status).toBe(415);
  });
});
