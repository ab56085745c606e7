// The decoder on hand-built bodies: the answers a learner sees for bodies kubelab cannot or will not decode
// (415 naming the kind, 400 for a malformed body), and the wire details kubectl's bodies rarely exercise.
import { decodeProtobufObject } from '../../../../sandbox/apiserver/protobuf';
import { protobufRootOf, protobufRoots } from '../../../../sandbox/apiserver/kinds/registry';
import { missingMessageTypes } from '../../../../sandbox/apiserver/protobuf/decode';
import { StatusError } from '../../../../sandbox/api/errors';
import fixtures from './fixtures/kubectl-bodies.json';

/** Bodies decoded with the served kinds' message tables, as the API server decodes them. */
const decode = (body: Buffer) => decodeProtobufObject(body, protobufRootOf);

function varint(n: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return Buffer.from(out);
}
const bytesField = (no: number, payload: Buffer | string) => {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([varint((no << 3) | 2), varint(body.length), body]);
};
const varintField = (no: number, v: number | bigint) => Buffer.concat([varint(no << 3), varint(v)]);
const message = (...fields: Buffer[]) => Buffer.concat(fields);

function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), bytesField(1, message(bytesField(1, apiVersion), bytesField(2, kind))), bytesField(2, raw)]);
}

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const namespaceHex = (fixtures as { name: string; hex: string }[]).find((f) => f.name === 'create-namespace')!.hex;

describe('decodeProtobufObject', () => {
  it('answers 415 naming a kind it cannot decode', () => {
    const err = statusOf(() => decode(envelope('policy/v1', 'Eviction', message(bytesField(1, message(bytesField(1, 'p1')))))));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('Eviction (policy/v1), a kind kubelab cannot decode from protobuf');
  });

  it('answers 400 for a body cut short', () => {
    const body = Buffer.from(namespaceHex, 'hex');
    const err = statusOf(() => decode(body.subarray(0, body.length - 5)));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(/truncated/);
  });

  it('answers 400 for a body without the "k8s\\0" prefix', () => {
    const err = statusOf(() => decode(Buffer.from('{"kind":"Namespace"}')));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(/does not start with the "k8s\\0" prefix/);
  });

  it('answers 400 for a body that names no kind', () => {
    expect(statusOf(() => decode(envelope('v1', '', Buffer.alloc(0)))).code).toBe(400);
  });

  it('answers 400 when a field arrives with the wrong wire type', () => {
    const err = statusOf(() => decode(envelope('v1', 'Namespace', message(bytesField(1, message(varintField(1, 7)))))));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(/metadata\.name \(field 1\) is varint on the wire, expected length-delimited/);
  });

  it('decodes a namespace kubectl 1.33 sent', () => {
    expect(decode(Buffer.from(namespaceHex, 'hex'))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'lab', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('skips fields it does not know, as kube-apiserver does', () => {
    const meta = message(bytesField(1, 'lab'), varintField(99, 1), bytesField(98, 'future'));
    expect(decode(envelope('v1', 'Namespace', message(bytesField(1, meta)))).metadata).toEqual({ name: 'lab' });
  });

  it('writes times as RFC 3339 in UTC with whole seconds, and an empty time as null', () => {
    const meta = message(bytesField(1, 'lab'), bytesField(8, message(varintField(1, 1700000000), varintField(2, 5000))), bytesField(9, Buffer.alloc(0)));
    expect(decode(envelope('v1', 'Namespace', message(bytesField(1, meta)))).metadata).toEqual({
      name: 'lab',
      creationTimestamp: '2023-11-14T22:13:20Z',
      deletionTimestamp: null,
    });
  });

  it('reads negative numbers and packed repeated numbers', () => {
    const podSecurityContext = message(varintField(2, -1), bytesField(4, Buffer.concat([varint(1), varint(2)])));
    const spec = message(bytesField(14, podSecurityContext), bytesField(2, message(bytesField(1, 'c'), bytesField(2, 'busybox'))));
    const pod = decode(envelope('v1', 'Pod', message(bytesField(1, message(bytesField(1, 'p'))), bytesField(2, spec))));
    expect(pod.spec).toEqual({ securityContext: { runAsUser: -1, supplementalGroups: [1, 2] }, containers: [{ name: 'c', image: 'busybox' }] });
  });

  it('keeps a zero IntOrString, which Go writes to JSON as 0, but drops zero scalars as omitempty does', () => {
    const port = message(bytesField(1, ''), varintField(3, 80), bytesField(4, message(varintField(1, 0), varintField(2, 0))), varintField(5, 0));
    const svc = decode(envelope('v1', 'Service', message(bytesField(2, message(bytesField(1, port))))));
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 0 }]);
  });

  it('gives a map entry without a value the zero value', () => {
    const cm = decode(envelope('v1', 'ConfigMap', message(bytesField(2, message(bytesField(1, 'empty'))))));
    expect(cm.data).toEqual({ empty: '' });
  });

  it('accepts DeleteOptions under any group version, since client-go stamps it with the resource group version', () => {
    const opts = decode(envelope('apps/v1', 'DeleteOptions', message(bytesField(4, 'Foreground'), bytesField(5, 'All'))));
    expect(opts).toEqual({ apiVersion: 'apps/v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground', dryRun: ['All'] });
  });

  it('has a table for every message type its tables refer to', () => {
    expect(missingMessageTypes(protobufRoots())).toEqual([]);
  });
});
