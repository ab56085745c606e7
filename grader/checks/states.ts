// One object's state in the words a learner reads in `kubectl get`: a pod's waiting reason (ImagePullBackOff,
// CrashLoopBackOff) before its phase, Ready or not; a ReplicaSet (Deployment, StatefulSet) active or scaled to
// zero — "active" the way an engineer reads `kubectl get rs`: DESIRED or CURRENT above 0. Both languages.
import type { KubeObject } from '../../sandbox/api/types';
import type { Pod } from '../../sandbox/api/objects';
import { isKind } from '../../sandbox/api/object-kind';
import { fieldOf } from '../../sandbox/api/unchecked';
import { isReady, isTerminating } from './read';
import type { Text } from './types';
import { t } from './words';

const REPLICATED = new Set(['ReplicaSet', 'Deployment', 'StatefulSet', 'ReplicationController']);

/** The first waiting (or terminated-with-error) reason among a pod's containers: ImagePullBackOff, CrashLoopBackOff, … */
export function waitingReason(pod: Pod): { reason: string; container: string; message?: string } | undefined {
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const w = s?.state?.waiting;
    if (w?.reason && w.reason !== 'ContainerCreating' && w.reason !== 'PodInitializing') return { reason: w.reason, container: s.name, message: w.message };
  }
  return undefined;
}

/** Counted as active: a pod not terminating and not finished; a replicated workload with replicas wanted or left. */
export function isActive(obj: KubeObject): boolean {
  if (isTerminating(obj)) return false;
  if (isKind(obj, 'Pod')) return !['Succeeded', 'Failed'].includes(obj.status?.phase ?? '');
  // Every replicated kind (ReplicationController too) keeps spec.replicas and status.replicas.
  if (REPLICATED.has(String(obj.kind))) return Number(fieldOf(obj.spec, 'replicas') ?? 1) > 0 || Number(fieldOf(obj.status, 'replicas') ?? 0) > 0;
  return true;
}

const PHASE_KO: Record<string, string> = { Pending: '대기 중(Pending)', Running: '실행 중(Running)', Succeeded: '완료(Succeeded)', Failed: '실패(Failed)', Unknown: '알 수 없음(Unknown)' };

/** A short state word for tallies ("2 Ready, 1 ImagePullBackOff" / "준비됨 2개, ImagePullBackOff 1개"). */
export function stateWord(obj: KubeObject, askReady: boolean): Text {
  if (isTerminating(obj)) return t('Terminating', '삭제 중');
  if (isKind(obj, 'Pod')) {
    if (isReady(obj)) return t('Ready', '준비됨');
    const waiting = waitingReason(obj);
    if (waiting) return t(waiting.reason, waiting.reason);
    const phase = String(obj.status?.phase ?? 'Pending');
    if (phase === 'Running') return t('Running, not Ready', '실행 중이지만 준비 안 됨');
    return t(phase, PHASE_KO[phase] ?? phase);
  }
  if (REPLICATED.has(String(obj.kind))) {
    if (!isActive(obj)) return t('scaled to 0', '0개로 줄어든 것');
    if (askReady) return isReady(obj) ? t('active and Ready', '활성·준비됨') : t('active, not Ready yet', '활성·아직 준비 안 됨');
    return t('active', '활성');
  }
  const phase = fieldOf(obj.status, 'phase');
  if (phase) return t(String(phase), PHASE_KO[String(phase)] ?? String(phase));
  if (askReady) return isReady(obj) ? t('Ready', '준비됨') : t('not Ready', '준비 안 됨');
  return t('present', '있음');
}

/** "2 Ready, 1 Pending" / "준비됨 2개, 대기 중(Pending) 1개", most frequent first. */
export function tallyWords(objects: KubeObject[], askReady: boolean): Text {
  const counts = new Map<string, { word: Text; n: number }>();
  for (const o of objects) {
    const w = stateWord(o, askReady);
    const e = counts.get(w.en) ?? { word: w, n: 0 };
    e.n++;
    counts.set(w.en, e);
  }
  const list = [...counts.values()];
  return { en: list.map((e) => `${e.n} ${e.word.en}`).join(', '), ko: list.map((e) => `${e.word.ko} ${e.n}개`).join(', ') };
}
