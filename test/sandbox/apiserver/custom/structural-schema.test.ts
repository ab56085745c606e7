// A custom object against its CRD's structural schema, without a cluster: the kube-openapi messages learners see for
// each rule (type, required, enum, minimum/maximum, pattern, maxLength, minItems), pruning of unknown fields (and where
// x-kubernetes-preserve-unknown-fields keeps them), defaults, int-or-string and nullable.
import { pruneAndDefault, unknownFields, validateAgainstSchema, type Schema } from '../../../../sandbox/apiserver/custom/structural-schema';

const SCHEMA: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', pattern: '^\\S+ \\S+ \\S+ \\S+ \\S+$' },
        image: { type: 'string', maxLength: 5 },
        replicas: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        policy: { type: 'string', enum: ['Allow', 'Forbid'] },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        args: { type: 'array', minItems: 1, items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const messages = (obj: unknown) => validateAgainstSchema(SCHEMA, obj).map((e) => `${e.field}: ${e.message}`);
const object = (spec: unknown) => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'x', labels: { a: 'b' } }, spec });

describe('custom objects against a structural schema', () => {
  it('accepts an object that follows the schema, with apiVersion, kind and metadata left to the API', () => {
    expect(messages(object({ cronSpec: '* * * * *', image: 'nginx', replicas: 3, policy: 'Allow', port: 'http', note: null, args: ['a'], labels: { x: 'y' } }))).toEqual([]);
    expect(messages(object({ cronSpec: '* * * * *', port: 8080 }))).toEqual([]);
  });

  it('reports each broken rule in kube-apiserver words', () => {
    expect(messages(object({ replicas: 'two' }))).toEqual([
      'spec.cronSpec: Required value',
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    expect(messages(object({ cronSpec: 'now', replicas: 0, image: 'busybox', policy: 'Maybe', args: [], port: 1.5 }))).toEqual([
      `spec.cronSpec: Invalid value: "now": spec.cronSpec in body should match '^\\S+ \\S+ \\S+ \\S+ \\S+$'`,
      'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
      'spec.image: Too long: must have at most 5 bytes',
      'spec.policy: Unsupported value: "Maybe": supported values: "Allow", "Forbid"',
      'spec.args: Invalid value: []interface {}{}: spec.args in body should have at least 1 items',
      'spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
    ]);
    expect(messages(object({ cronSpec: '* * * * *', replicas: 11, labels: { a: 1 } }))).toEqual([
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
  });

  it('finds and prunes unknown fields, keeping what preserve-unknown-fields and maps allow, and fills in defaults', () => {
    const obj = object({ cronSpec: '* * * * *', colour: 'blue', labels: { any: 'key' }, extra: { free: { form: true } } }) as Record<string, unknown>;
    obj.status = { phase: 'x' };
    expect(unknownFields(SCHEMA, obj)).toEqual(['spec.colour', 'status']);
    pruneAndDefault(SCHEMA, obj);
    expect(obj).toEqual({
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: { cronSpec: '* * * * *', labels: { any: 'key' }, extra: { free: { form: true } }, replicas: 1 },
    });
  });
});
