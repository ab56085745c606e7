import { isStatusError } from '../../../sandbox/api/errors';
import type { KubeObject } from '../../../sandbox/api/types';
import { formatLabelSelector, labelSelectorFromSpec, parseFieldSelector, parseLabelSelector } from '../../../sandbox/lib/selectors';

/** The Status message a bad selector is rejected with (and that it is a 400). */
function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (!isStatusError(e)) throw e;
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    return e.status.message ?? '';
  }
  throw new Error('expected the selector to be rejected');
}

describe('parseLabelSelector', () => {
  const web = { app: 'web', tier: 'frontend', env: 'prod' };
  const db = { app: 'db', tier: 'backend' };
  const unlabelled = {};

  const select = (text: string) => [web, db, unlabelled].filter((l) => parseLabelSelector(text).matches(l));

  it('matches everything when empty or missing', () => {
    expect(parseLabelSelector(undefined).empty).toBe(true);
    expect(parseLabelSelector('').matches(undefined)).toBe(true);
    expect(parseLabelSelector('  ').empty).toBe(true);
  });

  it('selects by equality with =, == and !=', () => {
    expect(select('app=web')).toEqual([web]);
    expect(select('app==db')).toEqual([db]);
    expect(select('app!=web')).toEqual([db, unlabelled]);
    expect(select('app=web,tier=frontend')).toEqual([web]);
    expect(select(' app = web ')).toEqual([web]);
  });

  it('selects by set membership with in and notin', () => {
    expect(select('app in (web,db)')).toEqual([web, db]);
    expect(select('app in (web)')).toEqual([web]);
    expect(select('app notin (web)')).toEqual([db, unlabelled]);
    expect(select('tier in (in,notin)')).toEqual([]);
  });

  it('selects by existence with a bare key and by absence with !key', () => {
    expect(select('env')).toEqual([web]);
    expect(select('!env')).toEqual([db, unlabelled]);
    expect(select('app,!env')).toEqual([db]);
  });

  it('compares integers with > and <', () => {
    const s = parseLabelSelector('gen>2');
    expect(s.matches({ gen: '3' })).toBe(true);
    expect(s.matches({ gen: '2' })).toBe(false);
    expect(s.matches({ gen: 'x' })).toBe(false);
    expect(parseLabelSelector('gen<2').matches({ gen: '1' })).toBe(true);
  });

  it('matches an empty value with key= and with an empty set member', () => {
    expect(parseLabelSelector('a=').matches({ a: '' })).toBe(true);
    expect(parseLabelSelector('a in (,x)').matches({ a: '' })).toBe(true);
  });

  it('prints requirements sorted by key with sorted values', () => {
    expect(parseLabelSelector('z=1,app in (b,a),!gone,has').toString()).toBe('app in (a,b),!gone,has,z=1');
    expect(parseLabelSelector('a==b,c!=d').toString()).toBe('a==b,c!=d');
  });

  it('rejects a missing operator value the way kube-apiserver words it', () => {
    expect(rejection(() => parseLabelSelector('app=('))).toBe("unable to parse requirement: found '(', expected: identifier");
    expect(rejection(() => parseLabelSelector('app in web'))).toBe("unable to parse requirement: found 'web' expected: '('");
    expect(rejection(() => parseLabelSelector('app in (a b)'))).toBe("unable to parse requirement: found 'b', expected: ',' or ')'");
    expect(rejection(() => parseLabelSelector('a b'))).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  });

  it('rejects a dangling comma or trailing junk', () => {
    expect(rejection(() => parseLabelSelector('a=b,'))).toBe("found '', expected: identifier after ','");
    expect(rejection(() => parseLabelSelector('a=b)'))).toBe("found ')', expected: ',' or 'end of string'");
    expect(rejection(() => parseLabelSelector('=a'))).toBe("found '=', expected: !, identifier, or 'end of string'");
  });

  it('rejects an invalid key with the <nil> field path kubectl users see', () => {
    expect(rejection(() => parseLabelSelector('app:monolith'))).toBe(
      'unable to parse requirement: <nil>: Invalid value: "app:monolith": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', ' +
        "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  });

  it('rejects an invalid value and a non-integer comparison', () => {
    expect(rejection(() => parseLabelSelector('app=a@b'))).toMatch(/^unable to parse requirement: values\[0\]\[app\]: Invalid value: "a@b": a valid label must be/);
    expect(rejection(() => parseLabelSelector('gen>x'))).toBe(
      'unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer',
    );
  });
});

describe('labelSelectorFromSpec', () => {
  it('matches everything when empty or missing', () => {
    expect(labelSelectorFromSpec(undefined).matches({ a: '1' })).toBe(true);
    expect(labelSelectorFromSpec({}).empty).toBe(true);
  });

  it('combines matchLabels and each matchExpressions operator', () => {
    const s = labelSelectorFromSpec({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s.matches({ app: 'web', tier: 'a', team: 'x' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'c', team: 'x' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', env: 'dev' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'a', team: 'x', legacy: '1' })).toBe(false);
  });

  it('rejects an unknown operator', () => {
    expect(rejection(() => labelSelectorFromSpec({ matchExpressions: [{ key: 'a', operator: 'Equals' }] }))).toBe(
      '"Equals" is not a valid label selector operator',
    );
  });
});

describe('formatLabelSelector', () => {
  it('prints the selector the way kubectl shows it', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'echo' } })).toBe('app=echo');
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe(
      'a=1,b=2,c in (x,y)',
    );
  });

  it('prints <none> for an empty selector and <error> for a broken one', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
});

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
