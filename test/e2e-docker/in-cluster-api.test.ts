// A pod calling its own cluster's API server with its own identity, on real containers: the ServiceAccount admission
// plugin mounts kube-api-access-… (token, ca.crt, namespace) at /var/run/secrets/kubernetes.io/serviceaccount, the
// kubelet writes a token bound to the pod, and kubectl inside the pod (its in-cluster config: 10.96.0.1:443) or
// busybox wget (https://kubernetes.default.svc) reaches the API server through the `kubernetes` Service, where RBAC
// decides. Another cluster is out of reach: its in-cluster listener refuses a stranger's address, and its tokens
// mean nothing here. A token dies with its pod.
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, E2E_IMAGES, newestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);
const READER = 'system:serviceaccount:dev:reader';
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: dev}
spec:
  serviceAccountName: reader
  terminationGracePeriodSeconds: 1
  containers:
  - name: kubectl
    image: kubelab/toolbox:2
    command: [sleep, '3600']
`;

(hasKubectl ? describeDocker : describe.skip)('pods calling the API server with their ServiceAccount (docker runtime)', () => {
  let tc: DockerTestCluster;
  let other: DockerTestCluster;
  const inPod = (...command: string[]) => tc.kubectl(newestKubectl(), ['exec', '-n', 'dev', 'client', '--', ...command]);

  beforeAll(async () => {
    [tc, other] = await Promise.all([
      startDockerTestCluster({ workers: 1, docker: { images: [...E2E_IMAGES, 'toolbox'] } }),
      startDockerTestCluster({ workers: 1 }),
    ]);
    await tc.ok('create', 'namespace', 'dev');
    await tc.ok('create', 'serviceaccount', 'reader', '-n', 'dev');
    await tc.ok('apply', '-f', tc.file('client.yaml', CLIENT));
    await waitFor('the client pod running', () => podReady(tc.pod('client', 'dev')), 90_000);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([tc?.close(), other?.close()]);
  }, 60_000);

  it('mounts a token bound to the pod, the cluster CA and the namespace', async () => {
    expect((await inPod('cat', `${SA_DIR}/namespace`)).stdout).toBe('dev');
    expect((await inPod('cat', `${SA_DIR}/ca.crt`)).stdout).toBe(tc.cluster.api.tryGet(findKind('ConfigMap')!, 'dev', 'kube-root-ca.crt')?.data?.['ca.crt']);
    const token = (await inPod('cat', `${SA_DIR}/token`)).stdout;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const pod = tc.pod('client', 'dev')!;
    expect(claims).toMatchObject({ sub: READER, 'kubernetes.io': { namespace: 'dev', pod: { name: 'client', uid: pod.metadata.uid }, serviceaccount: { name: 'reader' } } });
    expect(claims['kubernetes.io'].warnafter - claims.iat).toBe(3607);
  });

  it('gets the real Forbidden from kubectl in the pod until a Role allows it, then lists pods', async () => {
    const denied = await inPod('kubectl', 'get', 'pods');
    expect(denied.stderr).toContain(`Error from server (Forbidden): pods is forbidden: User "${READER}" cannot list resource "pods" in API group "" in the namespace "dev"`);
    await tc.ok('create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', 'dev');
    await tc.ok('create', 'rolebinding', 'read-pods', '--role=pod-reader', '--serviceaccount=dev:reader', '-n', 'dev');
    expect((await inPod('kubectl', 'get', 'pods', '-o', 'name')).stdout).toBe('pod/client\n');
    expect((await inPod('kubectl', 'delete', 'pod', 'client')).stderr).toContain(`pods "client" is forbidden: User "${READER}" cannot delete resource "pods"`);
  });

  it('answers wget with the token at https://kubernetes.default.svc', async () => {
    const r = await inPod('sh', '-c', `wget -qO- --no-check-certificate --header "Authorization: Bearer $(cat ${SA_DIR}/token)" https://kubernetes.default.svc/api/v1/namespaces/dev/pods`);
    expect(JSON.parse(r.stdout).items.map((p: any) => p.metadata.name)).toEqual(['client']);
  });

  it('never reaches another cluster: its listener refuses the address, its tokens fail here', async () => {
    const { ip, port } = other.inClusterApi;
    const stranger = await inPod('sh', '-c', `kubectl --server=https://${ip}:${port} --insecure-skip-tls-verify --token=$(cat ${SA_DIR}/token) get pods`);
    expect(stranger.stderr).toContain('Error from server (Forbidden)');
    expect(stranger.stdout).toBe('');
    // What it says: the address, a pod of the first cluster, belongs to no cluster served there.
    const said = await inPod('sh', '-c', `wget -qO- --no-check-certificate https://${ip}:${port}/api 2>&1; true`);
    expect(said.stdout).toContain('403 Forbidden');
    await other.ok('create', 'namespace', 'dev');
    await other.ok('create', 'serviceaccount', 'reader', '-n', 'dev');
    await other.ok('create', 'clusterrolebinding', 'reader-admin', '--clusterrole=cluster-admin', '--serviceaccount=dev:reader');
    const foreign = (await other.ok('create', 'token', 'reader', '-n', 'dev')).trim();
    expect((await inPod('kubectl', `--token=${foreign}`, 'get', 'pods')).stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });

  it('ends the token with its pod', async () => {
    const token = (await inPod('cat', `${SA_DIR}/token`)).stdout;
    expect((await tc.kubectl(newestKubectl(), [`--token=${token}`, 'get', 'pods', '-n', 'dev', '-o', 'name'])).stdout).toBe('pod/client\n');
    await tc.ok('delete', 'pod', 'client', '-n', 'dev', '--wait=true');
    const after = await tc.kubectl(newestKubectl(), [`--token=${token}`, 'get', 'pods', '-n', 'dev']);
    expect(after.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });

});
