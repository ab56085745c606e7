// "Files update, environment variables don't": a mounted ConfigMap or Secret follows its source in a running pod,
// swapped atomically with the kubelet's layout (`..data` → `..<timestamp>`, one symlink per key), while env vars and
// subPath mounts keep what they had at start; downward API files follow the pod's labels; fsGroup owns the volumes.
// Real containers, observed with the real kubectl (oldest and newest).
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);
/** What we promise a lesson: an update shows in the pod within this long (a real kubelet takes about a minute). */
const UPDATE_WITHIN_MS = 20_000;

(hasKubectl ? describeDocker : describe.skip)('mounted ConfigMaps and Secrets in a running pod (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const exec = async (bin: string, pod: string, script: string) => {
    const r = await tc.kubectl(bin, ['exec', pod, '--', 'sh', '-c', script]);
    if (r.code !== 0) throw new Error(`exec in ${pod} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('create', 'configmap', 'app-config', '--from-literal=color=blue', '--from-literal=old=1');
    await tc.ok('create', 'secret', 'generic', 'app-secret', '--from-literal=password=first');
    await tc.ok('apply', '-f', tc.file('reader.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: reader, labels: {tier: web}}
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - {name: config, configMap: {name: app-config}}
  - {name: secret, secret: {secretName: app-secret}}
  - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
    env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: app-config, key: color}}}]
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: config, mountPath: /etc/color, subPath: color}
    - {name: secret, mountPath: /etc/secret}
    - {name: info, mountPath: /etc/info}
`));
    await waitFor('reader running', () => podReady(tc.pod('reader')), 60_000);
  }, 120_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('lays the files out as the kubelet does: ..data, a timestamped directory, one symlink per key', async () => {
    const listing = await exec(oldestKubectl(), 'reader', 'cd /etc/config && for f in .* *; do [ "$f" = . ] || [ "$f" = .. ] || echo "$f $(readlink $f)"; done');
    const lines = listing.trim().split('\n');
    const dir = lines.find((l) => /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+ $/.test(l))?.trim();
    expect(dir).toBeDefined();
    expect(lines).toEqual(expect.arrayContaining([`..data ${dir}`, 'color ..data/color', 'old ..data/old']));
    expect(await exec(newestKubectl(), 'reader', 'cat /etc/config/color')).toBe('blue');
  });

  it('updates the mounted files within the promised time, leaving env vars and subPath mounts as they were', async () => {
    const before = (await exec(newestKubectl(), 'reader', 'readlink /etc/config/..data')).trim();
    await tc.ok('replace', '-f', tc.file('config-v2.yaml', `
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {color: green, added: 'yes'}
`));
    const started = Date.now();
    await waitFor('the new color in the mounted file', async () => (await exec(newestKubectl(), 'reader', 'cat /etc/config/color')) === 'green', UPDATE_WITHIN_MS);
    expect(Date.now() - started).toBeLessThan(UPDATE_WITHIN_MS);
    expect(await exec(oldestKubectl(), 'reader', 'cat /etc/config/added; echo " $COLOR"; cat /etc/color')).toBe('yes blue\nblue');
    const after = await exec(newestKubectl(), 'reader', 'cd /etc/config && readlink ..data; ls -a');
    const [now, ...entries] = after.trim().split('\n');
    expect(now).not.toBe(before);
    // The key that went is gone, and so is the old directory: one timestamped directory at a time.
    expect(entries).not.toContain('old');
    expect(entries.filter((e) => /^\.\.\d{4}_/.test(e))).toEqual([now]);
  });

  it('updates a mounted Secret', async () => {
    expect(await exec(newestKubectl(), 'reader', 'cat /etc/secret/password')).toBe('first');
    await tc.ok('patch', 'secret', 'app-secret', '-p', JSON.stringify({ stringData: { password: 'second' } }));
    await waitFor('the new password in the mounted file', async () => (await exec(newestKubectl(), 'reader', 'cat /etc/secret/password')) === 'second', UPDATE_WITHIN_MS);
  });

  it('updates downward API files when the pod’s labels change', async () => {
    await tc.ok('label', 'pod', 'reader', 'release=canary');
    await waitFor('the new label in /etc/info/labels', async () => (await exec(newestKubectl(), 'reader', 'cat /etc/info/labels')).includes('release="canary"'), UPDATE_WITHIN_MS);
  });

  it('gives volumes to the pod’s fsGroup, and the process the group', async () => {
    await tc.ok('apply', '-f', tc.file('fsgroup.yaml', `
apiVersion: v1
kind: Pod
metadata: {name: grouped}
spec:
  terminationGracePeriodSeconds: 1
  securityContext: {runAsUser: 1000, fsGroup: 2000}
  volumes:
  - {name: scratch, emptyDir: {}}
  - {name: config, configMap: {name: app-config}}
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
    volumeMounts: [{name: scratch, mountPath: /scratch}, {name: config, mountPath: /etc/config}]
`));
    await waitFor('grouped running', () => podReady(tc.pod('grouped')), 60_000);
    const out = await exec(newestKubectl(), 'grouped', 'id -G; touch /scratch/made && stat -c "%u:%g %A" /scratch /scratch/made; stat -L -c "%g" /etc/config/color');
    const [groups, scratch, made, config] = out.trim().split('\n');
    expect(groups.split(' ')).toContain('2000');
    expect(scratch).toBe('0:2000 drwxrwsrwx');
    expect(made).toMatch(/^1000:2000 /);
    expect(config).toBe('2000');
  });
});
