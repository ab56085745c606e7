// Whether a number in a definition is an integer, and its format (int32, int64, double): the `.d.ts` files cannot
// say, so rather than parse kubernetes-models' compiled JSON-schema validators (`_schemas/*.js`) we run them with
// 1.5 in each number slot and read what they complain about.
import fs from 'node:fs';
import path from 'node:path';
import { MACHINERY, MODELS, type Parsed } from './definitions';

/** Runs kubernetes-models' compiled validator for `name` with 1.5 in each number slot to learn integer-ness and format. */
export async function probeNumbers(p: Parsed): Promise<void> {
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
