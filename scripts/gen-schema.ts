// Generates sandbox/apiserver/openapi/schemas.json: the OpenAPI schemas (names like io.k8s.api.core.v1.Pod) of every kind
// served (sandbox/apiserver/kinds/all.ts) and every type reachable from them. The API server serves them to kubectl (`explain`, the
// strategic-merge-patch metadata of `apply`) and checks unknown fields against them (fieldValidation=Strict).
//
// Source of truth is the devDependency kubernetes-models (generated from Kubernetes' own OpenAPI spec):
//   - its `.d.ts` files give structure, descriptions (JSDoc), optionality (required) and enums (string-literal unions):
//     schema/dts-parser.ts reads them, schema/definitions.ts turns each into a definition.
//   - its `_schemas/*.js` are compiled JSON-schema validators; schema/number-formats.ts *runs* them with probe values
//     to learn whether a number is an integer and its format (int32/int64), which the .d.ts cannot say.
//   - what neither carries (patch merge keys and strategies, list types, base64 maps; Quantity's description) is
//     schema/field-extras.ts, transcribed from the `patchStrategy`/`patchMergeKey`/`+listType` tags of Kubernetes' Go types.
// This file walks from the served kinds to every definition they reach and writes (or checks) the result.
//
// Run: npx tsx scripts/gen-schema.ts            (writes the file)
//      npx tsx scripts/gen-schema.ts --check    (fails when the committed file is stale)
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES } from '../sandbox/apiserver/kinds/registry';
import { definitionName, fileOfKind, MACHINERY, MODELS, parseFile, ROOT, typeMetaDocs, type Parsed } from './schema/definitions';
import { FIELD_EXTRAS } from './schema/field-extras';
import { probeNumbers } from './schema/number-formats';

const OUT = path.join(ROOT, 'sandbox/apiserver/openapi/schemas.json');

async function main(): Promise<void> {
  const standardDocs = typeMetaDocs();

  // Reviews are never listed: they have no List kind.
  // metrics.k8s.io has no models (metrics-server publishes no OpenAPI for it either).
  const roots = RESOURCES.filter((r) => !r.readOnly).flatMap((r) => [fileOfKind(r.group, r.version, r.kind), ...(r.review ? [] : [fileOfKind(r.group, r.version, `${r.kind}List`)])]);
  // The scale subresource's kind, and what the served paths name as request/response bodies besides our kinds.
  roots.push(fileOfKind('autoscaling', 'v1', 'Scale'));
  for (const t of ['Patch', 'Status', 'DeleteOptions']) roots.push(path.join(MACHINERY, 'apis/meta/v1', `${t}.d.ts`));
  const queue = [...roots];
  const parsed = new Map<string, Parsed>();
  while (queue.length) {
    const file = queue.shift()!;
    const name = definitionName(file);
    if (parsed.has(name)) continue;
    const p = parseFile(file, standardDocs);
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
