// Generates sandbox/apiserver/openapi/schemas.json: the OpenAPI schemas (names like io.k8s.api.core.v1.Pod) of every kind
// in sandbox/api/registry.ts and every type reachable from them. The API server serves them to kubectl (`explain`, the
// strategic-merge-patch metadata of `apply`) and checks unknown fields against them (fieldValidation=Strict).
//
// Source of truth is the devDependency kubernetes-models (generated from Kubernetes' own OpenAPI spec):
//   - its `.d.ts` files give structure, descriptions (JSDoc), optionality (required) and enums (string-literal unions).
//     TypeScript 7 ships no JS compiler API, so a small tokenizer + recursive-descent parser below reads them; the files
//     are machine-generated and regular, and the parser throws on anything it does not understand.
//   - its `_schemas/*.js` are compiled JSON-schema validators; rather than parse them, we *run* them with probe values
//     (1.5) to learn whether a number is an integer and its format (int32/int64), which the .d.ts cannot say.
//   - what neither carries (patch merge keys and strategies, list types, base64 maps; Quantity's description) is the table below,
//     transcribed from the `patchStrategy`/`patchMergeKey`/`+listType` tags of Kubernetes' Go types.
//
// Run: npx tsx scripts/gen-schema.ts            (writes the file)
//      npx tsx scripts/gen-schema.ts --check    (fails when the committed file is stale)
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES } from '../sandbox/apiserver/kinds/registry';

const ROOT = path.resolve(__dirname, '..');
const MODELS = path.join(ROOT, 'node_modules/kubernetes-models');
const MACHINERY = path.join(ROOT, 'node_modules/@kubernetes-models/apimachinery');
const OUT = path.join(ROOT, 'sandbox/apiserver/openapi/schemas.json');

type Schema = Record<string, any>;

// ---- what kubernetes-models cannot tell us -------------------------------------------------------------------------

const FIELD_EXTRAS: Record<string, Schema> = (() => {
  const m = (key: string, strategy = 'merge') => ({ 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy });
  const atomic = { 'x-kubernetes-list-type': 'atomic' };
  const byType = m('type');
  const core = 'io.k8s.api.core.v1.';
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  const t: Record<string, Schema> = {
    [`${meta}ObjectMeta.finalizers`]: { 'x-kubernetes-patch-strategy': 'merge' },
    [`${meta}ObjectMeta.ownerReferences`]: m('uid'),
    [`${core}PodSpec.containers`]: m('name'),
    [`${core}PodSpec.initContainers`]: m('name'),
    [`${core}PodSpec.ephemeralContainers`]: m('name'),
    [`${core}PodSpec.imagePullSecrets`]: m('name'),
    [`${core}PodSpec.hostAliases`]: m('ip'),
    [`${core}PodSpec.volumes`]: m('name', 'merge,retainKeys'),
    [`${core}PodSpec.nodeSelector`]: { 'x-kubernetes-map-type': 'atomic' },
    [`${core}PodSpec.topologySpreadConstraints`]: {
      ...m('topologyKey'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['topologyKey', 'whenUnsatisfiable'] },
    [`${core}PodSpec.schedulingGates`]: { ...m('name'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}PodSpec.resourceClaims`]: {
      ...m('name', 'merge,retainKeys'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}PodStatus.conditions`]: byType,
    [`${core}PodStatus.podIPs`]: m('ip'),
    [`${core}PodStatus.hostIPs`]: { ...m('ip'), ...atomic },
    [`${core}PodStatus.nodeAllocatableResourceClaimStatuses`]: m('resourceClaimName'),
    [`${core}ContainerStatus.volumeMounts`]: m('mountPath'),
    [`${core}ContainerStatus.allocatedResourcesStatus`]: m('name'),
    [`${core}PodStatus.resourceClaimStatuses`]: {
      ...m('name', 'merge,retainKeys'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}ResourceRequirements.claims`]: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] },
    [`${core}ServiceAccount.secrets`]: m('name'),
    // base64 maps: kubernetes-models types the values as plain strings.
    [`${core}Secret.data`]: { additionalProperties: { type: 'string', format: 'byte' } },
    [`${core}ConfigMap.binaryData`]: { additionalProperties: { type: 'string', format: 'byte' } },
    [`${core}ServiceSpec.ports`]: { ...m('port'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
    [`${core}ServiceSpec.selector`]: { 'x-kubernetes-map-type': 'atomic' },
    [`${core}ServiceSpec.clusterIPs`]: atomic,
    [`${core}ServiceSpec.ipFamilies`]: atomic,
    [`${core}ServiceStatus.conditions`]: { ...byType, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] },
    [`${core}LoadBalancerIngress.ports`]: atomic,
    [`${core}NamespaceStatus.conditions`]: byType,
    [`${core}NodeSpec.podCIDRs`]: { 'x-kubernetes-patch-strategy': 'merge' },
    [`${core}NodeStatus.addresses`]: byType,
    [`${core}NodeStatus.conditions`]: byType,
    [`${core}PersistentVolumeClaimStatus.conditions`]: byType,
    [`${core}PersistentVolumeSpec.claimRef`]: { 'x-kubernetes-map-type': 'granular' },
    [`${core}TopologySpreadConstraint.matchLabelKeys`]: atomic,
    [`${core}PodAffinityTerm.matchLabelKeys`]: atomic,
    [`${core}PodAffinityTerm.mismatchLabelKeys`]: atomic,
    'io.k8s.api.apps.v1.DeploymentSpec.strategy': { 'x-kubernetes-patch-strategy': 'retainKeys' },
    'io.k8s.api.apps.v1.DeploymentStatus.conditions': byType,
    'io.k8s.api.apps.v1.ReplicaSetStatus.conditions': byType,
    'io.k8s.api.apps.v1.StatefulSetStatus.conditions': byType,
    'io.k8s.api.apps.v1.DaemonSetStatus.conditions': byType,
    'io.k8s.api.batch.v1.JobStatus.conditions': { ...byType, ...atomic },
  };
  // Containers and ephemeral containers share these lists.
  for (const c of ['Container', 'EphemeralContainer']) {
    t[`${core}${c}.env`] = m('name');
    t[`${core}${c}.volumeMounts`] = m('mountPath');
    t[`${core}${c}.volumeDevices`] = m('devicePath');
    t[`${core}${c}.resizePolicy`] = atomic;
    t[`${core}${c}.ports`] = {
      ...m('containerPort'), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] };
  }
  return t;
})();

/** Types kubernetes-models declares as bare aliases; their OpenAPI shapes as kube-apiserver publishes them (v3). */
const ALIASES: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t diff.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
};

// ---- tokenizer and parser for kubernetes-models' .d.ts files --------------------------------------------------------

interface Token { kind: 'doc' | 'str' | 'id' | 'punct'; text: string }

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (src.startsWith('/**', i)) {
      const end = src.indexOf('*/', i);
      out.push({ kind: 'doc', text: src.slice(i + 3, end) });
      i = end + 2;
    } else if (src.startsWith('//', i)) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({ kind: 'str', text: JSON.parse(src.slice(i, j + 1)) });
      i = j + 1;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(src.slice(i, i + 200))!;
      out.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

/** JSDoc body → description text, as the Go comment it came from (paragraphs separated by blank lines). */
function docText(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim()
    .replace(/\*\\\//g, '*/');
}

type TypeExpr =
  | { k: 'id'; name: string }
  | { k: 'lit'; value: string }
  | { k: 'array'; of: TypeExpr }
  | { k: 'map'; of: TypeExpr }
  | { k: 'obj'; members: Member[] }
  | { k: 'union'; of: TypeExpr[] };
interface Member { name: string; optional: boolean; doc?: string; type: TypeExpr }

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[], private readonly file: string) {}
  private peek(o = 0): Token | undefined { return this.toks[this.pos + o]; }
  private next(): Token { return this.toks[this.pos++]; }
  private expect(text: string): void {
    const t = this.next();
    if (t?.text !== text) throw new Error(`${this.file}: expected ${text}, got ${t?.text}`);
  }
  /** Moves to the first `export interface|type I<Name>`; returns the preceding JSDoc and the declaration kind. */
  seekDeclaration(): { doc?: string; kind: 'interface' | 'type'; extendsTypeMeta: boolean } {
    for (; this.pos < this.toks.length; this.pos++) {
      const [a, b, c] = [this.peek(), this.peek(1), this.peek(2)];
      if (a?.text === 'export' && (b?.text === 'interface' || b?.text === 'type') && c?.kind === 'id' && this.peek(3)?.text !== ',') {
        const prev = this.toks[this.pos - 1];
        this.pos += 3;
        let extendsTypeMeta = false;
        if (this.peek()?.text === 'extends') {
          this.pos++;
          extendsTypeMeta = this.next().text === 'TypeMeta';
        }
        return { doc: prev?.kind === 'doc' ? docText(prev.text) : undefined, kind: b.text as 'interface' | 'type', extendsTypeMeta };
      }
    }
    throw new Error(`${this.file}: no exported declaration`);
  }
  members(): Member[] {
    this.expect('{');
    const out: Member[] = [];
    while (this.peek()?.text !== '}') {
      let doc: string | undefined;
      if (this.peek()?.kind === 'doc') doc = docText(this.next().text);
      const name = this.next();
      if (name.kind !== 'str') throw new Error(`${this.file}: unexpected member ${name.text}`);
      let optional = false;
      if (this.peek()?.text === '?') { this.pos++; optional = true; }
      this.expect(':');
      out.push({ name: name.text, optional, doc, type: this.type() });
      this.expect(';');
    }
    this.expect('}');
    return out;
  }
  type(): TypeExpr {
    const parts = [this.primary()];
    while (this.peek()?.text === '|') { this.pos++; parts.push(this.primary()); }
    return parts.length === 1 ? parts[0] : { k: 'union', of: parts };
  }
  private primary(): TypeExpr {
    const t = this.peek()!;
    if (t.kind === 'str') { this.pos++; return { k: 'lit', value: t.text }; }
    if (t.text === 'Array') { this.pos++; this.expect('<'); const of = this.type(); this.expect('>'); return { k: 'array', of }; }
    if (t.text === '{') {
      if (this.peek(1)?.text === '[') { // { [key: string]: T; }
        this.pos += 2; this.expect('key'); this.expect(':'); this.expect('string'); this.expect(']'); this.expect(':');
        const of = this.type(); this.expect(';'); this.expect('}');
        return { k: 'map', of };
      }
      return { k: 'obj', members: this.members() };
    }
    if (t.kind === 'id') { this.pos++; return { k: 'id', name: t.text }; }
    throw new Error(`${this.file}: unexpected type token ${t.text}`);
  }
}

// ---- from files to schemas ------------------------------------------------------------------------------------------

/** OpenAPI definition name of a kubernetes-models .d.ts file, from its location. */
function definitionName(file: string): string {
  const base = path.basename(file, '.d.ts');
  if (file.startsWith(MACHINERY)) {
    const dirs = path.relative(MACHINERY, path.dirname(file)).split(path.sep);
    return `io.k8s.apimachinery.pkg.${dirs.join('.')}.${base}`;
  }
  const [first, second] = path.relative(MODELS, file).split(path.sep);
  if (first === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${second}.${base}`;
  return /^v\d/.test(first) ? `io.k8s.api.core.${first}.${base}` : `io.k8s.api.${first.split('.')[0]}.${second}.${base}`;
}

function fileOfKind(group: string, version: string, kind: string): string {
  return path.join(MODELS, group || '', version, `${kind}.d.ts`);
}

interface Parsed {
  name: string;
  file: string;
  schema: Schema;
  /** .d.ts files of the definitions it references */
  refs: Set<string>;
  /** property name → where its number type lives ('' = the property itself, '/0' array item, '/k' map value) */
  numbers: Map<string, string>;
}

const STANDARD_DOCS: Record<string, string> = {};

function parseFile(file: string): Parsed {
  const src = fs.readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of src.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    const spec = m[2];
    const resolved = spec.startsWith('.')
      ? path.resolve(path.dirname(file), spec.replace(/\.js$/, '.d.ts'))
      : path.join(ROOT, 'node_modules', spec.replace(/\.js$/, '') + '.d.ts');
    imports.set(m[1], resolved);
  }
  const name = definitionName(file);
  const exported = /export type \{ \w+ as (\w+)/.exec(src)?.[1];
  if (exported?.replace(/^I/, '').toLowerCase() !== name.replace(/[.-]/g, '').toLowerCase()) {
    throw new Error(`${file}: name ${name} does not match export ${exported}`);
  }
  const parser = new Parser(tokenize(src), file);
  const decl = parser.seekDeclaration();
  const refs = new Set<string>();
  const numbers = new Map<string, string>();
  if (decl.kind === 'type') {
    const schema = ALIASES[name] ?? { type: 'string' };
    return { name, file, schema: { ...(decl.doc ? { description: decl.doc } : {}), ...schema }, refs, numbers };
  }
  const members = parser.members();
  const gvk = decl.extendsTypeMeta ? typeMetaGVK(members, file) : undefined;

  const convert = (t: TypeExpr, where: string, prop: string): Schema => {
    switch (t.k) {
      case 'id': {
        if (t.name === 'string') return { type: 'string' };
        if (t.name === 'boolean') return { type: 'boolean' };
        if (t.name === 'number') { numbers.set(prop, where); return { type: 'number' }; }
        // JSONSchemaProps refers to itself (properties, items…) without importing itself.
        if (t.name === `I${path.basename(file, '.d.ts')}`) return { $ref: name };
        const target = imports.get(t.name);
        if (!target) throw new Error(`${file}: unknown type ${t.name}`);
        refs.add(target);
        return { $ref: definitionName(target) };
      }
      case 'lit': return { type: 'string', enum: [t.value] };
      case 'union':
        if (!t.of.every((x) => x.k === 'lit')) throw new Error(`${file}: unsupported union in ${prop}`);
        return { type: 'string', enum: t.of.map((x) => (x as { value: string }).value) };
      case 'array': return { type: 'array', items: convert(t.of, `${where}/0`, prop) };
      case 'map': return { type: 'object', additionalProperties: convert(t.of, `${where}/k`, prop) };
      case 'obj': return embeddedKind(t.members, file, imports, refs, prop);
    }
  };

  const properties: Schema = {};
  const required: string[] = [];
  for (const mem of members) {
    const isTypeMeta = gvk && (mem.name === 'apiVersion' || mem.name === 'kind');
    const doc = isTypeMeta ? STANDARD_DOCS[mem.name] : mem.doc;
    const body = isTypeMeta ? { type: 'string' } : convert(mem.type, '', mem.name);
    properties[mem.name] = { ...(doc ? { description: doc } : {}), ...body, ...FIELD_EXTRAS[`${name}.${mem.name}`] };
    if (!mem.optional && !isTypeMeta) required.push(mem.name);
  }
  const schema: Schema = {
    ...(decl.doc ? { description: decl.doc } : {}),
    type: 'object',
    ...(members.length ? { properties } : {}),
    ...(required.length ? { required: required.sort() } : {}),
    ...(gvk ? { 'x-kubernetes-group-version-kind': [gvk] } : {}),
  };
  return { name, file, schema, refs, numbers };
}

function typeMetaGVK(members: Member[], file: string): Schema {
  const lit = (n: string) => {
    const t = members.find((m) => m.name === n)?.type;
    if (t?.k !== 'lit') throw new Error(`${file}: ${n} is not a literal`);
    return t.value;
  };
  const apiVersion = lit('apiVersion');
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { group, kind: lit('kind'), version };
}

/** kubernetes-models inlines an embedded kind (StatefulSet's volumeClaimTemplates) whose apiVersion/kind are optional;
 *  the real spec refers to the kind itself. Recognised by its `spec` pointing at `<Kind>Spec`. */
function embeddedKind(members: Member[], file: string, imports: Map<string, string>, refs: Set<string>, prop: string): Schema {
  const spec = members.find((m) => m.name === 'spec')?.type;
  const target = spec?.k === 'id' ? imports.get(spec.name) : undefined;
  if (!target || !members.some((m) => m.name === 'kind') || !target.endsWith('Spec.d.ts')) {
    throw new Error(`${file}: unsupported inline object in ${prop}`);
  }
  const kindFile = target.replace(/Spec\.d\.ts$/, '.d.ts');
  refs.add(kindFile);
  return { $ref: definitionName(kindFile) };
}

/** Runs kubernetes-models' compiled validator for `name` with 1.5 in each number slot to learn integer-ness and format. */
async function probeNumbers(p: Parsed): Promise<void> {
  if (!p.numbers.size) return;
  const dir = p.file.startsWith(MACHINERY) ? path.join(MACHINERY, '_schemas') : path.join(MODELS, '_schemas');
  const exported = /export type \{ \w+ as I(\w+)/.exec(fs.readFileSync(p.file, 'utf8'))![1];
  const mod = await import(path.join(dir, `${exported}.js`));
  for (const [prop, where] of p.numbers) {
    const value = where.split('/').filter(Boolean).reduceRight<unknown>((v, step) => (step === '0' ? [v] : { k: v }), 1.5);
    mod.validate({ [prop]: value });
    const errs: { instancePath: string; keyword: string; params: any }[] = mod.validate.errors ?? [];
    const mine = errs.filter((e) => e.instancePath === `/${prop}${where}`);
    const integer = mine.some((e) => e.keyword === 'type' && e.params.type === 'integer');
    const format = mine.find((e) => e.keyword === 'format')?.params.format as string | undefined;
    let slot = p.schema.properties[prop];
    for (const step of where.split('/').filter(Boolean)) slot = step === '0' ? slot.items : slot.additionalProperties;
    slot.type = integer ? 'integer' : 'number';
    if (format) slot.format = format;
    else if (!integer) slot.format = 'double';
  }
}

async function main(): Promise<void> {
  // apiVersion/kind descriptions are the same everywhere; kubernetes-models spells them out on Status.
  const statusParser = new Parser(tokenize(fs.readFileSync(path.join(MACHINERY, 'apis/meta/v1/Status.d.ts'), 'utf8')), 'Status');
  statusParser.seekDeclaration();
  for (const m of statusParser.members()) if (m.name === 'apiVersion' || m.name === 'kind') STANDARD_DOCS[m.name] = m.doc!;

  // Reviews are never listed: they have no List kind.
  const roots = RESOURCES.flatMap((r) => [fileOfKind(r.group, r.version, r.kind), ...(r.review ? [] : [fileOfKind(r.group, r.version, `${r.kind}List`)])]);
  // The scale subresource's kind, and what the served paths name as request/response bodies besides our kinds.
  roots.push(fileOfKind('autoscaling', 'v1', 'Scale'));
  for (const t of ['Patch', 'Status', 'DeleteOptions']) roots.push(path.join(MACHINERY, 'apis/meta/v1', `${t}.d.ts`));
  const queue = [...roots];
  const parsed = new Map<string, Parsed>();
  while (queue.length) {
    const file = queue.shift()!;
    const name = definitionName(file);
    if (parsed.has(name)) continue;
    const p = parseFile(file);
    parsed.set(name, p);
    queue.push(...p.refs);
  }
  for (const p of parsed.values()) await probeNumbers(p);

  for (const key of Object.keys(FIELD_EXTRAS)) {
    const at = key.lastIndexOf('.');
    if (!parsed.get(key.slice(0, at))?.schema.properties?.[key.slice(at + 1)]) throw new Error(`extras for unknown field ${key}`);
  }
  // apiextensions' JSON and JSONSchemaPropsOr* hold any JSON value; kube-apiserver publishes them without a type.
  for (const [n, p] of parsed) if (/\.apiextensions\.v1\.(JSON|JSONSchemaPropsOr\w+)$/.test(n)) delete p.schema.type;
  const names = [...parsed.keys()].sort();
  const lines = names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(parsed.get(n)!.schema)}`);
  const header = { source: `kubernetes-models ${JSON.parse(fs.readFileSync(path.join(MODELS, 'package.json'), 'utf8')).version}` };
  const text = `{"info":${JSON.stringify(header)},"definitions":{\n${lines.join(',\n')}\n}}\n`;
  const summary = `${path.relative(ROOT, OUT)}: ${names.length} definitions, ${(text.length / 1024).toFixed(0)} KiB`;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) throw new Error(`${summary} is out of date: run npx tsx scripts/gen-schema.ts`);
    console.log(`up to date: ${summary}`);
    return;
  }
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${summary}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
