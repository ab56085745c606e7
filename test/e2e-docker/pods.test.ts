// The seed's simple-echo Pod as real containers, driven by the real kubectl: two containers sharing one IP and
// localhost, exec over SPDY (kubectl 1.27) and WebSocket (1.33) with stdin, exit codes and a TTY that follows
// resizes, logs that follow, attach and port-forward; plus the parts of a pod spec lessons use (env from
// ConfigMaps/Secrets/fields, volumes, init containers) and the errors a learner meets (missing image, bad command).
import http from 'node:http';
import { spawn } from 'node:child_process';
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../helpers/kubectl-bin';
import { describeDocker, kubectlInPty, newestKubectl, oldestKubectl, podReady, startDockerTestCluster, waitFor, type DockerTestCluster } from './docker-cluster';

const SEED_POD = `${__dirname}/../fixtures/seed001/simple-pod.yaml`;

const SPEC = `
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {greeting: hello, app.conf: "port=80\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: files}
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - {name: setup, image: busybox, command: [sh, -c, "echo prepared > /scratch/init"], volumeMounts: [{name: scratch, mountPath: /scratch}]}
  volumes:
  - {name: conf, configMap: {name: settings}}
  - {name: creds, secret: {secretName: db}}
  - {name: scratch, emptyDir: {}}
  containers:
  - name: app
    image: busybox
    command: [sh, -c, "echo $GREETING $PASSWORD $POD_NAME $POD_IP > /scratch/env; exec sleep 3600"]
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    volumeMounts:
    - {name: conf, mountPath: /etc/app}
    - {name: creds, mountPath: /etc/creds}
    - {name: scratch, mountPath: /scratch}
    - {name: conf, mountPath: /etc/single.conf, subPath: app.conf}
  - name: reader
    image: busybox
    command: [sh, -c, "exec sleep 3600"]
    volumeMounts: [{name: scratch, mountPath: /shared}]
---
apiVersion: v1
kind: Pod
metadata: {name: noimage}
spec:
  containers: [{name: app, image: "nginx:1.99"}]
---
apiVersion: v1
kind: Pod
metadata: {name: nocmd}
spec:
  containers: [{name: app, image: busybox, command: [nonexistent]}]
`;

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

(hasKubectl ? describeDocker : describe.skip)('pods as real containers (docker runtime, real kubectl)', () => {
  let tc: DockerTestCluster;
  const versions = [...new Set([oldestKubectl(), newestKubectl()])];

  beforeAll(async () => {
    tc = await startDockerTestCluster({ workers: 1 });
    await tc.ok('apply', '-f', SEED_POD);
    await tc.ok('apply', '-f', tc.file('spec.yaml', SPEC));
    await waitFor('simple-echo 2/2 Running', () => podReady(tc.pod('simple-echo')), 30_000);
  }, 90_000);

  afterAll(async () => {
    await tc?.close();
  }, 60_000);

  it('runs the seed pod with both containers ready on one pod IP', async () => {
    const out = await tc.ok('get', 'pod', 'simple-echo');
    expect(out).toMatch(/simple-echo\s+2\/2\s+Running\s+0/);
    const pod = tc.pod('simple-echo')!;
    expect(pod.status!.podIP).toMatch(/^10\.2(2[4-9]|3\d)\./);
    expect(pod.status!.containerStatuses!.map((s: any) => s.containerID)).toEqual([expect.stringMatching(/^docker:\/\//), expect.stringMatching(/^docker:\/\//)]);
  });

  it.each(versions)('reaches echo over localhost from the nginx container with kubectl exec (%s)', async (bin) => {
    const r = await tc.kubectl(bin, ['exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'localhost:8080']);
    expect(r).toMatchObject({ code: 0, stdout: 'Hello Docker!!' });
  });

  it.each(versions)('passes stdin through kubectl exec -i and reports the exit code (%s)', async (bin) => {
    const piped = await tc.kubectl(bin, ['exec', '-i', 'simple-echo', '-c', 'nginx', '--', 'sh', '-c', 'tr a-z A-Z'], { input: 'hello from stdin\n' });
    expect(piped).toMatchObject({ code: 0, stdout: 'HELLO FROM STDIN\n' });
    const failed = await tc.kubectl(bin, ['exec', 'simple-echo', '-c', 'nginx', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toBe('out\n');
    expect(failed.stderr).toContain('err\n');
    expect(failed.stderr).toContain('command terminated with exit code 3');
  });

  it.each(versions)('gives kubectl exec -it a terminal that follows resizes (%s)', async (bin) => {
    const { term, out, exitCode } = kubectlInPty(tc, bin, ['exec', '-it', 'simple-echo', '-c', 'nginx', '--', 'sh'], 100, 30);
    try {
      await waitFor('a shell prompt', () => / # /.test(out()), 15_000);
      // Typed again every tenth poll: a size travels kubectl → API server → engine while we wait.
      const sizeShown = (size: RegExp) => {
        let polls = 0;
        return () => {
          if (polls++ % 10 === 0) term.write('stty size\r');
          return size.test(out());
        };
      };
      await waitFor('the first size', sizeShown(/30 100/), 15_000);
      term.resize(120, 40);
      await waitFor('the new size', sizeShown(/40 120/), 15_000);
      term.write('exit 4\r');
      await waitFor('kubectl to exit', () => exitCode() !== undefined, 10_000);
      expect(exitCode()).toBe(4);
    } finally {
      if (exitCode() === undefined) term.kill();
    }
  });

  it('follows logs with kubectl logs -f -c echo', async () => {
    const child = spawn(newestKubectl(), ['--kubeconfig', tc.kubeconfig, 'logs', '-f', 'simple-echo', '-c', 'echo', '--tail', '0'], { cwd: tc.dir, env: { ...process.env, HOME: tc.dir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      // The stream is open once a request made now shows up in it.
      await waitFor('a followed log line', async () => {
        await tc.ok('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'localhost:8080');
        return /received request/.test(out);
      }, 20_000);
      const before = out.split('\n').length;
      await tc.ok('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'localhost:8080');
      await waitFor('the next line', () => out.split('\n').length > before, 10_000);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
    const tail = await tc.ok('logs', 'simple-echo', '-c', 'echo', '--tail', '1', '--timestamps');
    expect(tail.trim().split('\n')).toHaveLength(1);
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
  });

  it.each(versions)('shows what the container writes with kubectl attach (%s)', async (bin) => {
    const child = spawn(bin, ['--kubeconfig', tc.kubeconfig, 'attach', 'simple-echo', '-c', 'echo'], { cwd: tc.dir, env: { ...process.env, HOME: tc.dir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      await waitFor('an attached log line', async () => {
        await tc.ok('exec', 'simple-echo', '-c', 'nginx', '--', 'wget', '-qO-', 'localhost:8080');
        return /received request/.test(out);
      }, 20_000);
    } finally {
      child.kill();
    }
  });

  it.each(versions)('forwards a local port to the pod with kubectl port-forward (%s)', async (bin) => {
    const child = spawn(bin, ['--kubeconfig', tc.kubeconfig, 'port-forward', 'pod/simple-echo', ':80'], { cwd: tc.dir, env: { ...process.env, HOME: tc.dir } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const port = await waitFor('the forwarding line', () => /127\.0\.0\.1:(\d+) -> 80/.exec(out)?.[1], 20_000);
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toBe('Hello Docker!!');
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toBe('Hello Docker!!');
    } finally {
      child.kill();
    }
  });

  it('sets env from ConfigMaps, Secrets and fields, mounts their files, shares emptyDir, and runs init containers first', async () => {
    await waitFor('files 2/2 Running', () => podReady(tc.pod('files')), 30_000);
    const ip = tc.pod('files')!.status!.podIP;
    const out = await tc.ok('exec', 'files', '-c', 'app', '--', 'sh', '-c', 'cat /scratch/env /scratch/init /etc/app/greeting; echo; cat /etc/creds/password; echo; cat /etc/single.conf');
    expect(out).toBe(`hello s3cret files ${ip}\nprepared\nhello\ns3cret\nport=80\n`);
    expect(await tc.ok('exec', 'files', '-c', 'reader', '--', 'cat', '/shared/env')).toBe(`hello s3cret files ${ip}\n`);
    const ro = await tc.kubectl(newestKubectl(), ['exec', 'files', '-c', 'app', '--', 'touch', '/etc/app/new']);
    expect(ro.code).not.toBe(0);
  });

  it('shows ErrImagePull/ImagePullBackOff for an image that cannot be had, with the events', async () => {
    await waitFor('ImagePullBackOff', () => tc.pod('noimage')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff', 20_000);
    const described = await tc.ok('describe', 'pod', 'noimage');
    expect(described).toContain('Failed to pull image "nginx:1.99"');
    expect(described).toContain('Back-off pulling image "nginx:1.99"');
  });

  it('reports a command that cannot start as StartError and backs off', async () => {
    await waitFor('CrashLoopBackOff', () => tc.pod('nocmd')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', 20_000);
    const last = tc.pod('nocmd')!.status!.containerStatuses![0].lastState!.terminated;
    expect(last).toMatchObject({ reason: 'StartError' });
    expect(last!.message).toContain('executable file not found');
  });

  it('keeps what a pod wrote to its PersistentVolumeClaim for the next pod that mounts the claim', async () => {
    const writer = (name: string, command: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
  restartPolicy: Never
  volumes: [{name: data, persistentVolumeClaim: {claimName: notes}}]
  containers: [{name: app, image: busybox, command: [sh, -c, '${command}'], volumeMounts: [{name: data, mountPath: /data}]}]
`;
    await tc.ok('apply', '-f', tc.file('claim.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: notes}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n'));
    await waitFor('claim notes Bound', () => tc.cluster.api.tryGet(findKind('PersistentVolumeClaim')!, 'default', 'notes')?.status?.phase === 'Bound', 10_000);
    await tc.ok('apply', '-f', tc.file('first.yaml', writer('first', 'echo kept across pods > /data/note')));
    await waitFor('first Succeeded', () => tc.pod('first')?.status?.phase === 'Succeeded', 30_000);
    await tc.ok('delete', 'pod', 'first');
    await tc.ok('apply', '-f', tc.file('second.yaml', writer('second', 'cat /data/note')));
    await waitFor('second Succeeded', () => tc.pod('second')?.status?.phase === 'Succeeded', 30_000);
    expect(await tc.ok('logs', 'second')).toBe('kept across pods\n');
  });
});
