// The images courses name, used through the real kubectl on real containers: a pod's pull builds a course image
// the first time (offline, from the host's Debian packages) with the kubelet's Pulling/Pulled events; the
// Kubernetes docs' pi Job runs on perl; nginx serves a ConfigMap mounted over its html folder to curl by Service
// name; redis-cli in one pod gets PONG from redis-server in another.
import { randomBytes } from 'node:crypto';
import { CATALOG, recipe, type ImageRecipe } from '../../sandbox/images/catalog';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { testEngine } from '../sandbox/docker/docker-env';
import { describeDocker, newestKubectl, oldestKubectl, podReady, podRes, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

// A recipe of our own under a tag nobody else builds, so the first pull always has to build it (the bash image's
// folder: one link and a CMD on the base image).
const LAZY_TAG = `kubelab-test/lazy-${randomBytes(4).toString('hex')}:1`;
const LAZY: ImageRecipe = { ...recipe('bash')!, name: `lazy-${LAZY_TAG.slice(18, 26)}`, tags: [LAZY_TAG] };

(hasKubectl ? describeDocker : describe.skip)('course images through kubectl (docker runtime)', () => {
  let tc: DockerTestCluster;

  beforeAll(async () => {
    tc = await startDockerTestCluster({ docker: { catalog: [...CATALOG, LAZY] } });
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
    await testEngine().images.remove(LAZY_TAG, { force: true });
  }, 60_000);

  const completed = async (job: string) => (await tc.ok('get', 'job', job, '-o', 'jsonpath={.status.succeeded}')) === '1';

  it('builds an image kubelab has a recipe for when a pod first pulls it', async () => {
    expect(await testEngine().images.exists(LAZY_TAG)).toBe(false);
    await tc.ok('run', 'lazy', `--image=${LAZY_TAG}`, '--restart=Never', '--', 'bash', '-c', 'echo "bash $BASH_VERSION"');
    await waitFor('the lazy pod to finish', () => tc.pod('lazy')?.status?.phase === 'Succeeded' || undefined, 90_000);
    expect(await tc.ok('logs', 'lazy')).toMatch(/^bash 5\.2\.\d+/);
    const events = await tc.ok('get', 'events', '--field-selector', 'involvedObject.name=lazy', '-o', 'jsonpath={range .items[*]}{.reason}|{.message}{"\\n"}{end}');
    expect(events).toContain(`Pulling|Pulling image "${LAZY_TAG}"`);
    expect(events).toMatch(new RegExp(`Pulled\\|Successfully pulled image "${LAZY_TAG.replace(/[.:/]/g, '\\$&')}" in `));
  }, 120_000);

  it('runs the Kubernetes docs\' pi Job on the perl image', async () => {
    await tc.ok('create', 'job', 'pi', '--image=perl:5.36', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)');
    await waitFor('the pi Job to complete', () => completed('pi'), 120_000);
    const r = await tc.kubectl(oldestKubectl(), ['logs', 'job/pi']);
    expect(r.stdout.trim()).toMatch(/^3\.14159265358979323846\d{1979}$/);
  }, 150_000);

  it('serves a ConfigMap mounted over nginx\'s html folder, to curl by Service name', async () => {
    await tc.ok('create', 'configmap', 'site', '--from-literal=index.html=<h1>hello from a ConfigMap</h1>');
    await tc.ok('apply', '-f', tc.file('web.yaml', `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{ containerPort: 80 }]
        volumeMounts: [{ name: site, mountPath: /usr/share/nginx/html }]
      volumes: [{ name: site, configMap: { name: site } }]
`));
    await tc.ok('expose', 'deployment', 'web', '--port=80');
    await tc.ok('create', 'job', 'fetch', '--image=curlimages/curl', '--', 'curl', '-s', '--retry', '30', '--retry-delay', '1', '--retry-all-errors', 'http://web');
    await waitFor('the fetch Job to complete', () => completed('fetch'), 120_000);
    expect((await tc.ok('logs', 'job/fetch')).trim()).toBe('<h1>hello from a ConfigMap</h1>');
    expect(await tc.ok('exec', 'deploy/web', '--', 'bash', '-c', 'curl -s localhost')).toBe('<h1>hello from a ConfigMap</h1>');
  }, 150_000);

  it('answers redis-cli PING from another pod through the redis Service', async () => {
    await tc.ok('create', 'deployment', 'redis', '--image=redis:7');
    await tc.ok('expose', 'deployment', 'redis', '--port=6379');
    await waitFor('redis ready', () => tc.cluster.api.list(podRes, 'default', { labelSelector: 'app=redis' }).items.some(podReady) || undefined, 90_000);
    await tc.cluster.docker!.network.synced();
    const r = await tc.kubectl(newestKubectl(), ['run', 'ping', '--image=redis', '--restart=Never', '--rm', '-i', '--', 'redis-cli', '-h', 'redis', 'PING'], { timeoutMs: 90_000 });
    expect(r.stdout).toContain('PONG');
  }, 150_000);
});
