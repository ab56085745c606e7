// Ownership evidence on Docker objects, judged by another process: a live owner keeps its clusters, a dead one
// (even when its PID is reused) does not; relative paths and other namespaces are never judged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterLiveness, processIdentity, processLiveness } from '../../../sandbox/docker/ownership';
import { exitedProcessIdentity as deadOwner } from './docker-env';

describe('process ownership', () => {
  it('knows this process is alive and an exited one is gone', async () => {
    expect(processLiveness(processIdentity())).toBe('alive');
    expect(processLiveness(await deadOwner())).toBe('gone');
  });

  it('does not mistake a reused PID for its former owner', () => {
    const [boot, pidNs, mntNs, pid, start] = processIdentity()!.split('/');
    expect(processLiveness([boot, pidNs, mntNs, pid, String(Number(start) + 1)].join('/'))).toBe('gone');
  });

  it('does not judge processes of another PID namespace, another boot, or a bare PID', () => {
    const [boot, pidNs, mntNs, pid, start] = processIdentity()!.split('/');
    expect(processLiveness([boot, String(Number(pidNs) + 1), mntNs, pid, start].join('/'))).toBe('unknown');
    expect(processLiveness(['00000000-0000-0000-0000-000000000000', pidNs, mntNs, pid, start].join('/'))).toBe('unknown');
    expect(processLiveness(String(process.pid))).toBe('unknown');
    expect(processLiveness(undefined)).toBe('unknown');
  });
});

describe('cluster liveness from labels', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-owner-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a cluster whose state file exists, whoever made it', async () => {
    const file = path.join(dir, 'u1.db');
    fs.writeFileSync(file, '');
    expect(clusterLiveness(file, await deadOwner())).toBe('alive');
  });

  it('gives up a cluster only when its state file is gone and its owner no longer runs', async () => {
    const missing = path.join(dir, 'deleted.db');
    expect(clusterLiveness(missing, processIdentity())).toBe('alive');
    expect(clusterLiveness(missing, await deadOwner())).toBe('gone');
  });

  it('never judges a relative state path (another process has another working directory)', async () => {
    expect(clusterLiveness('data/clusters/u1.db', await deadOwner())).toBe('unknown');
  });

  it('judges an in-memory cluster by its process', async () => {
    expect(clusterLiveness('memory', processIdentity())).toBe('alive');
    expect(clusterLiveness('memory', await deadOwner())).toBe('gone');
    expect(clusterLiveness('memory', undefined)).toBe('unknown');
  });

  it('does not judge files seen from another mount namespace', async () => {
    const [boot, pidNs, mntNs, pid, start] = (await deadOwner()).split('/');
    expect(clusterLiveness(path.join(dir, 'gone.db'), [boot, pidNs, String(Number(mntNs) + 1), pid, start].join('/'))).toBe('unknown');
  });
});
