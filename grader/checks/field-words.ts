// A field's JSONPath in words a learner reads ("the image of container echo1" / "컨테이너 echo1의 이미지"), so
// results never show `{.spec.template.spec.containers[?(@.name=="echo1")].image}`; the path itself goes to the
// details. Known fields by name (kubectl explain's vocabulary), containers and env entries by their names, anything
// else as its dotted field names.
import type { Text } from './types';
import { t } from './words';

type Rule = [RegExp, (m: RegExpExecArray) => Text];

/** Fields of an object (after any container part). */
const FIELDS: Rule[] = [
  [/^spec\.replicas$/, () => t('declared replicas', '선언한 레플리카 수')],
  [/^status\.phase$/, () => t('phase (STATUS)', '단계(STATUS)')],
  [/^status\.conditions\[\?\(@\.type=="(\w+)"\)\]\.status$/, (m) => t(`${m[1]} condition`, `${m[1]} 조건`)],
  [/^spec\.nodeName$/, () => t('node it runs on', '실행 중인 노드')],
  [/^status\.succeeded$/, () => t('pods that succeeded', '성공한 파드 수')],
  [/^status\.readyReplicas$/, () => t('ready replicas', '준비된 레플리카 수')],
  [/^status\.loadBalancer\.ingress\[[^\]]*\]\.(ip|hostname)$/, () => t('external address (EXTERNAL-IP)', '외부 주소(EXTERNAL-IP)')],
  [/^status\.podIP$/, () => t('pod IP', '파드 IP')],
  [/^spec\.externalName$/, () => t('external name', '외부 이름(externalName)')],
  [/^spec\.schedule$/, () => t('schedule', '실행 일정(schedule)')],
  [/^spec\.type$/, () => t('type', '타입')],
  [/^spec\.clusterIP$/, () => t('cluster IP', '클러스터 IP')],
  [/^spec\.volumes\[[^\]]*\]\.persistentVolumeClaim\.claimName$/, () => t('PersistentVolumeClaim it mounts', '마운트한 퍼시스턴트볼륨클레임')],
  [/^spec\.rules\[0\]\.http\.paths\[0\]\.pathType$/, () => t('pathType of the first rule\'s path', '첫 규칙 경로의 pathType')],
  [/^metadata\.labels\.(.+)$/, (m) => t(`label ${unescape(m[1])}`, `레이블 ${unescape(m[1])}`)],
  [/^metadata\.annotations\.(.+)$/, (m) => t(`annotation ${unescape(m[1])}`, `어노테이션 ${unescape(m[1])}`)],
  [/^spec\.selector\.matchLabels\.(.+)$/, (m) => t(`selector ${unescape(m[1])}`, `셀렉터 ${unescape(m[1])}`)],
];

/** Fields of a container. */
const CONTAINER_FIELDS: Rule[] = [
  [/^image$/, () => t('image', '이미지')],
  [/^env\[\?\(@\.name=="([^"]+)"\)\]\.value$/, (m) => t(`environment variable ${m[1]}`, `환경 변수 ${m[1]}`)],
  [/^env\[\?\(@\.name=="([^"]+)"\)\]\.valueFrom\.secretKeyRef\.name$/, (m) => t(`Secret behind env ${m[1]}`, `환경 변수 ${m[1]}를 읽어 오는 시크릿`)],
  [/^env\[\?\(@\.name=="([^"]+)"\)\]\.valueFrom\.configMapKeyRef\.name$/, (m) => t(`ConfigMap behind env ${m[1]}`, `환경 변수 ${m[1]}를 읽어 오는 컨피그맵`)],
  [/^volumeMounts\[[^\]]*\]\.name$/, () => t('mounted volumes', '마운트한 볼륨')],
  [/^volumeMounts\[[^\]]*\]\.mountPath$/, () => t('mount paths', '마운트 경로')],
  [/^ports\[[^\]]*\]\.containerPort$/, () => t('container ports', '컨테이너 포트')],
  [/^(readiness|liveness|startup)Probe/, (m) => t(`${m[1]} probe`, `${{ readiness: '레디니스', liveness: '라이브니스', startup: '스타트업' }[m[1]]} 프로브`)],
];

const unescape = (s: string) => s.replace(/\\\./g, '.');

function apply(rules: Rule[], s: string): Text | undefined {
  for (const [re, words] of rules) {
    const m = re.exec(s);
    if (m) return words(m);
  }
  return undefined;
}

/** Dotted field names, brackets dropped: the last resort, still no JSONPath syntax. */
function plain(s: string): Text {
  const words = s.replace(/\[[^\]]*\]/g, '').replace(/\\\./g, '·');
  return t(`field ${words}`, `필드 ${words}`);
}

export function pathWords(jsonPath: string): Text {
  const s = jsonPath.trim().replace(/^\{\s*/, '').replace(/\s*\}$/, '').replace(/^\$?\./, '');
  const container = /^(?:spec\.template\.spec\.|spec\.jobTemplate\.spec\.template\.spec\.|spec\.)(init)?[cC]ontainers\[(?:\?\(@\.name=="([^"]+)"\)|(\d+)|\*)\]\.?(.*)$/.exec(s);
  if (container) {
    const [, init, name, index, rest] = container;
    const which = name
      ? t(`${init ? 'init ' : ''}container ${name}`, `${init ? '초기화 ' : ''}컨테이너 ${name}`)
      : index !== undefined
        ? t(`the ${index === '0' ? 'first' : `#${Number(index) + 1}`} container`, `${index === '0' ? '첫 번째' : `${Number(index) + 1}번째`} 컨테이너`)
        : t('every container', '모든 컨테이너');
    const field = rest ? apply(CONTAINER_FIELDS, rest) ?? plain(rest) : undefined;
    return field ? t(`${which.en}'s ${field.en}`, `${which.ko}의 ${field.ko}`) : which;
  }
  return apply(FIELDS, s) ?? plain(s);
}
