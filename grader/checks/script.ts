// The escape hatch for what no declarative kind covers: a command run in the learner's toolbox (or locally with
// KUBECONFIG) decides — exit 0 passes, and its first output line is what the learner reads.
import { firstLine } from '../script-runner';
import type { CheckContext, Outcome, ScriptCheck } from './types';
import { t } from './words';

export function judgeScript(c: ScriptCheck, r: { code: number; stdout: string; stderr: string; timedOut: boolean }): Outcome {
  const expected = t('the check script succeeds (exit code 0)', '검사 스크립트 성공 (종료 코드 0)');
  const line = firstLine(r);
  if (r.timedOut) return { status: 'failed', expected, found: t(`timed out after ${c.timeoutSeconds}s`, `${c.timeoutSeconds}초 안에 끝나지 않음`) };
  if (r.code === 0) return { status: 'passed', expected, found: t(line || 'exit code 0', line || '종료 코드 0') };
  return { status: 'failed', expected, found: t(`exit code ${r.code}${line ? `: ${line}` : ''}`, `종료 코드 ${r.code}${line ? `: ${line}` : ''}`) };
}

export async function evaluateScript(c: ScriptCheck, ctx: CheckContext): Promise<Outcome> {
  if (!ctx.scripts) throw new Error('script checks need a script runner (the learner toolbox or a local shell with KUBECONFIG)');
  const r = await ctx.scripts.run(c.run, { timeoutMs: c.timeoutSeconds * 1000, env: { NAMESPACE: c.namespace ?? ctx.namespace } });
  return judgeScript(c, r);
}
