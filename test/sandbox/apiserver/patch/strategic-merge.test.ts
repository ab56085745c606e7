// Strategic merge patches as kubectl sends them (`kubectl patch` by default, client-side `kubectl apply`), applied
// to realistic objects: lists merge by the keys the Kubernetes types declare, directives do what they say, and
// malformed patches fail with kube-apiserver's status and words.
import { applyPatch } from '../../../../sandbox/apiserver/patch';
import { cronJob, deployment, failure, node, pod, service } from './fixtures';

const smp = (original: object, patch: unknown, kind = (original as { kind: string }).kind) => applyPatch(original, patch, 'strategic', kind);
const podSpec = (spec: object) => ({ spec: { template: { spec } } });
const containers = (obj: any) => obj.spec.template.spec.containers;
const names = (list: { name: string }[]) => list.map((c) => c.name);

describe('strategic merge patch: lists merged by key', () => {
  it('changes one container image by name and keeps the other container', () => {
    const out = smp(deployment(), podSpec({ containers: [{ name: 'echo1', image: 'echo:2' }] }));
    expect(containers(out).map((c: any) => `${c.name}=${c.image}`)).toEqual(['nginx=nginx:1.25', 'echo1=echo:2']);
    expect(containers(out)[0].env).toHaveLength(2);
  });

  it('applies the patch client-side kubectl apply sends, in $setElementOrder order', () => {
    const out = smp(deployment(), {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }], containers: [{ image: 'x:2', name: 'echo1' }] } } },
    });
    expect(containers(out).map((c: any) => `${c.name}=${c.image}`)).toEqual(['echo1=x:2', 'nginx=nginx:1.25']);
    expect(out.metadata.annotations.owner).toBe('kim');
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"kind":"Deployment"}');
  });

  it('puts a container new to the list first when the patch gives no order, as kube-apiserver does', () => {
    const out = smp(deployment(), podSpec({ containers: [{ name: 'sidecar', image: 'envoy:1' }] }));
    expect(names(containers(out))).toEqual(['sidecar', 'nginx', 'echo1']);
  });

  it('adds and removes containers in one apply patch', () => {
    const out = smp(deployment(), podSpec({
      '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'sidecar' }],
      containers: [{ name: 'sidecar', image: 'envoy:1' }, { name: 'nginx', $patch: 'delete' }],
    }));
    expect(names(containers(out))).toEqual(['echo1', 'sidecar']);
  });

  it('deletes an env var with $patch: delete and keeps the others', () => {
    const out = smp(deployment(), podSpec({ containers: [{ name: 'nginx', env: [{ name: 'LOG_LEVEL', $patch: 'delete' }] }] }));
    expect(containers(out)[0].env).toEqual([{ name: 'BACKEND_HOST', value: 'localhost:8080' }]);
  });

  it('merges container ports by containerPort and volume mounts by mountPath', () => {
    const out = smp(deployment(), podSpec({
      containers: [{ name: 'nginx', ports: [{ containerPort: 80, name: 'http' }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }] }],
    }));
    expect(containers(out)[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
    expect(containers(out)[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/cache', '/usr/share/nginx/html']);
  });

  it('merges Service ports by port', () => {
    const out = smp(service(), { spec: { ports: [{ port: 80, targetPort: 9090 }, { name: 'https', port: 443, targetPort: 8443 }] } });
    expect(out.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 8443 },
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    ]);
  });

  it('merges finalizers as a set and removes one with $deleteFromPrimitiveList', () => {
    expect(smp(deployment(), { metadata: { finalizers: ['example.com/b', 'example.com/c'] } }).metadata.finalizers)
      .toEqual(['example.com/a', 'example.com/b', 'example.com/c']);
    expect(smp(deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } }).metadata.finalizers)
      .toEqual(['example.com/b']);
  });

  it('merges owner references by uid and status conditions by type', () => {
    const out = smp(deployment(), {
      metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: 'u-1', controller: true }] },
      status: { conditions: [{ type: 'Available', status: 'False' }] },
    });
    expect(out.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: 'u-1', controller: true }]);
    expect(out.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['Available=False', 'Progressing=True']);
  });

  it('finds pod templates inside every workload kind', () => {
    const template = { spec: { containers: [{ name: 'app', image: 'a:1' }] } };
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']) {
      const out = smp({ kind, spec: { template } }, podSpec({ containers: [{ name: 'app', image: 'a:2' }] }), kind);
      expect(containers(out)).toEqual([{ name: 'app', image: 'a:2' }]);
    }
    const cron = smp(cronJob(), { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', image: 'busybox:1.37' }] } } } } } });
    expect(cron.spec.jobTemplate.spec.template.spec.containers).toEqual([{ name: 'backup', image: 'busybox:1.37', command: ['sh', '-c', 'date'] }]);
  });

  it('merges a Pod\'s init containers, image pull secrets and pod IPs by their keys', () => {
    const out = smp(pod(), { spec: { initContainers: [{ name: 'init', image: 'busybox:1.37' }], imagePullSecrets: [{ name: 'mirror' }] }, status: { podIPs: [{ ip: '10.244.1.5' }] } });
    expect(out.spec.initContainers).toEqual([{ name: 'init', image: 'busybox:1.37', command: ['true'] }]);
    expect(out.spec.imagePullSecrets).toEqual([{ name: 'mirror' }, { name: 'registry' }]);
    expect(out.status.podIPs).toEqual([{ ip: '10.244.1.5' }]);
  });
});

describe('strategic merge patch: lists replaced whole', () => {
  it('replaces args, which has no merge strategy', () => {
    const out = smp(deployment(), podSpec({ containers: [{ name: 'nginx', args: ['--port', '8080'] }] }));
    expect(containers(out)[0].args).toEqual(['--port', '8080']);
  });

  it('replaces tolerations and Node taints, which are atomic', () => {
    expect(smp(deployment(), podSpec({ tolerations: [{ key: 'gpu', operator: 'Exists' }] })).spec.template.spec.tolerations)
      .toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(smp(node(), { spec: { taints: [] } }).spec.taints).toEqual([]);
  });

  it('replaces a merged list with $patch: replace', () => {
    const out = smp(deployment(), podSpec({ containers: [{ name: 'only', image: 'x:1' }, { $patch: 'replace' }] }));
    expect(containers(out)).toEqual([{ name: 'only', image: 'x:1' }]);
  });

  it('replaces every list of a kind it has no tags for', () => {
    const widget = { kind: 'Widget', spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(smp(widget, { spec: { containers: [{ name: 'b', image: 'x' }] } }).spec.containers).toEqual([{ name: 'b', image: 'x' }]);
  });
});

describe('strategic merge patch: maps and directives', () => {
  it('deletes keys set to null and merges the rest', () => {
    const out = smp(deployment(), { metadata: { annotations: { owner: null, team: 'web' } }, spec: { replicas: null } });
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2', team: 'web' });
    expect(out.spec).not.toHaveProperty('replicas');
  });

  it('replaces a map with $patch: replace', () => {
    expect(smp(deployment(), { metadata: { labels: { $patch: 'replace', tier: 'web' } } }).metadata.labels).toEqual({ tier: 'web' });
  });

  it('empties a map with $patch: delete', () => {
    expect(smp(deployment(), { spec: { strategy: { $patch: 'delete' } } }).spec.strategy).toEqual({});
  });

  it('clears fields missing from $retainKeys when switching to Recreate', () => {
    const out = smp(deployment(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('takes new values without their nulls and $patch-marked parts', () => {
    const out = smp(deployment(), podSpec({ nodeSelector: { disk: 'ssd', zone: null }, initContainers: [{ name: 'x', $patch: 'delete' }, { name: 'y' }] }));
    expect(out.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(out.spec.template.spec.initContainers).toEqual([{ name: 'y' }]);
  });

  it('treats a null patch as empty', () => {
    expect(smp(deployment(), null)).toEqual(deployment());
  });
});

describe('strategic merge patch: failures', () => {
  it('answers 500 with the library message for a list element without its merge key', () => {
    const err = failure(() => smp(deployment(), podSpec({ containers: [{ image: 'x:1' }] })));
    expect(err.status).toMatchObject({ code: 500, reason: '', message: 'map: map[image:x:1] does not contain declared merge key: name' });
  });

  it('refuses $patch: merge, which kube-apiserver does not implement', () => {
    expect(failure(() => smp(deployment(), { spec: { $patch: 'merge' } })).message).toBe('unknown patch type: merge in map: map[$patch:merge]');
    expect(failure(() => smp(deployment(), podSpec({ containers: [{ name: 'nginx', $patch: 'merge' }] }))).message)
      .toBe('merging lists cannot yet be specified in the patch');
  });

  it('refuses a list mixing objects and strings', () => {
    expect(failure(() => smp(deployment(), podSpec({ containers: ['nginx'] }))).message).toMatch(/^list element types are not identical: \[\[map\[/);
  });

  it('refuses a patch list whose order contradicts $setElementOrder', () => {
    const err = failure(() => smp(deployment(), podSpec({
      '$setElementOrder/containers': [{ name: 'echo1' }, { name: 'nginx' }],
      containers: [{ name: 'nginx', image: 'a' }, { name: 'echo1', image: 'b' }],
    })));
    expect(err.message).toMatch(/^The order in patch list:\n.* doesn't match \$setElementOrder list:/s);
  });

  it('answers 400 for malformed directives', () => {
    const retain = failure(() => smp(deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }));
    expect(retain.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' });
    const prefix = failure(() => smp(deployment(), { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }));
    expect(prefix.status).toMatchObject({ code: 400, message: 'invalid patch format of primitive list' });
  });

  it('answers a bare 422 for lists of lists', () => {
    const err = failure(() => smp({ ...node(), spec: { podCIDRs: [] } }, { spec: { podCIDRs: [['10.244.2.0/24']] } }));
    expect(err.status).toMatchObject({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
    expect(err.cause).toBe('lists of lists are not supported');
  });

  it('answers 400 for a patch that is not an object', () => {
    const err = failure(() => smp(deployment(), [{ op: 'add' }]));
    expect(err.status).toMatchObject({ code: 400, message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' });
  });
});
