// Checks on how traffic would flow: a Service's type, ports, nodePort, selector and endpoints; an Ingress rule
// routing host/path to a Service port; and a real HTTP request through a Service, NodePort or Ingress — which only
// means something where pods are real containers, so under the simulated runtime it answers "needs-docker".
import { findKind } from '../../sandbox/apiserver/kinds/registry';
import type { Endpoints, EndpointSlice, Ingress, Pod, Service, ServicePort } from '../../sandbox/api/objects';
import { fieldOf } from '../../sandbox/api/unchecked';
import { serviceProblem } from './diagnose';
import { getOrUndefined, namespaceFor } from './read';
import type { CheckContext, HttpCheck, IngressCheck, Outcome, Range, ServiceCheck, Text } from './types';
import { inRange, joinTexts, objectRef, rangeWords, t } from './words';
import { fromPodCommand, fromPodOutcome, noAnswer, policiesInTheWay, readFromPod } from './http-from-pod';

function verdict(passed: boolean, expected: Text, found: Text, settling = false): Outcome {
  return { status: passed ? 'passed' : 'failed', expected, found, ...(passed ? {} : { settling }) };
}

/** Ready endpoint addresses as ip:port, from an Endpoints object or (when it is absent) EndpointSlices. */
export function readyAddresses(endpoints: Endpoints | undefined, slices: EndpointSlice[]): string[] {
  const out: string[] = [];
  if (endpoints) {
    for (const s of endpoints.subsets ?? []) {
      const port = s?.ports?.[0]?.port;
      for (const a of s?.addresses ?? []) out.push(port ? `${a.ip}:${port}` : String(a.ip));
    }
    return out;
  }
  for (const slice of slices) {
    const port = slice.ports?.[0]?.port;
    for (const e of slice.endpoints ?? []) {
      if (e?.conditions?.ready === false) continue;
      for (const ip of e?.addresses ?? []) out.push(port ? `${ip}:${port}` : String(ip));
    }
  }
  return out;
}

function portText(p: ServicePort): string {
  const target = p.targetPort ?? p.port;
  return `${p.name ? `${p.name} ` : ''}${p.port}→${target}/${p.protocol ?? 'TCP'}${p.nodePort ? ` nodePort ${p.nodePort}` : ''}`;
}

export function judgeService(c: ServiceCheck, svc: Service | undefined, addresses: string[], pods?: Pod[]): Outcome {
  const what = objectRef(findKind('Service')!, c.name);
  const wants: Text[] = [];
  if (c.serviceType) wants.push(t(`type ${c.serviceType}`, `타입 ${c.serviceType}`));
  for (const p of c.ports ?? []) {
    const bits = [p.name && `name ${p.name}`, p.port && `port ${p.port}`, p.targetPort !== undefined && `targetPort ${p.targetPort}`,
      p.nodePort === true ? 'a nodePort' : p.nodePort && `nodePort ${p.nodePort}`, p.protocol].filter(Boolean).join(' ');
    wants.push(t(`a port with ${bits}`, `포트 (${bits})`));
  }
  if (c.selector) {
    const s = Object.entries(c.selector).map(([k, v]) => `${k}=${v}`).join(',');
    wants.push(t(`selector ${s}`, `셀렉터 ${s}`));
  }
  const endpointRange: Range | undefined = c.endpoints === true ? { min: 1 } : c.endpoints === false ? { max: 0 } : c.endpoints;
  if (c.endpoints === true) wants.push(t('at least one ready endpoint', '준비된 엔드포인트 1개 이상'));
  else if (c.endpoints === false) wants.push(t('no endpoints', '엔드포인트 없음'));
  else if (endpointRange) wants.push(t(`${rangeWords(endpointRange).en} ready endpoint(s)`, `준비된 엔드포인트 ${rangeWords(endpointRange).ko}${/\d$/.test(rangeWords(endpointRange).ko) ? '개' : ''}`));
  const expected = wants.length ? t(`${what.en}: ${joinTexts(wants).en}`, `${what.ko}: ${joinTexts(wants).ko}`) : t(`${what.en} exists`, `${what.ko} 있음`);
  if (!svc) return verdict(false, expected, t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`));

  const type = svc.spec?.type ?? 'ClusterIP';
  const ports = svc.spec?.ports ?? [];
  const selector: Record<string, string> = svc.spec?.selector ?? {};
  let passed = true;
  if (c.serviceType && type !== c.serviceType) passed = false;
  for (const want of c.ports ?? []) {
    const fits = ports.some(
      (p) =>
        (want.name === undefined || p.name === want.name) &&
        (want.port === undefined || p.port === want.port) &&
        (want.targetPort === undefined || String(p.targetPort ?? p.port) === String(want.targetPort)) &&
        (want.nodePort === undefined || (want.nodePort === true ? !!p.nodePort : p.nodePort === want.nodePort)) &&
        (want.protocol === undefined || (p.protocol ?? 'TCP') === want.protocol),
    );
    if (!fits) passed = false;
  }
  const selectorWrong = !!c.selector && Object.entries(c.selector).some(([k, v]) => selector[k] !== v);
  if (selectorWrong) passed = false;
  // Endpoints follow pods becoming Ready: only that part of the failure may fix itself.
  const endpointsWrong = !!endpointRange && !inRange(addresses.length, endpointRange);

  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
  const found: Text[] = [
    t(`type ${type}`, `타입 ${type}`),
    t(`ports ${ports.map(portText).join(', ') || '<none>'}`, `포트 ${ports.map(portText).join(', ') || '<없음>'}`),
    t(`selector ${sel}`, `셀렉터 ${sel}`),
  ];
  if (c.endpoints !== undefined) {
    found.push(addresses.length ? t(`${addresses.length} endpoint(s): ${addresses.join(', ')}`, `엔드포인트 ${addresses.length}개: ${addresses.join(', ')}`) : t('no ready endpoints', '준비된 엔드포인트 없음'));
  }
  const out = verdict(passed && !endpointsWrong, expected, joinTexts(found, '; '), passed && endpointsWrong);
  if (out.status === 'failed' && pods && (selectorWrong || endpointsWrong)) {
    const tooMany = endpointsWrong && endpointRange?.max !== undefined && addresses.length > endpointRange.max;
    const why = serviceProblem(svc, pods, c.selector, tooMany);
    if (why) out.diagnosis = why;
  }
  return out;
}

export async function evaluateService(c: ServiceCheck, ctx: CheckContext): Promise<Outcome> {
  const svcRes = findKind('Service')!;
  const ns = namespaceFor(svcRes, ctx, c.namespace);
  const svc = await getOrUndefined(ctx, svcRes, ns, c.name);
  let addresses: string[] = [];
  if (svc && c.endpoints !== undefined) {
    const ep = await getOrUndefined(ctx, findKind('Endpoints')!, ns, c.name);
    const slices = ep ? [] : (await ctx.client.list(findKind('EndpointSlice')!, ns, { labelSelector: `kubernetes.io/service-name=${c.name}` })).items;
    addresses = readyAddresses(ep, slices);
  }
  const first = judgeService(c, svc, addresses);
  if (first.status === 'passed' || !svc) return first;
  // Failing: read the namespace's pods to say why, in terms of the learner's own labels.
  return judgeService(c, svc, addresses, (await ctx.client.list(findKind('Pod')!, ns)).items);
}

interface Route {
  ingress: string;
  host: string;
  path: string;
  service: string;
  port: string;
}

/** Every host/path → service:port an Ingress declares (networking.k8s.io/v1, and v1beta1 backends). */
export function ingressRoutes(ing: Ingress): Route[] {
  // Backends are read as they come: a v1beta1 Ingress (an older cluster) names them serviceName/servicePort.
  const backendOf = (b: unknown) => {
    const service = fieldOf(b, 'service');
    const port = fieldOf(service, 'port');
    return {
      service: String(fieldOf(service, 'name') ?? fieldOf(b, 'serviceName') ?? ''),
      port: String(fieldOf(port, 'number') ?? fieldOf(port, 'name') ?? fieldOf(b, 'servicePort') ?? ''),
    };
  };
  const out: Route[] = [];
  const name = String(ing.metadata.name);
  const fallback = ing.spec?.defaultBackend ?? fieldOf(ing.spec, 'backend');
  if (fallback) out.push({ ingress: name, host: '*', path: '/*', ...backendOf(fallback) });
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule?.http?.paths ?? []) out.push({ ingress: name, host: rule.host ?? '*', path: p?.path ?? '/', ...backendOf(p?.backend) });
  }
  return out;
}

export function judgeIngress(c: IngressCheck, ingresses: Ingress[]): Outcome {
  const dest = `${c.service}${c.port !== undefined ? `:${c.port}` : ''}`;
  const where = `${c.host ?? '*'}${c.path ?? ''}`;
  const named = c.name ? `Ingress "${c.name}"` : 'an Ingress';
  const expected = t(`${named} routing ${where} → service ${dest}`, `${c.name ? `인그레스 "${c.name}"` : '인그레스'}: ${where} → 서비스 ${dest}`);
  if (!ingresses.length) return verdict(false, expected, c.name ? t(`Ingress "${c.name}" not found`, `인그레스 "${c.name}"을(를) 찾을 수 없음`) : t('no Ingress', '인그레스 없음'));
  const routes = ingresses.flatMap(ingressRoutes);
  const passed = routes.some(
    (r) =>
      (c.host === undefined || r.host === c.host) &&
      (c.path === undefined || r.path === c.path) &&
      r.service === c.service &&
      (c.port === undefined || r.port === String(c.port)),
  );
  const list = routes.map((r) => `${r.host}${r.path} → ${r.service}:${r.port}`).join(', ') || '-';
  return verdict(passed, expected, t(`routes: ${list}`, `라우팅: ${list}`));
}

export async function evaluateIngress(c: IngressCheck, ctx: CheckContext): Promise<Outcome> {
  const res = findKind('Ingress')!;
  const ns = namespaceFor(res, ctx, c.namespace);
  if (c.name) {
    const one = await getOrUndefined(ctx, res, ns, c.name);
    return judgeIngress(c, one ? [one] : []);
  }
  return judgeIngress(c, (await ctx.client.list(res, ns)).items);
}

function httpExpected(c: HttpCheck): Text {
  const via = c.via === 'service' ? `service ${c.service}` : c.via === 'nodeport' ? `the NodePort of service ${c.service}` : `the Ingress${c.host ? ` (Host ${c.host})` : ''}`;
  const viaKo = c.via === 'service' ? `서비스 ${c.service}` : c.via === 'nodeport' ? `서비스 ${c.service}의 NodePort` : `인그레스${c.host ? ` (Host ${c.host})` : ''}`;
  if (c.from && c.blocked) return t(`GET ${c.path} from pod ${c.from} through ${via} gets no answer (held back)`, `파드 ${c.from}에서 ${viaKo}로 보낸 GET ${c.path}에 응답 없음 (차단됨)`);
  if (c.from) {
    const body = c.bodyContains ? ` with "${c.bodyContains}" in the body` : c.bodyMatches ? ` with a body matching /${c.bodyMatches}/` : '';
    const bodyKo = c.bodyContains ? `, 본문에 "${c.bodyContains}" 포함` : c.bodyMatches ? `, 본문이 /${c.bodyMatches}/ 패턴과 일치` : '';
    return t(`GET ${c.path} from pod ${c.from} through ${via} answers ${c.status}${body}`, `파드 ${c.from}에서 ${viaKo}를 통한 GET ${c.path} 응답 ${c.status}${bodyKo}`);
  }
  const body = c.bodyContains ? ` with "${c.bodyContains}" in the body` : c.bodyMatches ? ` with a body matching /${c.bodyMatches}/` : '';
  const bodyKo = c.bodyContains ? `, 본문에 "${c.bodyContains}" 포함` : c.bodyMatches ? `, 본문이 /${c.bodyMatches}/ 패턴과 일치` : '';
  return t(`GET ${c.path} through ${via} answers ${c.status}${body}`, `${viaKo}를 통한 GET ${c.path} 응답 ${c.status}${bodyKo}`);
}

const REASONS: Record<number, [string, string]> = {
  200: ['OK', '정상'],
  301: ['Moved Permanently', '다른 주소로 옮김'],
  302: ['Found', '다른 주소로 안내'],
  400: ['Bad Request', '잘못된 요청'],
  403: ['Forbidden', '거부됨'],
  404: ['Not Found', '찾을 수 없음'],
  500: ['Internal Server Error', '서버 내부 오류'],
  502: ['Bad Gateway', '뒤의 서버에 닿지 못함'],
  503: ['Service Unavailable', '응답할 곳이 없음'],
  504: ['Gateway Timeout', '뒤의 서버가 제때 답하지 않음'],
};

/** A body worth quoting to a learner: one short line of text, not JSON, HTML or a Status. */
function quotable(body: string): string | undefined {
  const line = body.trim().split('\n')[0].trim();
  if (!line || /^[{[<]/.test(line)) return undefined;
  return line.slice(0, 80);
}

export function judgeHttp(c: HttpCheck, answer: { status: number; body: string }): Outcome {
  const statusOk = answer.status === c.status;
  const bodyOk = (c.bodyContains === undefined || answer.body.includes(c.bodyContains)) && (c.bodyMatches === undefined || new RegExp(c.bodyMatches).test(answer.body));
  const [en, ko] = REASONS[answer.status] ?? ['', ''];
  const quote = quotable(answer.body);
  const found = t(
    `answered ${answer.status}${en ? ` ${en}` : ''}${quote ? `: "${quote}"` : ''}`,
    `응답 ${answer.status}${ko ? ` (${ko})` : ''}${quote ? `: "${quote}"` : ''}`,
  );
  const out = verdict(statusOk && bodyOk, httpExpected(c), found, true);
  const raw = answer.body.trim().slice(0, 300);
  if (raw && !quote) out.details = t(`response body: ${raw}`, `응답 본문: ${raw}`);
  if (statusOk && !bodyOk) {
    const want = c.bodyContains ? `"${c.bodyContains}"` : `/${c.bodyMatches}/`;
    out.diagnosis = t(`An answer came, but its body lacks ${want}: another program answered?`, `응답은 왔지만 본문에 ${want}가 없습니다. 다른 프로그램이 답하고 있지 않은지 보세요`);
  }
  return out;
}

export async function evaluateHttp(c: HttpCheck, ctx: CheckContext): Promise<Outcome> {
  const expected = httpExpected(c);
  if ((await ctx.runtime()) === 'sim') {
    return {
      status: 'needs-docker',
      expected,
      found: t(
        'needs real containers: this cluster runs the simulated runtime (sim), where pods have no processes to answer',
        '실제 컨테이너가 필요함: 이 클러스터는 시뮬레이션 런타임(sim)이라 파드 안에서 응답할 프로세스가 없음',
      ),
    };
  }
  const namespace = c.namespace ?? ctx.namespace;
  if (c.from) return evaluateFromPod(c, ctx, namespace);
  if (!ctx.http) throw new Error('no HTTP prober is configured for this grading run');
  let nodeAddress: string | undefined;
  let nodePort: number | undefined;
  if (c.via === 'nodeport') {
    const svc = await getOrUndefined(ctx, findKind('Service')!, namespace, c.service!);
    const ports = svc?.spec?.ports ?? [];
    const port = c.port === undefined ? ports[0] : ports.find((p) => p.port === c.port || p.name === c.port);
    nodePort = port?.nodePort;
    if (!nodePort) return verdict(false, expected, t(`service ${c.service} has no nodePort`, `서비스 ${c.service}에 nodePort 없음`));
    const nodes = (await ctx.client.list(findKind('Node')!, undefined)).items;
    nodeAddress = nodes.flatMap((n) => n.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address;
  }
  let ingressAddress: string | undefined;
  if (c.via === 'ingress') {
    const ingresses = (await ctx.client.list(findKind('Ingress')!, namespace)).items;
    const serving = ingresses.filter((i) => !c.host || ingressRoutes(i).some((r) => r.host === c.host));
    // A host no rule serves (to see the 404) goes to the same controller: any Ingress's address will do.
    const lb = (serving.length ? serving : ingresses).flatMap((i) => i.status?.loadBalancer?.ingress ?? [])[0];
    ingressAddress = lb?.ip ?? lb?.hostname;
  }
  let out: Outcome;
  try {
    const answer = await ctx.http.fetch({ via: c.via, namespace, service: c.service, port: c.port, host: c.host, path: c.path, nodeAddress, nodePort, ingressAddress });
    out = judgeHttp(c, answer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    out = { ...verdict(false, expected, t('no answer', '응답 없음'), true), details: t(msg, msg) };
  }
  if (out.status === 'failed' && !out.diagnosis) out.diagnosis = await httpProblem(c, ctx, namespace);
  return out;
}

/** The request made from inside a pod, with kubectl exec (http-from-pod.ts). */
async function evaluateFromPod(c: HttpCheck, ctx: CheckContext, namespace: string): Promise<Outcome> {
  if (!ctx.scripts) throw new Error('http checks from a pod need a script runner (kubectl exec)');
  const r = await ctx.scripts.run(fromPodCommand(c, namespace), { timeoutMs: 30_000 });
  const answer = readFromPod(r);
  const out = fromPodOutcome(c, answer, httpExpected(c), (a) => judgeHttp(c, a));
  if (out.status === 'failed' && !out.diagnosis) {
    out.diagnosis = answer.kind === 'none' || c.blocked ? await policiesInTheWay(c, ctx, namespace) : await httpProblem(c, ctx, namespace);
    if (!out.diagnosis && c.blocked) out.diagnosis = t('Nothing holds the request back: no NetworkPolicy selects the sender (egress) or the pods behind the Service (ingress)', '요청을 막는 것이 없습니다. 보내는 파드(이그레스)나 서비스 뒤 파드(인그레스)를 선택하는 네트워크폴리시가 없습니다');
  }
  if (out.status === 'failed' && answer.kind === 'none' && !c.blocked) out.found = noAnswer();
  return out;
}

/** Why a request through a Service or an Ingress gets no good answer, from the objects on its way. */
async function httpProblem(c: HttpCheck, ctx: CheckContext, namespace: string): Promise<Text | undefined> {
  let service = c.service;
  if (c.via === 'ingress') {
    const routes = (await ctx.client.list(findKind('Ingress')!, namespace)).items.flatMap(ingressRoutes);
    const hostRoutes = routes.filter((r) => r.host === (c.host ?? '*') || r.host === '*');
    if (!hostRoutes.length) {
      const hosts = [...new Set(routes.map((r) => r.host))].join(', ') || '-';
      return t(`No Ingress rule serves Host ${c.host ?? '*'} (rules are for: ${hosts}), so the ingress controller answers 404`, `Host ${c.host ?? '*'}를 받는 인그레스 규칙이 없어 인그레스 컨트롤러가 404로 답합니다 (규칙의 호스트: ${hosts})`);
    }
    const route = hostRoutes.find((r) => c.path.startsWith(r.path.replace(/\*$/, ''))) ?? hostRoutes[0];
    service = route.service;
  }
  if (!service) return undefined;
  const svc = await getOrUndefined(ctx, findKind('Service')!, namespace, service);
  if (!svc) return t(`The Service ${service} the request goes to does not exist`, `요청이 향하는 서비스 ${service}가 없습니다`);
  return serviceProblem(svc, (await ctx.client.list(findKind('Pod')!, namespace)).items);
}
