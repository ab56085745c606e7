// Name and key syntax errors read exactly like kube-apiserver 1.31's, because kubectl prints them verbatim.
import {
  isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName,
} from '../../../sandbox/lib/names';
import { goQuote } from '../../../sandbox/apiserver/admission/field-errors';

describe('name syntax', () => {
  it('explains a bad subdomain with the example and the regex', () => {
    expect(isDNS1123Subdomain('Simple_Echo')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1123Subdomain('simple-echo.v1')).toEqual([]);
  });

  it('keeps the double space between examples that apimachinery prints', () => {
    expect(isDNS1123Label('Web')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('says only "must not contain dots" for a label that is a valid subdomain', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('refuses a Service name starting with a digit (DNS-1035)', () => {
    expect(isDNS1035Label('1echo')[0]).toMatch(/^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
    expect(isDNS1035Label('x'.repeat(64))).toContain('must be no more than 63 characters');
  });

  it('validates label keys with prefix and name parts', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of alphanumeric characters/);
    expect(isQualifiedName('bad key')[0]).toMatch(/^name part must consist of alphanumeric characters, '-', '_' or '\.'/);
  });

  it('allows empty label values but not spaces', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('two words')[0]).toMatch(/^a valid label must be an empty string or consist of alphanumeric characters/);
  });

  it('checks config keys and port names', () => {
    expect(isConfigMapKey('game.properties')).toEqual([]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
    expect(isValidPortName('http--web')).toEqual(['must not contain consecutive hyphens']);
    expect(isValidPortName('a-very-long-port-name')).toContain('must be no more than 15 characters');
  });

  it('quotes values the way Go does', () => {
    expect(goQuote('tab\there "x"')).toBe('"tab\\there \\"x\\""');
    expect(goQuote('파드')).toBe('"파드"');
  });
});
