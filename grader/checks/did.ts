// "Did" checks: the learner made a given request since the step opened — exec into a container, read its logs,
// port-forward, roll back, scale, read an object — judged from the API server's own record of their requests
// (sandbox/apiserver/http/audit.ts), not from a quiz. A learner who has not done it yet reads which command is
// still missing; one who did something close reads how it differs (another container, another pod, a refusal).
//
// Under the simulated runtime, exec, attach, logs and port-forward are refused for want of processes. Such a
// request still counts: the learner did exactly what the step asks, and only the runtime could not carry it out
// (the result says so). A refusal for the learner's own mistake (no such pod) never counts.
import type { RequestRecord } from '../../sandbox/apiserver/http/audit';
import { resolveName } from '../../sandbox/apiserver/kinds/registry';
import type { CheckContext, DidCheck, Outcome, Text } from './types';
import { t } from './words';

/** The user the grader's own kubectl impersonates (`--as`), so its requests are never taken for the learner's. */
export const GRADER_USER = 'kubelab:grader';

export function isGraderRequest(r: RequestRecord): boolean {
  return r.impersonatedUser === GRADER_USER || (r.userAgent ?? '').startsWith('kubelab-grader');
}

const STREAMS: Record<string, string> = { exec: 'exec', attach: 'attach', logs: 'log', 'port-forward': 'portforward' };

export function isStreamRequest(c: DidCheck): boolean {
  return !!c.request && c.request in STREAMS;
}

function plural(resource: string | undefined): string | undefined {
  return resource ? resolveName(resource)?.plural ?? resource : undefined;
}

/** How a record differs from what the check asks, as short bilingual phrases (empty: it matches). */
function differences(c: DidCheck, r: RequestRecord): Text[] {
  const out: Text[] = [];
  if (c.request) {
    const sub = STREAMS[c.request];
    if (sub ? r.subresource !== sub : r.verb !== c.request || (!c.subresource && r.subresource && r.subresource !== 'status')) {
      out.push(t(`another request (${describeRecord(r).en})`, `다른 요청 (${describeRecord(r).ko})`));
      return out;
    }
  }
  const resource = plural(c.resource) ?? (isStreamRequest(c) ? 'pods' : undefined);
  if (resource && r.resource !== resource) out.push(t(`${r.resource}, not ${resource}`, `리소스: ${r.resource} (요구: ${resource})`));
  if (c.subresource && r.subresource !== c.subresource) out.push(t(`not the ${c.subresource} subresource`, `하위 리소스: ${r.subresource ?? '없음'} (요구: ${c.subresource})`));
  if (c.kubectl && r.kubectlCommand !== `kubectl ${c.kubectl}`) {
    out.push(t(`${r.kubectlCommand ?? 'not kubectl'}, not kubectl ${c.kubectl}`, `명령: ${r.kubectlCommand ?? 'kubectl 밖의 요청'} (요구: kubectl ${c.kubectl})`));
  }
  if (c.name && r.name !== c.name) out.push(t(`${r.name ? `"${r.name}"` : 'no name'} instead of "${c.name}"`, `이름: ${r.name ? `"${r.name}"` : '없음'} (요구: "${c.name}")`));
  if (c.namePattern && !new RegExp(c.namePattern).test(r.name ?? '')) out.push(t(`"${r.name ?? ''}" is not the object meant`, `이름: "${r.name ?? ''}" (요구: /${c.namePattern}/)`));
  if (c.container && r.container !== c.container) {
    out.push(t(`container ${r.container ?? '(none given)'} instead of ${c.container}`, `컨테이너: ${r.container ?? '(지정 안 함)'} (요구: ${c.container})`));
  }
  if (c.command && !new RegExp(c.command).test((r.command ?? []).join(' '))) {
    out.push(t(`the command "${(r.command ?? []).join(' ')}" is not the one asked for`, `컨테이너에서 실행한 명령 "${(r.command ?? []).join(' ')}"이 요구한 것과 다름`));
  }
  if (c.follow !== undefined && !!r.follow !== c.follow) out.push(c.follow ? t('without -f (follow)', '-f(follow) 없음') : t('with -f (follow)', '-f(follow)를 붙임'));
  if (c.output && r.format !== c.output) {
    out.push(c.output === 'table' ? t('as -o yaml/json, not the table', '출력: -o yaml/json (요구: 표)') : t('as a table, not -o yaml/json', '출력: 표 (요구: -o yaml/json)'));
  }
  return out;
}

/** Whether the answer to the request counts as having done it (see the header comment). */
export function counts(c: DidCheck, r: RequestRecord, runtime: 'sim' | 'containers'): boolean {
  if (c.refused) return r.code >= 400 && r.code !== 401 && r.code !== 403;
  if (r.code < 400) return true;
  return runtime === 'sim' && isStreamRequest(c) && r.code === 400 && /need real containers/.test(r.message ?? '');
}

/** A record as the kubectl command that made it, near enough for a learner to recognise. */
export function describeRecord(r: RequestRecord): Text {
  const container = r.container ? ` -c ${r.container}` : '';
  let cmd: string;
  switch (r.subresource) {
    case 'exec':
      cmd = `kubectl exec ${r.name}${container} -- ${(r.command ?? []).join(' ')}`;
      break;
    case 'attach':
      cmd = `kubectl attach ${r.name}${container}`;
      break;
    case 'log':
      cmd = `kubectl logs${r.follow ? ' -f' : ''} ${r.name}${container}`;
      break;
    case 'portforward':
      cmd = `kubectl port-forward ${r.name}`;
      break;
    default: {
      const target = `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.name ? ` ${r.name}` : ''}`;
      cmd = r.kubectlCommand ? `${r.kubectlCommand} (${r.verb} ${target})` : `${r.verb} ${target}`;
    }
  }
  return t(cmd, cmd);
}

/** The command the step asks for, as the learner would type it. */
export function exampleCommand(c: DidCheck): Text {
  if (c.example) return c.example;
  const cmd = builtExample(c);
  return t(cmd, cmd);
}

function builtExample(c: DidCheck): string {
  const name = c.name ?? '<name>';
  const container = c.container ? ` -c ${c.container}` : '';
  switch (c.request) {
    case 'exec':
      return `kubectl exec -it ${name}${container} -- sh`;
    case 'attach':
      return `kubectl attach -it ${name}${container}`;
    case 'logs':
      return `kubectl logs${c.follow ? ' -f' : ''} ${name}${container}`;
    case 'port-forward':
      return `kubectl port-forward ${name} <port>`;
  }
  if (c.kubectl) return `kubectl ${c.kubectl}${c.resource ? ` ${c.resource}` : ''}${c.name ? ` ${c.name}` : ''}`;
  return `kubectl ${c.request} ${c.resource ?? ''}${c.name ? ` ${c.name}` : ''}`.trim();
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

export function judgeDid(c: DidCheck, records: RequestRecord[], runtime: 'sim' | 'containers', startedAt?: Date): Outcome {
  const ex = exampleCommand(c);
  const refusedWord = c.refused ? t(' and see it refused', '(거부되는 것 확인)') : t('', '');
  const expected = t(`you run \`${ex.en}\`${refusedWord.en}${startedAt ? ' after opening this step' : ''}`, `${startedAt ? '이 단계를 연 뒤 ' : ''}\`${ex.ko}\` 실행${refusedWord.ko}`);
  const since = startedAt?.getTime() ?? -Infinity;
  // A ServiceAccount's token (a pod calling the API) is not the learner at the keyboard.
  const mine = records.filter((r) => !isGraderRequest(r) && !r.tokenUser && r.at >= since).sort((a, b) => a.at - b.at);
  const matching = mine.filter((r) => !differences(c, r).length);
  const done = matching.filter((r) => counts(c, r, runtime));
  if (done.length) {
    const r = done[done.length - 1];
    const d = describeRecord(r);
    const simNote = r.code >= 400 && !c.refused ? t(' (the simulated runtime could not run it, but you made the request)', ' (시뮬레이션 런타임이라 실제로 실행되지는 않았지만 요청은 했음)') : t('', '');
    return { status: 'passed', expected, found: t(`you ran ${d.en} at ${clock(r.at)}${simNote.en}`, `${clock(r.at)}에 실행함: ${d.ko}${simNote.ko}`) };
  }
  if (matching.length) {
    const r = matching[matching.length - 1];
    const why = c.refused ? t('it was accepted, not refused', '거부되지 않고 받아들여짐') : t(r.message ?? `answer ${r.code}`, r.message ?? `응답 ${r.code}`);
    return {
      status: 'failed',
      expected,
      found: t(`you ran ${describeRecord(r).en}, but it did not go through`, `실행했지만 성공하지 못함: ${describeRecord(r).ko}`),
      diagnosis: c.refused ? t(`\`${describeRecord(r).en}\` was accepted: the step wants the refusal`, `받아들여졌습니다: \`${describeRecord(r).ko}\`. 이 단계는 거부되는 경우를 봅니다.`) : undefined,
      details: why,
    };
  }
  // The nearest miss: the latest request of the same kind, and how it differs.
  const sameKind = mine.filter((r) => {
    const diff = differences(c, r);
    if (!diff.length || diff[0].en.startsWith('another request')) return false;
    // A kubectl-only check: only the same family of kubectl commands (rollout history for rollout undo) is close.
    return !!c.request || (r.kubectlCommand ?? '').startsWith(`kubectl ${c.kubectl!.split(' ')[0]}`);
  });
  if (sameKind.length) {
    const r = sameKind[sameKind.length - 1];
    const diff = differences(c, r);
    const list = { en: diff.map((x) => x.en).join('; '), ko: diff.map((x) => x.ko).join('; ') };
    return {
      status: 'failed',
      expected,
      found: t(`you ran ${describeRecord(r).en}: ${list.en}`, `실행한 것: ${describeRecord(r).ko} — ${list.ko}`),
      diagnosis: t(`Close: ${list.en}. Still missing: \`${ex.en}\`.`, `거의 됐습니다. ${list.ko}. 아직 실행하지 않은 명령: \`${ex.ko}\``),
    };
  }
  return {
    status: 'failed',
    expected,
    found: t(`not run yet${startedAt ? ' since this step opened' : ''}`, `${startedAt ? '이 단계를 연 뒤 ' : ''}아직 실행하지 않음`),
    diagnosis: t(`Still missing: run \`${ex.en}\` in the terminal.`, `아직 터미널에서 실행하지 않은 명령: \`${ex.ko}\``),
  };
}

export async function evaluateDid(c: DidCheck, ctx: CheckContext): Promise<Outcome> {
  if (!ctx.requests) throw new Error('did checks need the record of the learner\'s requests (this grading run has none)');
  const records = await ctx.requests();
  const startedAt = c.since === 'any' ? undefined : ctx.startedAt;
  return judgeDid(c, records, await ctx.runtime(), startedAt);
}
