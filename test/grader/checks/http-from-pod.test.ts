// `http` checks sent from inside a pod (`from`, and `blocked` for a request a NetworkPolicy holds back): how they are
// written, the command that runs wget in the pod, and how its output becomes a verdict. The real requests are proven
// by labs/12-network-policy on the docker runtime (test/labs/solutions-docker.test.ts).
import { checksOrThrow, parseChecks } from '../../../grader/checks/schema';
import { fromPodCommand, fromPodOutcome, readFromPod } from '../../../grader/checks/http-from-pod';
import type { HttpCheck } from '../../../grader/checks/types';

const hint = { ko: '힌트', en: 'hint' };
const base = { id: 'a', type: 'http', title: 'x', hint, via: 'service', service: 'echo', port: 80 };
const check = (extra: Partial<HttpCheck>): HttpCheck => ({ id: 'a', type: 'http', title: hint, hint, via: 'service', service: 'echo', port: 80, path: '/', status: 200, ...extra });

describe('http checks from a pod', () => {
  it('are written with from (a pod) and optionally blocked', () => {
    const [reach, held] = checksOrThrow([
      { ...base, from: 'client', bodyContains: 'Hello' },
      { ...base, id: 'b', from: 'stranger', blocked: true },
    ]) as HttpCheck[];
    expect(reach).toMatchObject({ from: 'client', status: 200, bodyContains: 'Hello' });
    expect(held).toMatchObject({ from: 'stranger', blocked: true });
  });

  it('refuses blocked without from, and from through an Ingress', () => {
    const { errors } = parseChecks([
      { ...base, blocked: true },
      { id: 'b', type: 'http', title: 'x', hint, via: 'ingress', host: 'a.b', from: 'client' },
    ]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/blocked needs from/), expect.stringMatching(/from .* works with via: service/)]);
  });

  it('runs busybox wget in the pod through kubectl exec, every argument quoted', () => {
    const cmd = fromPodCommand(check({ path: "/it's", from: 'client' }), 'team-a');
    expect(cmd).toMatch(/^kubectl exec -n 'team-a' 'client' -- sh -c '.*wget -q -S -O - "\$@" &.*' kubelab-check 'http:\/\/echo\.team-a\.svc\.cluster\.local:80\/it'\\''s'$/s);
    expect(cmd).not.toMatch(/\btimeout\b/);
  });

  it('reads the status from the headers, and no answer from the watchdog or wget giving up', () => {
    expect(readFromPod({ code: 0, stdout: 'Hello Docker!!', stderr: '  HTTP/1.1 200 OK\n  Content-Type: text/plain\n' })).toEqual({ kind: 'answer', status: 200, body: 'Hello Docker!!' });
    expect(readFromPod({ code: 1, stdout: '', stderr: '  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n' })).toMatchObject({ kind: 'answer', status: 404 });
    expect(readFromPod({ code: 124, stdout: '', stderr: '' })).toEqual({ kind: 'none' });
    expect(readFromPod({ code: 1, stdout: '', stderr: "wget: bad address 'echo.default.svc.cluster.local:80'\n" })).toEqual({ kind: 'none' });
    expect(readFromPod({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "client" not found\n' })).toEqual({ kind: 'error', message: 'Error from server (NotFound): pods "client" not found' });
  });

  it('passes a blocked check only when no answer came, and fails a reaching one with "no answer"', () => {
    const expected = { en: 'e', ko: 'e' };
    const judge = () => ({ status: 'passed' as const, expected, found: expected });
    const blocked = check({ from: 'stranger', blocked: true });
    expect(fromPodOutcome(blocked, { kind: 'none' }, expected, judge).status).toBe('passed');
    expect(fromPodOutcome(blocked, { kind: 'answer', status: 200, body: 'Hello' }, expected, judge)).toMatchObject({ status: 'failed', found: { en: 'answered 200' } });
    const reach = check({ from: 'client' });
    expect(fromPodOutcome(reach, { kind: 'none' }, expected, judge)).toMatchObject({ status: 'failed', found: { en: 'no answer within 3 s', ko: '3초 안에 응답 없음' } });
    expect(fromPodOutcome(reach, { kind: 'error', message: 'pods "client" not found' }, expected, judge).found.ko).toContain('파드 client에서 보내지 못함');
  });
});
