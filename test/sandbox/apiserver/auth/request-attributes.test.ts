// The authorizer's view of a request, read from the URL as kube-apiserver's RequestInfoFactory reads it: which are
// resource requests, which verb a method and query make, and where namespace, name and subresource come from.
import { requestAttributes } from '../../../../sandbox/apiserver/auth/request-attributes';

const user = { username: 'u', groups: [] };
const attrs = (method: string, url: string) => {
  const u = new URL(url, 'http://x');
  const { user: _u, ...rest } = requestAttributes(user, method, u.pathname, u.searchParams);
  return rest;
};

describe('request attributes', () => {
  it('treats discovery, version, openapi and health paths as non-resource requests with the method as verb', () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/openapi/v2', '/healthz']) {
      expect(attrs('GET', path)).toMatchObject({ resourceRequest: false, verb: 'get', path });
    }
    expect(attrs('POST', '/apis')).toMatchObject({ resourceRequest: false, verb: 'post' });
  });

  it('turns GET into get, list or watch, and DELETE without a name into deletecollection', () => {
    expect(attrs('GET', '/api/v1/namespaces/dev/pods/web')).toMatchObject({ verb: 'get', namespace: 'dev', resource: 'pods', name: 'web', apiGroup: '' });
    expect(attrs('GET', '/api/v1/namespaces/dev/pods')).toMatchObject({ verb: 'list', name: '' });
    expect(attrs('GET', '/api/v1/namespaces/dev/pods?watch=true')).toMatchObject({ verb: 'watch' });
    expect(attrs('GET', '/api/v1/pods?watch=1&fieldSelector=metadata.name%3Dweb')).toMatchObject({ verb: 'watch', namespace: '', name: 'web' });
    expect(attrs('DELETE', '/apis/apps/v1/namespaces/dev/deployments')).toMatchObject({ verb: 'deletecollection', apiGroup: 'apps', resource: 'deployments' });
    expect(attrs('PATCH', '/apis/apps/v1/namespaces/dev/deployments/web/scale')).toMatchObject({ verb: 'patch', resource: 'deployments', name: 'web', subresource: 'scale' });
    expect(attrs('POST', '/api/v1/namespaces/dev/serviceaccounts/ci/token')).toMatchObject({ verb: 'create', resource: 'serviceaccounts', subresource: 'token' });
  });

  it('reads a namespace object as in its own namespace, and its status and finalize as subresources', () => {
    expect(attrs('GET', '/api/v1/namespaces/dev')).toMatchObject({ verb: 'get', namespace: 'dev', resource: 'namespaces', name: 'dev' });
    expect(attrs('PUT', '/api/v1/namespaces/dev/finalize')).toMatchObject({ verb: 'update', resource: 'namespaces', name: 'dev', subresource: 'finalize' });
    expect(attrs('GET', '/api/v1/namespaces')).toMatchObject({ verb: 'list', namespace: '', resource: 'namespaces' });
  });

  it('keeps the path after a proxy subresource out of the name', () => {
    expect(attrs('GET', '/api/v1/namespaces/dev/services/web:80/proxy/index.html')).toMatchObject({ verb: 'get', resource: 'services', name: 'web:80', subresource: 'proxy' });
  });
});
