// How the grader names things to a learner, in both course languages. Korean uses the official Kubernetes terms
// (kubernetes/website ko glossary: 파드, 디플로이먼트, 레플리카셋, ...); English uses kubectl's own resource names.
import type { ResourceInfo } from '../../sandbox/api/registry';
import type { Text } from './types';

const KO_KIND: Record<string, string> = {
  Namespace: '네임스페이스',
  Node: '노드',
  Pod: '파드',
  Service: '서비스',
  Endpoints: '엔드포인트',
  ConfigMap: '컨피그맵',
  Secret: '시크릿',
  ServiceAccount: '서비스어카운트',
  Event: '이벤트',
  PersistentVolume: '퍼시스턴트볼륨',
  PersistentVolumeClaim: '퍼시스턴트볼륨클레임',
  Deployment: '디플로이먼트',
  ReplicaSet: '레플리카셋',
  StatefulSet: '스테이트풀셋',
  DaemonSet: '데몬셋',
  ControllerRevision: '컨트롤러리비전',
  Job: '잡',
  CronJob: '크론잡',
  Ingress: '인그레스',
  IngressClass: '인그레스클래스',
  NetworkPolicy: '네트워크폴리시',
  EndpointSlice: '엔드포인트슬라이스',
  Lease: '리스',
  StorageClass: '스토리지클래스',
};

export function same(s: string): Text {
  return { ko: s, en: s };
}

export function t(en: string, ko: string): Text {
  return { ko, en };
}

/** `pod` / `pods` and `파드` (Korean does not mark the plural). */
export function kindWord(res: ResourceInfo, count = 1): Text {
  return { en: count === 1 ? res.singular : res.plural, ko: KO_KIND[res.kind] ?? res.kind };
}

/** `deployment "echo"` / `디플로이먼트 "echo"`, with the namespace when it is not the grading namespace. */
export function objectRef(res: ResourceInfo, name: string, namespace?: string): Text {
  const w = kindWord(res);
  const ns = namespace ? ` (namespace ${namespace})` : '';
  const nsKo = namespace ? ` (네임스페이스 ${namespace})` : '';
  return { en: `${w.en} "${name}"${ns}`, ko: `${w.ko} "${name}"${nsKo}` };
}

/** `pods with app=echo` / `app=echo 레이블의 파드`. */
export function setRef(res: ResourceInfo, selector?: string, fieldSelector?: string, count = 2): Text {
  const w = kindWord(res, count);
  const sel = [selector, fieldSelector].filter(Boolean).join(',');
  return sel ? { en: `${w.en} with ${sel}`, ko: `${sel} 조건의 ${w.ko}` } : { en: w.en, ko: w.ko };
}

export function joinTexts(parts: Text[], sep = ', '): Text {
  return { en: parts.map((p) => p.en).join(sep), ko: parts.map((p) => p.ko).join(sep) };
}

/** `exactly 3` / `at least 2` / `at most 1` / `2 to 4`, bilingual, for counts. */
export function rangeWords(r: { min?: number; max?: number }): Text {
  if (r.min !== undefined && r.min === r.max) return same(String(r.min));
  if (r.min !== undefined && r.max !== undefined) return t(`${r.min} to ${r.max}`, `${r.min}~${r.max}개`);
  if (r.min !== undefined) return t(`at least ${r.min}`, `${r.min}개 이상`);
  return t(`at most ${r.max}`, `${r.max}개 이하`);
}

export function inRange(n: number, r: { min?: number; max?: number }): boolean {
  return (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max);
}

export function quote(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}
