// ObjectClient over an in-process ObjectApi: the web app (and the benchmark) grade a learner's sandbox without a
// round trip through HTTP. Same semantics as the HTTP client: errors are the StatusErrors the API throws.
import type { ObjectClient } from '../sandbox/api/client';
import type { ObjectApi } from '../sandbox/apiserver/object-api';

export function inProcessClient(api: ObjectApi, namespace = 'default'): ObjectClient & { namespace: string } {
  const async = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return {
    namespace,
    get: (res, ns, name) => async(() => api.get(res, ns ?? namespace, name)),
    list: (res, ns, opts) => async(() => api.list(res, ns, opts)),
    create: (res, ns, obj, opts) => async(() => api.create(res, ns ?? obj.metadata?.namespace ?? namespace, obj, opts)),
    update: (res, ns, obj, opts) => async(() => api.update(res, ns ?? obj.metadata?.namespace ?? namespace, obj.metadata.name, obj, opts)),
    updateStatus: (res, ns, obj) => async(() => api.updateStatus(res, ns ?? obj.metadata?.namespace ?? namespace, obj.metadata.name, obj)),
    patch: (res, ns, name, type, patch, opts) =>
      async(() => {
        if (opts?.subresource === 'scale') throw new Error('scale patches go through the HTTP API');
        return api.patch(res, ns ?? namespace, name, type, patch, { ...opts, subresource: opts?.subresource });
      }),
    delete: (res, ns, name, opts) => async(() => api.delete(res, ns ?? namespace, name, opts)),
    watch: (res, ns, opts, onEvent) => api.watch(res, ns, opts, onEvent),
  };
}
