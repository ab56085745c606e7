// The OpenAPI endpoints as an HTTP client sees them: an empty-but-valid v2, a v3 root, and per group/version documents
// shaped like kube-apiserver's.
import { startOpenapiApp, type OpenapiApp } from './openapi-app';

let app: OpenapiApp;
beforeAll(async () => {
  app = await startOpenapiApp();
});
afterAll(() => app.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

async function document(path: string): Promise<any> {
  const root = (await (await get('/openapi/v3')).json()) as { paths: Record<string, { serverRelativeURL: string }> };
  return (await get(root.paths[path].serverRelativeURL)).json();
}

describe('openapi router', () => {
  it('answers /openapi/v2 with the protobuf media type kubectl insists on', async () => {
    const res = await get('/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x0a, 0x03, 0x32, 0x2e, 0x30]);
  });

  it('lists every group/version in the v3 root with a content hash', async () => {
    const root = (await (await get('/openapi/v3')).json()) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/networking.k8s.io/v1']));
    expect(root.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('serves schemas with group-version-kinds and allOf-wrapped refs', async () => {
    const doc = await document('api/v1');
    const pod = doc.components.schemas['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(pod.properties.spec).toEqual({
      description: expect.stringContaining('Specification of the desired behavior of the pod'),
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }],
    });
    for (const schema of Object.values<any>(doc.components.schemas)) {
      for (const ref of JSON.stringify(schema).match(/#\/components\/schemas\/[^"]+/g) ?? []) {
        expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
      }
    }
  });

  it('declares fieldValidation and strategic merge patch on PATCH, tagged with the kind', async () => {
    const doc = await document('apis/apps/v1');
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody.content)).toContain('application/strategic-merge-patch+json');
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch;
    expect(scale['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('redirects an outdated hash to the current document', async () => {
    const res = await get('/openapi/v3/apis/apps/v1?hash=OLD');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('answers 404 for a group/version it does not serve', async () => {
    expect((await get('/openapi/v3/apis/example.com/v1')).status).toBe(404);
  });
});
