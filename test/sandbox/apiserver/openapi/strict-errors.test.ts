// The words kube-apiserver uses for unknown fields, which kubectl prints verbatim.
import {
  strictDecodingError,
  strictDecodingMessage,
  strictPatchError,
  unknownFieldWarnings,
} from '../../../../sandbox/apiserver/openapi';

describe('strict field validation errors', () => {
  it('lists every unknown field in one strict decoding error', () => {
    expect(strictDecodingMessage(['spec.a', 'spec.b'])).toBe('strict decoding error: unknown field "spec.a", unknown field "spec.b"');
  });

  it('answers a create with 400 BadRequest naming the kind and version', () => {
    const err = strictDecodingError('apps/v1', 'Deployment', ['spec.replica']);
    expect(err.status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    });
  });

  it('answers a patch with 422 Invalid on the field "patch", showing the patch as Go prints it', () => {
    const err = strictPatchError({ spec: { template: { spec: { containers: [{ name: 'c', imagee: 'x' }] } } }, metadata: null }, [
      'spec.template.spec.containers[0].imagee',
    ]);
    const detail =
      'Invalid value: "map[metadata:<nil> spec:map[template:map[spec:map[containers:[map[imagee:x name:c]]]]]]": ' +
      'strict decoding error: unknown field "spec.template.spec.containers[0].imagee"';
    expect(err.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: ` "" is invalid: patch: ${detail}`,
      details: { causes: [{ reason: 'FieldValueInvalid', field: 'patch', message: detail }] },
    });
  });

  it('turns each unknown field into a Warning header kubectl prints as `Warning: unknown field ...`', () => {
    expect(unknownFieldWarnings(['spec.x'])).toEqual(['299 - "unknown field \\"spec.x\\""']);
  });
});
