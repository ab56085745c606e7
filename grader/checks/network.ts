// Checks on how traffic would flow: a Service's type, ports, nodePort, selector and endpoints; an Ingress rule
// routing host/path to a Service port; and a real HTTP request through a Service, NodePort or Ingress — which only
// means something where pods are real containers, so under the simulated runtime it answers "needs-docker".
import { findKind } from '../../sandbox/api/registry';
import type { KubeObject } from '../../sandbox/api/types';
import { getOrUndefined, namespaceFor } from './read';
import type { CheckContext, HttpCheck, IngressCheck, Outcome, ServiceCheck, Text } from './types';
import { joinTexts, objectRef, t } from './words';

function verdict(passed: boolean, expected: Text, found: Text, settling = false): Outcome {
  return { status: passed ? 'passed' : 'failed', expected, found, ...(passed ? {} : { settling }) };
}

/** Ready endpoint addresses as ip:port, from an Endpoints object or (when it is absent) EndpointSlices. */
export function readyAddresses(endpoints: KubeObject | undefined, slices: KubeObject[]): string[] {
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

function portText(p: any): string {
  const target = p.targetPort ?? p.port;
  return `${p.name ? `${p.name} ` : ''}${p.port}→${target}/${p.protocol ?? 'TCP'}${p.nodePort ? ` nodePort ${p.nodePort}` : ''}`;
}

export function judgeService(c: ServiceCheck, svc: KubeObject | undefined, addresses: string[]): Outcome {
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
  if (c.endpoints === true) wants.push(t('at least one ready endpoint', '준비된 엔드포인트 1개 이상'));
  if (c.endpoints === false) wants.push(t('no endpoints', '엔드포인트 없음'));
  const expected = wants.length ? t(`${what.en}: ${joinTexts(wants).en}`, `${what.ko}: ${joinTexts(wants).ko}`) : t(`${what.en} exists`, `${what.ko} 있음`);
  if (!svc) return verdict(false, expected, t(`${what.en} not found`, `${what.ko}을(를) 찾을 수 없음`));

  const type = svc.spec?.type ?? 'ClusterIP';
  const ports: any[] = svc.spec?.ports ?? [];
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
  if (c.selector && Object.entries(c.selector).some(([k, v]) => selector[k] !== v)) passed = false;
  // Endpoints follow pods becoming Ready: only that part of the failure may fix itself.
  const endpointsWrong = c.endpoints !== undefined && (addresses.length > 0) !== c.endpoints;

  const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
  const found: Text[] = [
    t(`type ${type}`, `타입 ${type}`),
    t(`ports ${ports.map(portText).join(', ') || '<none>'}`, `포트 ${ports.map(portText).join(', ') || '<없음>'}`),
    t(`selector ${sel}`, `셀렉터 ${sel}`),
  ];
  if (c.endpoints !== undefined) {
    found.push(addresses.length ? t(`endpoints ${addresses.join(', ')}`, `엔드포인트 ${addresses.join(', ')}`) : t('no ready endpoints', '준비된 엔드포인트 없음'));
  }
  return verdict(passed && !endpointsWrong, expected, joinTexts(found, '; '), passed && endpointsWrong);
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
  return judgeService(c, svc, addresses);
}

interface Route {
  ingress: string;
  host: string;
  path: string;
  service: string;
  port: string;
}

/** Every host/path → service:port an Ingress declares (networking.k8s.io/v1, and v1beta1 backends). */
export function ingressRoutes(ing: KubeObject): Route[] {
  const backendOf = (b: any) => ({
    service: String(b?.service?.name ?? b?.serviceName ?? ''),
    port: String(b?.service?.port?.number ?? b?.service?.port?.name ?? b?.servicePort ?? ''),
  });
  const out: Route[] = [];
  const name = String(ing.metadata.name);
  if (ing.spec?.defaultBackend ?? ing.spec?.backend) out.push({ ingress: name, host: '*', path: '/*', ...backendOf(ing.spec.defaultBackend ?? ing.spec.backend) });
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule?.http?.paths ?? []) out.push({ ingress: name, host: rule.host ?? '*', path: p?.path ?? '/', ...backendOf(p?.backend) });
  }
  return out;
}

export function judgeIngress(c: IngressCheck, ingresses: KubeObject[]): Outcome {
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
  const body = c.bodyContains ? ` with "${c.bodyContains}" in the body` : c.bodyMatches ? ` with a body matching /${c.bodyMatches}/` : '';
  const bodyKo = c.bodyContains ? `, 본문에 "${c.bodyContains}" 포함` : c.bodyMatches ? `, 본문이 /${c.bodyMatches}/ 패턴과 일치` : '';
  return t(`GET ${c.path} through ${via} answers ${c.status}${body}`, `${viaKo}를 통한 GET ${c.path} 응답 ${c.status}${bodyKo}`);
}

export function judgeHttp(c: HttpCheck, answer: { status: number; body: string }): Outcome {
  const passed =
    answer.status === c.status &&
    (c.bodyContains === undefined || answer.body.includes(c.bodyContains)) &&
    (c.bodyMatches === undefined || new RegExp(c.bodyMatches).test(answer.body));
  const snippet = answer.body.trim().split('\n')[0].slice(0, 120);
  return verdict(passed, httpExpected(c), t(`HTTP ${answer.status}${snippet ? `: ${snippet}` : ''}`, `HTTP ${answer.status}${snippet ? `: ${snippet}` : ''}`), true);
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
  if (!ctx.http) throw new Error('no HTTP prober is configured for this grading run');
  const namespace = c.namespace ?? ctx.namespace;
  let nodeAddress: string | undefined;
  let nodePort: number | undefined;
  if (c.via === 'nodeport') {
    const svc = await getOrUndefined(ctx, findKind('Service')!, namespace, c.service!);
    const ports: any[] = svc?.spec?.ports ?? [];
    const port = c.port === undefined ? ports[0] : ports.find((p) => p.port === c.port || p.name === c.port);
    nodePort = port?.nodePort;
    if (!nodePort) return verdict(false, expected, t(`service ${c.service} has no nodePort`, `서비스 ${c.service}에 nodePort 없음`));
    const nodes = (await ctx.client.list(findKind('Node')!, undefined)).items;
    nodeAddress = nodes.flatMap((n) => n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
  }
  let ingressAddress: string | undefined;
  if (c.via === 'ingress') {
    const ingresses = (await ctx.client.list(findKind('Ingress')!, namespace)).items;
    const serving = ingresses.filter((i) => !c.host || ingressRoutes(i).some((r) => r.host === c.host));
    const lb = serving.flatMap((i) => i.status?.loadBalancer?.ingress ?? [])[0];
    ingressAddress = lb?.ip ?? lb?.hostname;
  }
  try {
    const answer = await ctx.http.fetch({ via: c.via, namespace, service: c.service, port: c.port, host: c.host, path: c.path, nodeAddress, nodePort, ingressAddress });
    return judgeHttp(c, answer);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return verdict(false, expected, t(`no answer: ${msg}`, `응답 없음: ${msg}`), true);
  }
}
