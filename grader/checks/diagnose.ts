// Names the learner's own mistake from what their cluster holds, in one sentence per language: a selector that
// selects nothing compared with the labels of the pods it most likely meant ("셀렉터 release=sumer ≠ 파드 레이블
// release=summer"), a pod that cannot pull its image (by image), crashes or is not ready, a targetPort no container
// declares (naming the ports that are), a Service with no endpoints (no pods / not ready / labels differ). Pure
// functions over objects already read.
import type { ContainerPort, Pod, Service } from '../../sandbox/api/objects';
import { selectorMatches } from '../../sandbox/lib/label-selector';
import { isReady, isTerminating } from './read';
import { waitingReason } from './states';
import type { Text } from './types';
import { t } from './words';

const pairs = (m: Record<string, string> | undefined) => Object.entries(m ?? {});
const show = (m: Record<string, string> | undefined) => pairs(m).map(([k, v]) => `${k}=${v}`).join(',') || '-';

/** Levenshtein distance: how many letters separate a typo from the label meant. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** Why a pod is not Ready, naming the image, container or condition; undefined when it is Ready. */
export function podProblem(pod: Pod): Text | undefined {
  if (isTerminating(pod) || isReady(pod)) return undefined;
  const name = pod.metadata.name;
  const waiting = waitingReason(pod);
  if (waiting) {
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c?.name === waiting.container);
    const image = spec?.image ?? '?';
    if (/ImagePull|ErrImage|InvalidImageName/.test(waiting.reason)) {
      return t(
        `pod ${name} cannot pull image ${image} (${waiting.reason}): check the image name and tag`,
        `파드 ${name}이(가) 이미지 ${image}를 가져올 수 없습니다(${waiting.reason}). 이미지 이름과 태그를 확인하세요`,
      );
    }
    if (waiting.reason === 'CrashLoopBackOff') {
      return t(
        `container ${waiting.container} of pod ${name} keeps crashing (CrashLoopBackOff): read \`kubectl logs ${name} -c ${waiting.container} --previous\``,
        `파드 ${name}의 컨테이너 ${waiting.container}가 거듭 종료됩니다(CrashLoopBackOff). \`kubectl logs ${name} -c ${waiting.container} --previous\`로 원인을 보세요`,
      );
    }
    return t(`container ${waiting.container} of pod ${name} is waiting: ${waiting.reason}`, `파드 ${name}의 컨테이너 ${waiting.container}가 기다리는 중: ${waiting.reason}`);
  }
  if (!pod.spec?.nodeName) {
    return t(`pod ${name} is not placed on any node yet: see Events in \`kubectl describe pod ${name}\``, `파드 ${name}이(가) 아직 어느 노드에도 배치되지 않았습니다. \`kubectl describe pod ${name}\`의 Events를 보세요`);
  }
  if (pod.status?.phase === 'Running') {
    return t(`pod ${name} runs but is not Ready (its readiness probe has not passed)`, `파드 ${name}은(는) 실행 중이지만 준비되지 않았습니다(레디니스 프로브를 아직 통과하지 못함)`);
  }
  return undefined;
}

/** The first reason among pods that are not Ready. */
export function podsProblem(pods: Pod[]): Text | undefined {
  for (const p of pods) {
    const why = podProblem(p);
    if (why) return why;
  }
  return undefined;
}

/**
 * A selector that selects no pod, compared with the pod it most likely meant: the one sharing the most of its
 * key=value pairs (at least one key). undefined when some pod matches.
 */
export function selectorMismatch(selector: Record<string, string>, pods: Pod[], who: Text): Text | undefined {
  const alive = pods.filter((p) => !isTerminating(p));
  if (alive.some((p) => selectorMatches({ matchLabels: selector }, p.metadata.labels))) return undefined;
  // Most pairs equal, then most keys present, then the nearest values (a typo is one letter away).
  let best: { pod: Pod; score: number; distance: number } | undefined;
  for (const p of alive) {
    const labels = p.metadata.labels ?? {};
    const exact = pairs(selector).filter(([k, v]) => labels[k] === v).length;
    const keys = pairs(selector).filter(([k]) => k in labels).length;
    const score = exact * 2 + keys;
    const distance = pairs(selector).reduce((d, [k, v]) => d + (k in labels ? editDistance(v, labels[k]) : 0), 0);
    if (keys && (!best || score > best.score || (score === best.score && distance < best.distance))) best = { pod: p, score, distance };
  }
  if (!best) {
    return t(
      `${who.en} selects no pod, and no pod has labels like it${alive.length ? ` (pods: ${alive.slice(0, 3).map((p) => `${p.metadata.name} ${show(p.metadata.labels)}`).join('; ')})` : ' (there are no pods)'}`,
      `${who.ko}에 맞는 파드가 없고, 레이블이 비슷한 파드도 없습니다${alive.length ? ` (파드: ${alive.slice(0, 3).map((p) => `${p.metadata.name} ${show(p.metadata.labels)}`).join('; ')})` : ' (파드가 하나도 없음)'}`,
    );
  }
  const labels = best.pod.metadata.labels ?? {};
  const diffs = pairs(selector).filter(([k, v]) => labels[k] !== v);
  const en = diffs.map(([k, v]) => (k in labels ? `${k}=${v} ≠ pod label ${k}=${labels[k]}` : `${k}=${v}, but the pod has no ${k} label`)).join('; ');
  const ko = diffs.map(([k, v]) => (k in labels ? `셀렉터 ${k}=${v} ≠ 파드 레이블 ${k}=${labels[k]}` : `셀렉터 ${k}=${v}, 그런데 파드에 ${k} 레이블이 없음`)).join('; ');
  return t(`${who.en} selects no pod: ${en} (pod ${best.pod.metadata.name})`, `${who.ko}가 고르는 파드가 없습니다: ${ko} (파드 ${best.pod.metadata.name})`);
}

/** Ports the selected pods declare, as "nginx 80, echo 8080". */
function declaredPorts(pods: Pod[]): { text: string; ports: (ContainerPort & { container: string })[] } {
  const seen = new Map<string, ContainerPort & { container: string }>();
  for (const p of pods) {
    for (const c of p.spec?.containers ?? []) for (const port of c?.ports ?? []) seen.set(`${c.name} ${port.containerPort}`, { ...port, container: c.name });
  }
  return { text: [...seen.keys()].join(', '), ports: [...seen.values()] };
}

/** A targetPort that no selected pod's container declares, naming the ports that are declared. */
export function targetPortProblem(svc: Service, selected: Pod[]): Text | undefined {
  const { text, ports } = declaredPorts(selected);
  if (!ports.length) return undefined; // undeclared ports may still be served: nothing to say
  for (const p of svc.spec?.ports ?? []) {
    const target = p.targetPort ?? p.port;
    const served = typeof target === 'number' || /^\d+$/.test(String(target))
      ? ports.some((x) => x.containerPort === Number(target))
      : ports.some((x) => x.name === target);
    if (!served) {
      return t(
        `targetPort ${target} of Service ${svc.metadata.name}: no container of its pods declares it (they declare ${text})`,
        `서비스 ${svc.metadata.name}의 targetPort ${target}를 여는 컨테이너가 없습니다 (파드의 컨테이너 포트: ${text})`,
      );
    }
  }
  return undefined;
}

/**
 * Why a Service has no ready endpoints (or, with `want`, why its selector is not the one asked for; with
 * `tooMany`, which pods its selector picks besides the ones meant).
 */
export function serviceProblem(svc: Service, pods: Pod[], want?: Record<string, string>, tooMany = false): Text | undefined {
  if (svc.spec?.type === 'ExternalName') return undefined;
  const name = svc.metadata.name;
  const selector: Record<string, string> = svc.spec?.selector ?? {};
  if (!pairs(selector).length) {
    return t(`Service ${name} has no selector, so it picks no pods`, `서비스 ${name}에 셀렉터가 없어 파드를 고르지 않습니다`);
  }
  const who = t(`the selector ${show(selector)} of Service ${name}`, `서비스 ${name}의 셀렉터 ${show(selector)}`);
  const none = selectorMismatch(selector, pods, who);
  if (none) return none;
  const selected = pods.filter((p) => !isTerminating(p) && selectorMatches({ matchLabels: selector }, p.metadata.labels));
  if (want) {
    const diffs = pairs(want).filter(([k, v]) => selector[k] !== v);
    if (diffs.length) {
      const names = selected.map((p) => String(p.metadata.name)).sort();
      const shown = `${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`;
      return t(
        `the selector ${show(selector)} of Service ${name} differs from ${show(want)} (${diffs.map(([k, v]) => (k in selector ? `${k}=${selector[k]} instead of ${k}=${v}` : `${k}=${v} missing`)).join('; ')}): it selects ${names.length} pod(s): ${shown}`,
        `서비스 ${name}의 셀렉터 ${show(selector)}가 요구한 ${show(want)}와 다릅니다 (${diffs.map(([k, v]) => (k in selector ? `${k}=${selector[k]} ≠ ${k}=${v}` : `${k}=${v} 빠짐`)).join('; ')}). 지금 파드 ${names.length}개를 고릅니다: ${shown}`,
      );
    }
  }
  if (tooMany) {
    const list = selected.map((p) => `${p.metadata.name} (${show(p.metadata.labels)})`).sort();
    return t(
      `the selector ${show(selector)} of Service ${name} picks ${selected.length} pods: ${list.join(', ')}; add the label that tells the ones you mean apart`,
      `서비스 ${name}의 셀렉터 ${show(selector)}가 파드 ${selected.length}개를 고릅니다: ${list.join(', ')}. 원하는 파드만 가진 레이블을 셀렉터에 더하세요`,
    );
  }
  if (!selected.some(isReady)) {
    const why = podsProblem(selected);
    if (why) return t(`Service ${name} selects ${selected.length} pod(s), none Ready: ${why.en}`, `서비스 ${name}이(가) 고른 파드 ${selected.length}개 중 준비된 것이 없습니다: ${why.ko}`);
  }
  return targetPortProblem(svc, selected.filter(isReady));
}

/** For counts of pods by selector: nothing selected (labels differ) or not Ready (why). */
export function podSetProblem(selector: string | undefined, selected: Pod[], all: Pod[]): Text | undefined {
  const equalities = (selector ?? '').split(',').map((part) => /^\s*([^=!\s]+)\s*==?\s*([^=\s]+)\s*$/.exec(part));
  if (!selected.filter((p) => !isTerminating(p)).length && selector && equalities.every(Boolean)) {
    const wanted = Object.fromEntries(equalities.map((m) => [m![1], m![2]]));
    return selectorMismatch(wanted, all, t(`the selector ${selector}`, `셀렉터 ${selector}`));
  }
  return podsProblem(selected);
}
