// kubectl 1.32+ sends `kubectl create …` bodies as protobuf. Each object must arrive exactly as the same command's
// JSON (`--dry-run=client -o json`) says it should: our decoder is checked against kubectl itself.
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { startTestCluster, type TestCluster } from '../../../helpers/test-cluster';
import { decodeProtobufObject } from '../../../../sandbox/apiserver/protobuf';

const { newest } = kubectlBinaries();
const describeKubectl = requireOrSkip('kubectl', !!newest) ? describe : describe.skip;

/** Paths where `want` (kubectl's JSON) has a value the stored object lacks or differs in. */
function differences(want: any, got: any, path = ''): string[] {
  if (Array.isArray(want)) return want.flatMap((w, i) => differences(w, got?.[i], `${path}[${i}]`));
  if (want && typeof want === 'object') {
    return Object.keys(want).flatMap((k) => {
      if (k === 'creationTimestamp' || k === 'status') return [];
      const empty = want[k] && typeof want[k] === 'object' && Object.keys(want[k]).length === 0;
      if (got?.[k] === undefined) return empty ? [] : [`${path}.${k}`];
      return differences(want[k], got[k], `${path}.${k}`);
    });
  }
  return want === got ? [] : [`${path}: ${JSON.stringify(want)} ≠ ${JSON.stringify(got)}`];
}

describeKubectl('objects kubectl create sends as protobuf', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it.each([
    [['namespace', 'lab']],
    [['configmap', 'c1', '--from-literal=a=1', '--from-literal=b=2']],
    [['secret', 'generic', 's1', '--from-literal=password=s3cret']],
    [['serviceaccount', 'robot']],
    [['deployment', 'web', '--image=gihyodocker/echo:latest', '--port=8080', '--replicas=2']],
    [['service', 'nodeport', 'web', '--tcp=80:8080']],
    [['job', 'once', '--image=busybox', '--', 'echo', 'hi']],
    [['cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *']],
    [['ingress', 'web', '--rule=test.host/*=web:80', '--class=kubelab']],
  ])('stores `kubectl create %j` exactly as its JSON form', async (args) => {
    const dash = args.indexOf('--');
    const head = dash < 0 ? args : args.slice(0, dash);
    const tail = dash < 0 ? [] : args.slice(dash);
    const dry = await tc.kubectl(newest!, ['create', ...head, '--dry-run=client', '-o', 'json', ...tail]);
    const want = JSON.parse(dry.stdout);
    const created = await tc.kubectl(newest!, ['create', ...args]);
    expect(created.stderr).toBe('');
    const got = await tc.kubectl(newest!, ['get', want.kind, want.metadata.name, '-o', 'json']);
    expect(differences(want, JSON.parse(got.stdout))).toEqual([]);
  });
});

describe('decodeProtobufObject', () => {
  it('refuses a body without the k8s envelope as a bad request', () => {
    expect(() => decodeProtobufObject(Buffer.from('{}'))).toThrow(/envelope/);
  });
  it('answers a kind it cannot decode with 415 naming the kind', () => {
    // "k8s\0" + Unknown{typeMeta{apiVersion:"v1", kind:"Pod"}, raw:""}
    const typeMeta = Buffer.from([0x0a, 2, 0x76, 0x31, 0x12, 3, 0x50, 0x6f, 0x64]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, typeMeta.length]), typeMeta]);
    try {
      decodeProtobufObject(body);
      throw new Error('expected a 415');
    } catch (e: any) {
      expect(e.code).toBe(415);
      expect(e.message).toMatch(/cannot decode Pod/);
    }
  });
  it('reports a truncated body', () => {
    expect(() => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, 0x20, 0x01])]))).toThrow(/truncated/);
  });
});
