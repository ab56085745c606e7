// kubectl 1.32+ sends `kubectl create …` bodies as protobuf. End to end against a real kubelab cluster, each object
// must be stored exactly as the same command's JSON (`--dry-run=client -o json`) says it should: our decoder is
// checked against kubectl itself. (Decoding alone, on captured bodies, is in kubectl-bodies.test.ts.)
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { startTestCluster, waitFor, type TestCluster } from '../../../helpers/test-cluster';

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

describeKubectl('objects kubectl 1.32+ sends as protobuf, end to end', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it.each([
    [['namespace', 'lab']],
    [['configmap', 'c1', '--from-literal=a=1', '--from-literal=b=2']],
    [['secret', 'generic', 's1', '--from-literal=password=s3cret', '--from-literal=empty=']],
    [['secret', 'docker-registry', 'reg', '--docker-server=r.io', '--docker-username=u', '--docker-password=p']],
    [['serviceaccount', 'robot']],
    [['deployment', 'web', '--image=gihyodocker/echo:latest', '--port=8080', '--replicas=2']],
    [['deployment', 'idle', '--image=gihyodocker/echo:latest', '--replicas=0']],
    [['service', 'clusterip', 'named', '--tcp=80:8080', '--tcp=443:https']],
    [['service', 'nodeport', 'web', '--tcp=80:8080']],
    [['job', 'once', '--image=busybox', '--', 'echo', 'hi']],
    [['cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *']],
    [['job', 'tick-now', '--from=cronjob/tick']],
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

  it('drains a node with --disable-eviction, whose pod deletions carry protobuf DeleteOptions', async () => {
    await tc.kubectl(newest!, ['create', 'deployment', 'drained', '--image=gihyodocker/echo:latest', '--replicas=2']);
    const nodesOf = async () =>
      (await tc.kubectl(newest!, ['get', 'pods', '-l', 'app=drained', '-o', 'jsonpath={.items[*].spec.nodeName}'])).stdout.split(' ').filter(Boolean);
    await waitFor(async () => (await nodesOf()).length === 2, 'two drained pods scheduled');
    const node = (await nodesOf())[0];
    const drain = await tc.kubectl(newest!, ['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--disable-eviction', '--grace-period=0', '--timeout=60s']);
    expect(drain.stderr).not.toMatch(/error|Unsupported/i);
    expect(drain.stdout).toMatch(new RegExp(`node/${node} drained`));
    await waitFor(async () => (await nodesOf()).length === 2 && !(await nodesOf()).includes(node), `no drained pod left on ${node}`);
  });

  it('creates the node debugging pod kubectl debug node/… sends as protobuf', async () => {
    const debug = await tc.kubectl(newest!, ['debug', 'node/kubelab-worker', '--image=busybox', '--profile=general']);
    expect(debug.stderr).toBe('');
    const name = /Creating debugging pod (\S+) /.exec(debug.stdout)?.[1];
    expect(name).toMatch(/^node-debugger-kubelab-worker-/);
    const pod = JSON.parse((await tc.kubectl(newest!, ['get', 'pod', name!, '-o', 'json'])).stdout);
    expect(pod.spec).toMatchObject({ nodeName: 'kubelab-worker', hostPID: true, hostNetwork: true, volumes: expect.arrayContaining([expect.objectContaining({ name: 'host-root', hostPath: expect.objectContaining({ path: '/' }) })]) });
  });
});
