// Bodies no decoder would have produced (a null where a container belongs) still get kube-apiserver's answer, 422
// with the fields that are missing, never a crash of the defaulting or status code that runs before validation.
import { StatusError } from '../../../../sandbox/api/errors';
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { bootstrap } from '../../../../sandbox/bootstrap';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';

function api(): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock);
  bootstrap(a, { workers: 1, runtimeVersion: 'test' });
  return a;
}

function refusal(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e instanceof StatusError ? { code: e.status.code, message: e.status.message } : e;
  }
  return 'admitted';
}

describe('malformed pod bodies', () => {
  it('refuse a null container as invalid, naming its missing name and image', () => {
    const body = { metadata: { name: 'web' }, spec: { containers: [null] } } as never;
    expect(refusal(() => api().create(findKind('Pod')!, 'default', body))).toEqual({
      code: 422,
      message: expect.stringMatching(/^Pod "web" is invalid: \[spec\.containers\[0\]\.name: Required value, spec\.containers\[0\]\.image: Required value/),
    });
  });
});
