// Dispatches a validated check to the code for its kind. The one table of "which kind does what": adding a kind
// means a parser in schema.ts and one line here.
import { evaluateDid } from './did';
import { evaluateEvent, evaluateReplaced } from './events';
import { evaluateHttp, evaluateIngress, evaluateService } from './network';
import { evaluateContainers, evaluateCount, evaluateDataKeys, evaluateExists, evaluateField } from './objects';
import { evaluateQuiz } from './quiz';
import { evaluateScript } from './script';
import type { Check, CheckContext, Outcome } from './types';
import { evaluateProbe, evaluateRolloutHistory, evaluateSelectorMatchesTemplate } from './workloads';

export function evaluateCheck(c: Check, ctx: CheckContext): Promise<Outcome> {
  switch (c.type) {
    case 'exists':
    case 'absent':
      return evaluateExists(c, ctx);
    case 'field':
      return evaluateField(c, ctx);
    case 'count':
      return evaluateCount(c, ctx);
    case 'selector-matches-template':
      return evaluateSelectorMatchesTemplate(c, ctx);
    case 'rollout-history':
      return evaluateRolloutHistory(c, ctx);
    case 'service':
      return evaluateService(c, ctx);
    case 'ingress':
      return evaluateIngress(c, ctx);
    case 'data-keys':
      return evaluateDataKeys(c, ctx);
    case 'probe':
      return evaluateProbe(c, ctx);
    case 'containers':
      return evaluateContainers(c, ctx);
    case 'http':
      return evaluateHttp(c, ctx);
    case 'event':
      return evaluateEvent(c, ctx);
    case 'replaced':
      return evaluateReplaced(c, ctx);
    case 'script':
      return evaluateScript(c, ctx);
    case 'did':
      return evaluateDid(c, ctx);
    case 'quiz':
      return evaluateQuiz(c, ctx);
  }
}

/** Checks whose answer does not come from the cluster's objects: a pass needs no confirming re-read. */
export function readsCluster(c: Check): boolean {
  if (c.type === 'quiz') return !!c.answerFrom;
  return c.type !== 'did';
}
