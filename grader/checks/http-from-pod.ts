// An `http` check sent from inside a pod (`from: <pod>`): the request a learner would make with
// `kubectl exec <pod> -- wget -qO- http://<service>`, so it meets what the node's own requests never do — the
// NetworkPolicies of the sender and of the pods behind the Service, cluster DNS as that pod sees it. `blocked: true`
// asks that no answer comes within a few seconds (the policy holds it back). It runs busybox wget in the pod
// through the grader's kubectl, under a watchdog written in plain sh: busybox `timeout` would leave a zombie behind
// in a pod whose PID 1 never reaps (`sleep 3600`), and its `wget -T` crashes.
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { NetworkPolicy, Pod } from '../../sandbox/api/objects';
import { selectorMatches } from '../../sandbox/lib/label-selector';
import type { CheckContext, HttpCheck, Outcome, Text } from './types';
import { t } from './words';

/** How long the request may take before it counts as unanswered. */
export const FROM_POD_WAIT_SECONDS = 3;

/** Inside the pod: wget in the background, polled every 0.1 s; exit 124 when it has not finished in time. */
const WATCHDOG = [
  'wget -q -S -O - "$@" & p=$!; n=0',
  `while [ $n -lt ${FROM_POD_WAIT_SECONDS * 10} ]; do s=$(cut -d" " -f3 /proc/$p/stat 2>/dev/null); if [ -z "$s" ] || [ "$s" = Z ]; then break; fi; usleep 100000; n=$((n+1)); done`,
  `if [ $n -ge ${FROM_POD_WAIT_SECONDS * 10} ]; then kill $p 2>/dev/null; wait $p; exit 124; fi`,
  'wait $p',
].join('\n');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function fromPodCommand(c: HttpCheck, namespace: string): string {
  const port = c.port === undefined ? '' : `:${c.port}`;
  const url = `http://${c.service}.${namespace}.svc.cluster.local${port}${c.path}`;
  return `kubectl exec -n ${quote(namespace)} ${quote(c.from!)} -- sh -c ${quote(WATCHDOG)} kubelab-check ${quote(url)}`;
}

export type FromPodAnswer = { kind: 'answer'; status: number; body: string } | { kind: 'none' } | { kind: 'error'; message: string };

/** Reads what the command printed: headers (-S) on stderr, the body on stdout; 124 is no answer in time. */
export function readFromPod(r: { code: number; stdout: string; stderr: string }): FromPodAnswer {
  if (r.code === 124) return { kind: 'none' };
  const statuses = [...r.stderr.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
  if (statuses.length) return { kind: 'answer', status: statuses[statuses.length - 1], body: r.stdout };
  // wget gave up on its own before the deadline: refused, reset, no such name.
  if (/wget:/.test(r.stderr)) return { kind: 'none' };
  return { kind: 'error', message: (r.stderr || r.stdout).trim().split('\n')[0] ?? `exit ${r.code}` };
}

function selects(policy: NetworkPolicy, pod: Pod): boolean {
  return selectorMatches(policy.spec?.podSelector ?? {}, pod.metadata.labels ?? {});
}

/** The NetworkPolicies that could hold the request back: the sender's egress ones, the receivers' ingress ones. */
export async function policiesInTheWay(c: HttpCheck, ctx: CheckContext, namespace: string): Promise<Text | undefined> {
  const policies = (await ctx.client.list(findKind('NetworkPolicy')!, namespace)).items;
  if (!policies.length) return undefined;
  const pods = (await ctx.client.list(findKind('Pod')!, namespace)).items;
  const sender = pods.find((p) => p.metadata.name === c.from);
  const svc = pods.length ? (await ctx.client.list(findKind('Service')!, namespace)).items.find((s) => s.metadata.name === c.service) : undefined;
  const selector: Record<string, string> | undefined = svc?.spec?.selector;
  const receivers = selector ? pods.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v)) : [];
  const egress = sender ? policies.filter((p) => (p.spec?.policyTypes ?? []).includes('Egress') && selects(p, sender)).map((p) => p.metadata.name) : [];
  const ingress = policies.filter((p) => (p.spec?.policyTypes ?? []).includes('Ingress') && receivers.some((r) => selects(p, r))).map((p) => p.metadata.name);
  if (!egress.length && !ingress.length) return undefined;
  const en = [egress.length ? `egress of pod ${c.from}: ${egress.join(', ')}` : '', ingress.length ? `ingress of the pods behind ${c.service}: ${ingress.join(', ')}` : ''].filter(Boolean).join('; ');
  const ko = [egress.length ? `파드 ${c.from}의 이그레스: ${egress.join(', ')}` : '', ingress.length ? `${c.service} 뒤 파드의 인그레스: ${ingress.join(', ')}` : ''].filter(Boolean).join('; ');
  return t(`NetworkPolicies that decide this request (${en}); see kubectl describe networkpolicy`, `이 요청을 정하는 네트워크폴리시 (${ko}). kubectl describe networkpolicy로 보세요`);
}

export function noAnswer(): Text {
  return t(`no answer within ${FROM_POD_WAIT_SECONDS} s`, `${FROM_POD_WAIT_SECONDS}초 안에 응답 없음`);
}

export function fromPodOutcome(c: HttpCheck, answer: FromPodAnswer, expected: Text, judge: (a: { status: number; body: string }) => Outcome): Outcome {
  if (answer.kind === 'error') {
    return { status: 'failed', expected, found: t(`could not send it from pod ${c.from}: ${answer.message}`, `파드 ${c.from}에서 보내지 못함: ${answer.message}`), settling: true };
  }
  if (c.blocked) {
    if (answer.kind === 'none') return { status: 'passed', expected, found: noAnswer() };
    return { status: 'failed', expected, found: t(`answered ${answer.status}`, `응답 ${answer.status}`), settling: true };
  }
  if (answer.kind === 'none') return { status: 'failed', expected, found: noAnswer(), settling: true };
  return judge(answer);
}
