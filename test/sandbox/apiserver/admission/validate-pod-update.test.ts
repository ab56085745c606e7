// What may change on a running pod: images, a shorter activeDeadlineSeconds, extra tolerations; nothing else.
import { create, seed, update, updateStatus } from './helpers';

const stored = () => {
  const { obj } = create(seed('simple-pod.yaml'));
  obj.status = { phase: 'Running', qosClass: 'BestEffort' };
  return obj;
};

describe('pod updates', () => {
  it('lets the same manifest be applied again', () => {
    expect(update(stored(), seed('simple-pod.yaml')).errors).toEqual([]);
  });

  it('allows a new image', () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.containers[0].image = 'gihyodocker/nginx:1.0';
    expect(update(old, next).errors).toEqual([]);
  });

  it('notices the pull policy a replaced manifest would default differently', () => {
    const next = seed('simple-pod.yaml');
    next.spec.containers[0].image = 'gihyodocker/nginx:1.0';
    const errors = update(stored(), next).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('- \t\t\tImagePullPolicy: "Always",\n+ \t\t\tImagePullPolicy: "IfNotPresent",');
  });

  it('allows added tolerations and refuses changed ones', () => {
    const old = stored();
    const added = structuredClone(old);
    added.spec.tolerations.push({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect(update(old, added).errors).toEqual([]);
    const changed = structuredClone(added);
    changed.spec.tolerations[2] = { key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' };
    expect(update(added, changed).errors).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
    const longer = structuredClone(old);
    longer.spec.tolerations[0].tolerationSeconds = 600;
    expect(update(old, longer).errors).toEqual([]);
  });

  it('puts back the default tolerations a replaced manifest leaves out', () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.tolerations = [];
    const { obj, errors } = update(old, next);
    expect(errors).toEqual([]);
    expect(obj.spec.tolerations).toEqual(old.spec.tolerations);
  });

  it('refuses other spec changes with the real message and a diff', () => {
    const next = seed('simple-pod.yaml');
    next.spec.containers[0].env[0].value = '127.0.0.1:8080';
    const [error, ...rest] = update(stored(), next).errors;
    expect(rest).toEqual([]);
    expect(error).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core\.PodSpec\{\n/,
    );
    expect(error).toContain('- \t\t\t\t\tValue: "localhost:8080",\n+ \t\t\t\t\tValue: "127.0.0.1:8080",');
  });

  it('refuses adding or removing containers', () => {
    const next = seed('simple-pod.yaml');
    next.spec.containers.pop();
    expect(update(stored(), next).errors).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('lets activeDeadlineSeconds only shrink', () => {
    const old = stored();
    old.spec.activeDeadlineSeconds = 60;
    const shorter = structuredClone(old);
    shorter.spec.activeDeadlineSeconds = 30;
    expect(update(old, shorter).errors).toEqual([]);
    const longer = structuredClone(old);
    longer.spec.activeDeadlineSeconds = 120;
    expect(update(old, longer).errors).toEqual(['spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value']);
  });

  it('keeps status writes from reviving a finished container of a Never pod', () => {
    const old = stored();
    old.spec.restartPolicy = 'Never';
    old.status.containerStatuses = [{ name: 'nginx', state: { terminated: { exitCode: 0 } } }];
    expect(updateStatus(old, { ...old.status, containerStatuses: [{ name: 'nginx', state: { running: {} } }] })).toEqual([
      'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
    ]);
    expect(updateStatus(old, { ...old.status, phase: 'Succeeded' })).toEqual([]);
  });
});
