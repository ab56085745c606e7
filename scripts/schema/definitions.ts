// From one kubernetes-models `.d.ts` file to its OpenAPI definition: the definition's name (io.k8s.api.core.v1.Pod,
// from where the file lives), its properties with descriptions, required fields and enums, references to the
// definitions it uses (which the generator then reads too), the group/version/kind of a top-level kind, and the
// hand-kept field extras. Where a property is a number is noted for number-formats.ts to settle.
import fs from 'node:fs';
import path from 'node:path';
import { Parser, tokenize, type Member, type TypeExpr } from './dts-parser';
import { ALIASES, FIELD_EXTRAS } from './field-extras';

export const ROOT = path.resolve(__dirname, '../..');
export const MODELS = path.join(ROOT, 'node_modules/kubernetes-models');
export const MACHINERY = path.join(ROOT, 'node_modules/@kubernetes-models/apimachinery');

export type Schema = Record<string, any>;

/** OpenAPI definition name of a kubernetes-models .d.ts file, from its location. */
export function definitionName(file: string): string {
  const base = path.basename(file, '.d.ts');
  if (file.startsWith(MACHINERY)) {
    const dirs = path.relative(MACHINERY, path.dirname(file)).split(path.sep);
    return `io.k8s.apimachinery.pkg.${dirs.join('.')}.${base}`;
  }
  const [first, second] = path.relative(MODELS, file).split(path.sep);
  if (first === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${second}.${base}`;
  return /^v\d/.test(first) ? `io.k8s.api.core.${first}.${base}` : `io.k8s.api.${first.split('.')[0]}.${second}.${base}`;
}

export function fileOfKind(group: string, version: string, kind: string): string {
  return path.join(MODELS, group || '', version, `${kind}.d.ts`);
}

export interface Parsed {
  name: string;
  file: string;
  schema: Schema;
  /** .d.ts files of the definitions it references */
  refs: Set<string>;
  /** property name → where its number type lives ('' = the property itself, '/0' array item, '/k' map value) */
  numbers: Map<string, string>;
}

/** apiVersion/kind descriptions are the same everywhere; kubernetes-models spells them out on Status. */
export function typeMetaDocs(): Record<string, string> {
  const docs: Record<string, string> = {};
  const statusParser = new Parser(tokenize(fs.readFileSync(path.join(MACHINERY, 'apis/meta/v1/Status.d.ts'), 'utf8')), 'Status');
  statusParser.seekDeclaration();
  for (const m of statusParser.members()) if (m.name === 'apiVersion' || m.name === 'kind') docs[m.name] = m.doc!;
  return docs;
}

export function parseFile(file: string, standardDocs: Record<string, string>): Parsed {
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
    const doc = isTypeMeta ? standardDocs[mem.name] : mem.doc;
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
