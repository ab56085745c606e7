// The learner's budget explained in their language. kubectl prints the refusal in ResourceQuota's English
// ("exceeded quota: kubelab-budget, requested: pods=1, used: pods=40, limited: pods=40"); when a step's pods are
// missing because a controller's create was refused (a FailedCreate event), Check says so with a sentence per
// exhausted resource and what to do about it, in Korean and English. Plain text: callers escape it like any text.
import type { KubeObject } from '../../sandbox/api/types';
import { BUDGET_QUOTA } from '../../sandbox/apiserver/plugins/budget';
import type { Text } from './types';

export type Lang = 'ko' | 'en';

export interface BudgetLine {
  resource: string;
  requested: string;
  used: string;
  limited: string;
}

const NAMES: Record<string, Record<Lang, string>> = {
  pods: { ko: '파드 수', en: 'pods' },
  'limits.cpu': { ko: 'CPU', en: 'CPU' },
  'limits.memory': { ko: '메모리', en: 'memory' },
  'limits.ephemeral-storage': { ko: '임시 스토리지(ephemeral-storage)', en: 'ephemeral storage' },
  'kubelab.dev/processes': { ko: '프로세스 수', en: 'processes' },
  'kubelab.dev/objects': { ko: '클러스터에 저장된 오브젝트 수', en: 'objects stored in the cluster' },
  'kubelab.dev/object-bytes': { ko: '클러스터에 저장된 오브젝트 크기', en: 'size of the objects stored in the cluster' },
};

const HINTS: Record<Lang, { pods: string; compute: string; store: string; defaults: string }> = {
  ko: {
    pods: '필요 없는 파드나 디플로이먼트를 지우거나 replicas를 줄이세요 (kubectl delete, kubectl scale).',
    compute: 'limits를 정하지 않은 컨테이너는 기본값(CPU 500m, 메모리 256Mi, 임시 스토리지 256Mi)으로 계산됩니다. 더 작은 resources.limits를 주거나 다른 파드를 지우세요.',
    store: '필요 없는 오브젝트(특히 큰 Secret이나 ConfigMap)를 지우세요.',
    defaults: '이 한도는 실습 서버를 여러 학습자가 함께 쓰기 위한 kubelab의 예산입니다(쿠버네티스의 ResourceQuota와 같은 방식).',
  },
  en: {
    pods: 'Delete pods or Deployments you no longer need, or lower their replicas (kubectl delete, kubectl scale).',
    compute: 'A container without limits counts as the defaults (CPU 500m, memory 256Mi, ephemeral storage 256Mi). Give it smaller resources.limits or delete other pods.',
    store: 'Delete objects you no longer need (large Secrets and ConfigMaps first).',
    defaults: "This limit is kubelab's budget for your cluster, so that many learners can share one lab server (it works like a Kubernetes ResourceQuota).",
  },
};

function parseList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** The budget lines of a refusal message, or undefined when it is not the budget's. */
export function parseBudgetRefusal(message: string): BudgetLine[] | undefined {
  const m = new RegExp(`exceeded quota: ${BUDGET_QUOTA}, requested: (\\S+), used: (\\S+), limited: (\\S+)`).exec(message);
  if (!m) return undefined;
  const [requested, used, limited] = [parseList(m[1]), parseList(m[2]), parseList(m[3])];
  return [...requested.keys()].map((resource) => ({ resource, requested: requested.get(resource)!, used: used.get(resource) ?? '?', limited: limited.get(resource) ?? '?' }));
}

/** A short explanation of a budget refusal in the learner's language; undefined for any other message. */
export function explainBudgetRefusal(message: string, lang: Lang): string | undefined {
  const lines = parseBudgetRefusal(message);
  if (!lines?.length) return undefined;
  const h = HINTS[lang];
  const sentences = lines.map((l) => {
    const name = NAMES[l.resource]?.[lang] ?? l.resource;
    return lang === 'ko'
      ? `${name} 예산을 넘습니다: 이미 ${l.used} 사용 중이고 한도는 ${l.limited}인데, ${l.requested}를 더 요청했습니다.`
      : `Your cluster's ${name} budget would be exceeded: ${l.used} in use, ${l.limited} allowed, ${l.requested} more requested.`;
  });
  const kinds = new Set(lines.map((l) => (l.resource === 'pods' ? 'pods' : l.resource.startsWith('kubelab.dev/object') ? 'store' : 'compute')));
  const hints = [...kinds].map((k) => h[k as 'pods' | 'compute' | 'store']);
  return [...sentences, ...hints, h.defaults].join(' ');
}

/** The newest budget refusal among a namespace's events since `since`, explained in both languages. */
export function budgetDiagnosis(events: KubeObject[], since?: Date): Text | undefined {
  const refused = events
    .filter((e) => e.reason === 'FailedCreate' && typeof e.message === 'string' && e.message.includes(BUDGET_QUOTA))
    .filter((e) => !since || Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? 0)) >= since.getTime() - 1000)
    .sort((a, b) => String(b.lastTimestamp ?? '').localeCompare(String(a.lastTimestamp ?? '')))[0];
  if (!refused) return undefined;
  const en = explainBudgetRefusal(String(refused.message), 'en');
  const ko = explainBudgetRefusal(String(refused.message), 'ko');
  return en && ko ? { en, ko } : undefined;
}
