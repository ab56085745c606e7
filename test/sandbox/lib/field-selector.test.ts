// `?fieldSelector=` as kube-apiserver parses it: the fields each kind selects on, escapes, and the rejections.
import type { KubeObject } from '../../../sandbox/api/types';
import { parseFieldSelector } from '../../../sandbox/lib/field-selector';
import { rejection } from './bad-request';

describe('parseFieldSelector', () => {
  const pod = (name: string, node: string, phase: string): KubeObject => ({
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, restartPolicy: 'Always' },
    status: { phase, podIPs: [{ ip: '10.1.0.5' }] },
  });
  const pods = [pod('a', 'n1', 'Running'), pod('b', 'n2', 'Failed'), pod('c', 'n1', 'Succeeded')];
  const names = (text: string) => pods.filter((p) => parseFieldSelector(text, 'Pod').matches(p)).map((p) => p.metadata.name);

  it('matches everything when empty', () => {
    expect(parseFieldSelector(undefined, 'Pod').empty).toBe(true);
    expect(names('')).toEqual(['a', 'b', 'c']);
  });

  it('selects pods the way kubectl describe node asks for them', () => {
    expect(names('spec.nodeName=n1,status.phase!=Failed,status.phase!=Succeeded')).toEqual(['a']);
    expect(names('metadata.name==b')).toEqual(['b']);
    expect(names('metadata.namespace!=default')).toEqual([]);
    expect(names('status.podIP=10.1.0.5')).toEqual(['a', 'b', 'c']);
    expect(names('spec.host=n2')).toEqual(['b']);
  });

  it('selects events by involved object', () => {
    const ev: KubeObject = {
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
      reason: 'Pulled',
      type: 'Normal',
      source: { component: 'kubelet' },
    };
    expect(parseFieldSelector('involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1', 'Event').matches(ev)).toBe(true);
    expect(parseFieldSelector('source=kubelet,type=Normal,reason=Pulled', 'Event').matches(ev)).toBe(true);
    expect(parseFieldSelector('involvedObject.kind=Node', 'Event').matches(ev)).toBe(false);
  });

  it('selects by the extra fields of secrets, nodes, namespaces and jobs', () => {
    expect(parseFieldSelector('type=Opaque', 'Secret').matches({ metadata: { name: 's' }, type: 'Opaque' })).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=false', 'Node').matches({ metadata: { name: 'n' }, spec: {} })).toBe(true);
    expect(parseFieldSelector('status.phase=Active', 'Namespace').matches({ metadata: { name: 'x' }, status: { phase: 'Active' } })).toBe(true);
    expect(parseFieldSelector('status.successful=1', 'Job').matches({ metadata: { name: 'j' }, status: { succeeded: 1 } })).toBe(true);
  });

  it('unescapes \\, \\= and \\\\ in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b', 'ConfigMap').matches({ metadata: { name: 'a,b' } })).toBe(true);
  });

  it('names the metadata-only fields for kinds without extra selectable fields', () => {
    expect(rejection(() => parseFieldSelector('foo.bar=baz', 'Ingress'))).toBe(
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(rejection(() => parseFieldSelector('status.replicas=1', 'ReplicaSet'))).toBe(
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('uses the core conversion wording for pods, nodes and events', () => {
    expect(rejection(() => parseFieldSelector('spec.nodeName=x,foo=bar', 'Pod'))).toBe('field label not supported: foo');
    expect(rejection(() => parseFieldSelector('metadata.namespace=x', 'Node'))).toBe('field label not supported: metadata.namespace');
    expect(rejection(() => parseFieldSelector('status.active=1', 'Job'))).toBe('field label "status.active" not supported for batchv1.Job');
  });

  it('rejects terms without an operator and bad escapes', () => {
    expect(rejection(() => parseFieldSelector('metadata.name', 'Pod'))).toBe("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
    expect(rejection(() => parseFieldSelector('metadata.name=a\\b', 'Pod'))).toBe('invalid field selector: invalid escape sequence: \\b');
    expect(rejection(() => parseFieldSelector('metadata.name=a=b', 'Pod'))).toBe('invalid field selector: unescaped character in value: 61');
  });

  it('reports the pinned value of an equality term', () => {
    expect(parseFieldSelector('metadata.name=x,spec.nodeName!=y', 'Pod').requiresExactMatch('metadata.name')).toBe('x');
    expect(parseFieldSelector('spec.nodeName!=y', 'Pod').requiresExactMatch('spec.nodeName')).toBeUndefined();
  });
});
