// Pod Security admission follows namespace labels as upstream does: nothing is refused in an unlabelled namespace
// (privileged), a pod breaking the enforce level is Forbidden in pod-security-admission's words and order, the
// warn level adds "would violate" warnings (also for workload templates), invalid labels make the namespace
// Invalid, and raising a namespace's enforce level warns about the pods already in it.
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { podSecurity } from '../../../../sandbox/apiserver/plugins/pod-security';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';

const podRes = findKind('Pod')!;
const nsRes = findKind('Namespace')!;
const deployRes = findKind('Deployment')!;

function api(labels: Record<string, string> = {}): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock, [podSecurity()]);
  a.create(nsRes, undefined, { metadata: { name: 'default', labels } });
  return a;
}

const pod = (name: string, spec: any) => ({ metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec } });

function refusal(a: ObjectApi, obj: any): string {
  try {
    a.create(podRes, 'default', obj);
  } catch (e) {
    return (e as Error).message;
  }
  return 'admitted';
}

const HOSTILE = pod('bad', {
  hostNetwork: true,
  hostPID: true,
  containers: [{ name: 'a', image: 'busybox', securityContext: { privileged: true, capabilities: { add: ['SYS_TIME', 'NET_ADMIN', 'CHOWN'] } }, ports: [{ containerPort: 8080, hostPort: 8080 }] }],
  volumes: [{ name: 'root', hostPath: { path: '/' } }],
});

describe('pod security admission', () => {
  it('admits anything in a namespace without labels, as a default cluster does (privileged)', () => {
    expect(refusal(api(), HOSTILE)).toBe('admitted');
  });

  it('refuses a pod that breaks the enforce level, with every reason in upstream order and words', () => {
    expect(refusal(api({ 'pod-security.kubernetes.io/enforce': 'baseline' }), HOSTILE)).toBe(
      'pods "bad" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "a" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add), ' +
        'host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "root"), hostPort (container "a" uses hostPort 8080), ' +
        'privileged (container "a" must not set securityContext.privileged=true)',
    );
  });

  it('checks restricted with its own rules replacing the baseline ones they override', () => {
    const msg = refusal(api({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' }), pod('plain', {}));
    expect(msg).toBe(
      'pods "plain" is forbidden: violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const good = pod('good', {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'busybox', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    });
    expect(refusal(api({ 'pod-security.kubernetes.io/enforce': 'restricted' }), good)).toBe('admitted');
  });

  it('admits with a warning at the warn level, for pods and for workload templates', () => {
    const a = api({ 'pod-security.kubernetes.io/warn': 'baseline' });
    const opts: { warnings?: string[] } = {};
    a.create(podRes, 'default', pod('caps', { containers: [{ name: 'a', image: 'busybox', securityContext: { capabilities: { add: ['SYS_TIME'] } } }] }), opts);
    expect(opts.warnings).toEqual(['would violate PodSecurity "baseline:latest": non-default capabilities (container "a" must not include "SYS_TIME" in securityContext.capabilities.add)']);
    const d: { warnings?: string[] } = {};
    a.create(deployRes, 'default', {
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { hostNetwork: true, containers: [{ name: 'web', image: 'nginx' }] } } },
    }, d);
    expect(d.warnings).toEqual(['would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)']);
  });

  it('refuses namespace labels that name no level, as kube-apiserver does', () => {
    const a = api();
    expect(() => a.create(nsRes, undefined, { metadata: { name: 'x', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } } })).toThrow(
      'Namespace "x" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    );
  });

  it('warns about existing pods when a namespace is labelled with a stricter enforce level', () => {
    const a = api();
    a.create(podRes, 'default', pod('net1', { hostNetwork: true }));
    a.create(podRes, 'default', pod('net2', { hostNetwork: true }));
    a.create(podRes, 'default', pod('fine', {}));
    const ns = a.get(nsRes, undefined, 'default');
    const opts: { warnings?: string[] } = {};
    a.update(nsRes, undefined, 'default', { ...ns, metadata: { ...ns.metadata, labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }, opts);
    expect(opts.warnings).toEqual([
      'existing pods in namespace "default" violate the new PodSecurity enforce level "baseline:latest"',
      'net1 (and 1 other pod): host namespaces',
    ]);
  });
});
