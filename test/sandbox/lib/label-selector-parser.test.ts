// labels.Parse as kube-apiserver runs it on `?labelSelector=`: what selects what, and the wording of every rejection.
import { parseLabelSelector } from '../../../sandbox/lib/label-selector-parser';
import { rejection } from './bad-request';

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
