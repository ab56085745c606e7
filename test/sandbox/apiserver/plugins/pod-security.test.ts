// Pod security admission: pods that could reach the machine are refused with Pod Security Admission's message,
// oversized containers with LimitRanger's, one pod too many with a ResourceQuota's; what a container without
// limits runs with is the policy's default.
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { ObjectApi } from '../../../../sandbox/apiserver/object-api';
import { DEFAULT_RESOURCE_POLICY, effectiveLimits, podSecurity } from '../../../../sandbox/apiserver/plugins/pod-security';
import { Store } from '../../../../sandbox/store/store';
import { realClock } from '../../../../sandbox/util/clock';

const podRes = findKind('Pod')!;

function api(maxPods = 100): ObjectApi {
  const a = new ObjectApi(new Store(':memory:'), realClock, [podSecurity({ ...DEFAULT_RESOURCE_POLICY, maxPods })]);
  a.create(findKind('Namespace')!, undefined, { metadata: { name: 'default' } });
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

describe('pod security admission', () => {
  it('refuses privileged containers, host namespaces and hostPath volumes in one baseline message', () => {
    const msg = refusal(api(), pod('bad', {
      hostNetwork: true,
      hostPID: true,
      containers: [{ name: 'a', image: 'busybox', securityContext: { privileged: true } }],
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
    }));
    expect(msg).toBe(
      'pods "bad" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), ' +
        'privileged (container "a" must not set securityContext.privileged=true), hostPath volumes (volume "root")',
    );
  });

  it('refuses added capabilities beyond the default set and host ports', () => {
    const msg = refusal(api(), pod('caps', {
      containers: [{ name: 'a', image: 'busybox', securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN'] } }, ports: [{ containerPort: 80, hostPort: 8080 }] }],
    }));
    expect(msg).toContain('non-default capabilities (container "a" must not include "NET_ADMIN" in securityContext.capabilities.add)');
    expect(msg).toContain('hostPort (container "a" uses hostPort 8080)');
    expect(refusal(api(), pod('chown', { containers: [{ name: 'a', image: 'busybox', securityContext: { capabilities: { add: ['CHOWN'] } } }] }))).toBe('admitted');
  });

  it('refuses more CPU or memory than a container may have, as LimitRanger words it', () => {
    const msg = refusal(api(), pod('big', { containers: [{ name: 'a', image: 'busybox', resources: { limits: { cpu: '4', memory: '512Mi' } } }] }));
    expect(msg).toBe('pods "big" is forbidden: maximum cpu usage per Container is 2, but limit is 4');
  });

  it('caps the pods a cluster holds, not counting finished ones', () => {
    const a = api(2);
    a.create(podRes, 'default', pod('one', {}));
    const done = a.create(podRes, 'default', pod('two', {}));
    a.updateStatus(podRes, 'default', 'two', { ...done, status: { phase: 'Succeeded' } });
    a.create(podRes, 'default', pod('three', {}));
    expect(refusal(a, pod('four', {}))).toBe('pods "four" is forbidden: exceeded quota: kubelab-pod-limit, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('gives a container without limits the default, raises it to its requests, and never passes the maxima', () => {
    expect(effectiveLimits({})).toEqual({ cpuCores: 1, memoryBytes: 256 * 2 ** 20 });
    expect(effectiveLimits({ resources: { requests: { memory: '512Mi' } } }).memoryBytes).toBe(512 * 2 ** 20);
    expect(effectiveLimits({ resources: { limits: { cpu: '250m', memory: '64Mi' } } })).toEqual({ cpuCores: 0.25, memoryBytes: 64 * 2 ** 20 });
    expect(effectiveLimits({ resources: { limits: { memory: '8Gi' } } }).memoryBytes).toBe(2 ** 30);
  });
});
