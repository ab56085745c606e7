// The CRD mistakes kubectl tests do not reach, checked against kube-apiserver's wording without a cluster: a group
// without a dot, scope, names that are not DNS-1035 labels, kind equal to listKind, printer columns, conversion,
// fields that may not change; and which versions of a CRD become served kinds.
import type { KubeObject } from '../../../../sandbox/api/types';
import { customKinds } from '../../../../sandbox/apiserver/custom/custom-kind';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from '../../../../sandbox/apiserver/custom/crd-validation';

const schema = { openAPIV3Schema: { type: 'object' } };

function crd(spec: Record<string, unknown> = {}, name = 'widgets.example.com'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema }],
      ...spec,
    },
  };
}

const messages = (obj: KubeObject) => validateCustomResourceDefinition(obj).map((e) => `${e.field}: ${e.message}`);

describe('CustomResourceDefinition validation', () => {
  it('accepts a well-formed CRD', () => {
    expect(messages(crd())).toEqual([]);
  });

  it('refuses a group without a dot and a missing or unknown scope', () => {
    expect(messages(crd({ group: 'example' }, 'widgets.example'))).toEqual(['spec.group: Invalid value: "example": should be a domain with at least one dot']);
    expect(messages(crd({ scope: undefined }))).toEqual(['spec.scope: Required value']);
    expect(messages(crd({ scope: 'Global' }))).toEqual(['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  });

  it('refuses names that are not DNS-1035 labels and a kind equal to its listKind', () => {
    const names = { plural: 'widgets', singular: 'Widget', kind: 'Widget', listKind: 'Widget', shortNames: ['w_1'] };
    expect(messages(crd({ names }))).toEqual([
      `spec.names.singular: Invalid value: "Widget": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `spec.names.shortNames[0]: Invalid value: "w_1": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same or parsing become ambiguous',
    ]);
  });

  it('refuses bad printer columns, duplicate versions and an unknown conversion strategy', () => {
    const versions = [
      { name: 'v1', served: true, storage: true, schema, additionalPrinterColumns: [{ name: 'Size', type: 'float', jsonPath: '.spec.size' }, { type: 'string' }] },
      { name: 'v1', served: true, storage: false, schema },
    ];
    const got = messages(crd({ versions, conversion: { strategy: 'Magic' } }));
    expect(got).toContain('spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "float": supported values: "boolean", "date", "integer", "number", "string"');
    expect(got).toContain('spec.versions[0].additionalPrinterColumns[1].name: Required value');
    expect(got).toContain('spec.versions[0].additionalPrinterColumns[1].jsonPath: Required value');
    expect(got.some((m) => /^spec\.versions: Invalid value: \[\]apiextensions\.CustomResourceDefinitionVersion\{.*Name:"v1".*\}: must contain unique version names$/.test(m))).toBe(true);
    expect(got).toContain('spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"');
  });

  it('keeps group and plural, and once Established scope and kind, as they were', () => {
    const old = crd();
    old.status = { conditions: [{ type: 'Established', status: 'True' }] };
    const next = crd({ scope: 'Cluster', names: { plural: 'widgets', singular: 'widget', kind: 'Gadget', listKind: 'GadgetList' } });
    expect(validateCustomResourceDefinitionUpdate(next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);
  });

  it('serves only the versions marked served, each with its own kind record', () => {
    const versions = [
      { name: 'v1beta1', served: false, storage: false, schema },
      { name: 'v1', served: true, storage: true, schema, subresources: { status: {} } },
    ];
    const kinds = customKinds(crd({ versions, names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wg'], categories: ['all'] } }));
    expect(kinds.map((k) => k.record.resource)).toEqual([
      { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true, shortNames: ['wg'], categories: ['all'], subresources: ['status'] },
    ]);
  });
});
