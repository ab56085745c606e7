// Seed 001's kubectl commands, typed by the real kubectl (oldest and newest installed) against a kubelab cluster:
// what a learner sees must be shaped like a real cluster's output.
import fs from 'node:fs';
import path from 'node:path';
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const fixtures = path.join(__dirname, '../../fixtures/seed001');
const fixture = (name: string) => path.join(fixtures, name);
const describeKubectl = describeEachKubectl();

describeKubectl('seed 001 with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster();
  });
  afterAll(() => tc.close());

  it('lists the control plane and worker nodes with their roles', async () => {
    const out = await ok('get', 'nodes');
    expect(out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(out).toMatch(/kubelab-control-plane\s+Ready\s+control-plane/);
    expect(out).toMatch(/kubelab-worker\s+Ready\s+<none>/);
    expect(out).toMatch(/kubelab-worker2\s+Ready/);
  });

  it('lists the system namespaces', async () => {
    const out = await ok('get', 'namespace');
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) expect(out).toMatch(new RegExp(`${ns}\\s+Active`));
  });

  it('applies the simple-echo pod: created, then unchanged, then configured', async () => {
    expect(await ok('apply', '-f', fixture('simple-pod.yaml'))).toMatch(/pod\/simple-echo created/);
    expect(await ok('apply', '-f', fixture('simple-pod.yaml'))).toMatch(/pod\/simple-echo unchanged/);
    // A running pod's image may change (most other fields may not, as on a real cluster).
    const changed = fs.readFileSync(fixture('simple-pod.yaml'), 'utf8').replace('gihyodocker/echo:latest', 'gihyodocker/echo:v2');
    expect(await ok('apply', '-f', tc.file('pod2.yaml', changed))).toMatch(/pod\/simple-echo configured/);
    const image = await ok('get', 'pod', 'simple-echo', '-o', 'jsonpath={.spec.containers[1].image}');
    expect(image).toBe('gihyodocker/echo:v2');
    const env = changed.replace('localhost:8080', '127.0.0.1:8080');
    const refused = await k('apply', '-f', tc.file('pod3.yaml', env));
    expect(refused.stderr).toMatch(/The Pod "simple-echo" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  });

  it('prints pods as a table, wide, with labels, as yaml/json/name/jsonpath', async () => {
    expect(await ok('get', 'pod')).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nsimple-echo\s+\d\/2\s+\w+/);
    expect(await ok('get', 'pod', '-o', 'wide')).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/);
    await ok('label', 'pod', 'simple-echo', 'tier=web');
    expect(await ok('get', 'pod', '--show-labels')).toMatch(/simple-echo.*tier=web/);
    expect(await ok('get', 'pod', '-l', 'tier=web', '-o', 'name')).toBe('pod/simple-echo\n');
    expect(await ok('get', 'pod', '-l', 'tier!=web', '-o', 'name')).toBe('');
    expect(await ok('get', 'pod', '-l', 'tier in (web,db)', '-o', 'name')).toBe('pod/simple-echo\n');
    const yaml = await ok('get', 'pod', 'simple-echo', '-o', 'yaml');
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Pod/);
    expect(yaml).toMatch(/uid: [0-9a-f-]{36}/);
    expect(yaml).toMatch(/imagePullPolicy: Always/);
    const json = JSON.parse(await ok('get', 'pod', 'simple-echo', '-o', 'json'));
    expect(json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('simple-echo');
    expect(json.spec.restartPolicy).toBe('Always');
    expect(await ok('get', 'pod', 'simple-echo', '-o', 'jsonpath={.spec.containers[*].name}')).toBe('nginx echo');
    expect(await ok('get', 'pods', '-A')).toMatch(/NAMESPACE\s+NAME\s+READY/);
    // An unfiltered list is sent from the stored text; it must be the same objects kubectl reads one by one.
    const list = JSON.parse(await ok('get', 'pods', '-o', 'json'));
    expect(list.kind).toBe('List');
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(['simple-echo']);
    expect(list.items[0].spec).toEqual(json.spec);
    expect(list.items[0].metadata.uid).toBe(json.metadata.uid);
    const none = JSON.parse(await ok('get', 'configmaps', '-n', 'kube-public', '--field-selector', 'metadata.name=nothing', '-o', 'json'));
    expect(none.items).toEqual([]);
  });

  it('creates a namespace and works in it with -n and --namespace', async () => {
    expect(await ok('create', 'namespace', 'lab')).toMatch(/namespace\/lab created/);
    expect(await ok('apply', '-n', 'lab', '-f', fixture('simple-pod.yaml'))).toMatch(/created/);
    expect(await ok('get', 'pods', '--namespace', 'lab', '-o', 'name')).toBe('pod/simple-echo\n');
    // Every namespace but kube-system, whose CoreDNS, kube-proxy and control plane a real cluster lists too.
    const all = await ok('get', 'pods', '-A', '--field-selector', 'metadata.namespace!=kube-system', '-o', 'name');
    expect(all.trim().split('\n').sort()).toEqual(['pod/simple-echo', 'pod/simple-echo']);
  });

  it('applies the ReplicaSet and Deployment and shows them with get rs,deploy and get all', async () => {
    expect(await ok('apply', '-f', fixture('replicaset.yaml'))).toMatch(/replicaset.apps\/echo created/);
    await ok('delete', '-f', fixture('replicaset.yaml'));
    expect(await ok('apply', '-f', fixture('deployment.yaml'), '--record')).toMatch(/deployment.apps\/echo created/);
    const ann = await ok('get', 'deploy', 'echo', '-o', 'jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}');
    expect(ann).toContain('--record');
    const both = await ok('get', 'rs,deploy');
    expect(both).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment.apps\/echo/);
    const all = await ok('get', 'all');
    expect(all).toMatch(/pod\/simple-echo/);
    expect(all).toMatch(/deployment.apps\/echo/);
    expect(all).toMatch(/service\/kubernetes|NAME/);
  });

  it('applies the Service and shows its NodePort', async () => {
    expect(await ok('apply', '-f', fixture('service.yaml'))).toMatch(/service\/echo created/);
    const out = await ok('get', 'svc', 'echo');
    expect(out).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(out).toMatch(/echo\s+NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP/);
  });

  it('refuses the seed\'s extensions/v1beta1 Ingress as a current cluster does, and takes the networking.k8s.io/v1 form', async () => {
    const old = await k('apply', '-f', fixture('ingress-v1beta1.yaml'));
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/no matches for kind "Ingress" in version "extensions\/v1beta1"/);
    expect(await ok('apply', '-f', fixture('ingress.yaml'))).toMatch(/ingress.networking.k8s.io\/echo created/);
    expect(await ok('get', 'ing')).toMatch(/NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\necho\s+<none>\s+test.host\s+\S*\s*80/);
  });

  it('describes a pod with its events section', async () => {
    const out = await ok('describe', 'pod', 'simple-echo');
    expect(out).toMatch(/^Name:\s+simple-echo/m);
    expect(out).toMatch(/Containers:\n\s+nginx:/);
    expect(out).toMatch(/BACKEND_HOST:\s+localhost:8080/);
    expect(out).toMatch(/Events:/);
  });

  it('explains pod fields with real descriptions', async () => {
    const out = await ok('explain', 'pod');
    expect(out).toMatch(/KIND:\s+Pod/);
    expect(out).toMatch(/Pod is a collection of containers that can run on a host/);
    const strat = await ok('explain', 'deployment.spec.strategy');
    expect(strat).toMatch(/rollingUpdate/);
  });

  it('deletes a pod by name and by file', async () => {
    expect(await ok('delete', 'pod', 'simple-echo', '-n', 'lab')).toMatch(/pod "simple-echo" deleted/);
    expect(await ok('delete', '-f', fixture('simple-pod.yaml'))).toMatch(/pod "simple-echo" deleted/);
    const gone = await k('get', 'pod', 'simple-echo');
    expect(gone.stderr).toMatch(/Error from server \(NotFound\): pods "simple-echo" not found/);
  });
});
