// A small reader for instructor-written YAML mappings: each accessor validates one field and records a clear error
// with the field's path (turned into file:line by the lab checker) instead of throwing, so one pass reports every
// mistake in a check. Unknown keys are errors too: a typo like `selecter` must not silently grade nothing.
import { type ResourceInfo } from '../../sandbox/api/registry';
import { resolveName } from '../../sandbox/apiserver/kinds/registry';
import { compileJsonPath, JsonPathError } from '../jsonpath';
import { parseLabelSelectorString, SelectorSyntaxError } from '../label-selector';
import type { Range, Text } from './types';

export type FieldPath = (string | number)[];

export interface SchemaError {
  path: FieldPath;
  message: string;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export class FieldReader {
  private readonly used = new Set<string>();

  constructor(
    readonly obj: Record<string, unknown>,
    readonly path: FieldPath,
    readonly errors: SchemaError[],
  ) {}

  error(key: string | undefined, message: string): void {
    this.errors.push({ path: key === undefined ? this.path : [...this.path, key], message });
  }

  has(key: string): boolean {
    this.used.add(key);
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  private raw(key: string, required: boolean, what: string): unknown {
    this.used.add(key);
    const v = this.obj[key];
    if ((v === undefined || v === null) && required) this.error(key, `${key} is required (${what})`);
    return v ?? undefined;
  }

  string(key: string, required: true, what?: string): string;
  string(key: string, required?: boolean, what?: string): string | undefined;
  string(key: string, required = false, what = 'a string'): string | undefined {
    const v = this.raw(key, required, what);
    if (v === undefined) return undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string' || v === '') {
      this.error(key, `${key} must be ${what}`);
      return undefined;
    }
    return v;
  }

  number(key: string, opts: { required?: boolean; integer?: boolean; min?: number } = {}): number | undefined {
    const v = this.raw(key, !!opts.required, 'a number');
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
      this.error(key, `${key} must be ${opts.integer ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}`);
      return undefined;
    }
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.raw(key, false, 'true or false');
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.error(key, `${key} must be true or false`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.raw(key, required, `one of ${allowed.join(', ')}`);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) {
      this.error(key, `${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
      return undefined;
    }
    return v as T;
  }

  /** `{ko, en}` (both required); a plain string is accepted only when `lenient` (titles). */
  text(key: string, opts: { required?: boolean; lenient?: boolean } = {}): Text | undefined {
    const v = this.raw(key, !!opts.required, 'a mapping with ko and en');
    if (v === undefined) return undefined;
    if (typeof v === 'string' && opts.lenient) return { ko: v, en: v };
    if (!isMapping(v)) {
      this.error(key, `${key} must be a mapping with both languages: { ko: ..., en: ... }`);
      return undefined;
    }
    for (const lang of ['ko', 'en'] as const) {
      if (typeof v[lang] !== 'string' || !(v[lang] as string).trim()) this.error(key, `${key}.${lang} is missing: write the ${lang === 'ko' ? 'Korean' : 'English'} text too`);
    }
    for (const k of Object.keys(v)) if (k !== 'ko' && k !== 'en') this.error(key, `${key}.${k}: only ko and en are allowed`);
    return typeof v.ko === 'string' && typeof v.en === 'string' ? { ko: v.ko, en: v.en } : undefined;
  }

  resource(key = 'resource', allowedKinds?: string[]): string | undefined {
    const v = this.string(key, true, 'a resource name such as pods or deployments');
    if (v === undefined) return undefined;
    const info = resolveName(v);
    if (!info) {
      this.error(key, `${key}: unknown resource "${v}" (use names kubectl knows: pods, deployments, services, ...)`);
      return undefined;
    }
    if (allowedKinds && !allowedKinds.includes(info.kind)) {
      this.error(key, `${key}: this check reads ${allowedKinds.join(' or ')}, not ${info.kind}`);
      return undefined;
    }
    return v;
  }

  regex(key: string, required = false): string | undefined {
    const v = this.string(key, required, 'a regular expression');
    if (v === undefined) return undefined;
    try {
      new RegExp(v);
    } catch (e) {
      this.error(key, `${key}: ${(e as Error).message}`);
      return undefined;
    }
    return v;
  }

  jsonPath(key: string): string | undefined {
    const v = this.string(key, true, 'a kubectl JSONPath such as {.spec.replicas}');
    if (v === undefined) return undefined;
    try {
      compileJsonPath(v);
    } catch (e) {
      if (e instanceof JsonPathError) this.error(key, e.message);
      else throw e;
      return undefined;
    }
    return v;
  }

  labelSelector(key: string, required = false): string | undefined {
    const v = this.string(key, required, 'a label selector such as app=echo');
    if (v === undefined) return undefined;
    try {
      parseLabelSelectorString(v);
    } catch (e) {
      if (e instanceof SelectorSyntaxError) this.error(key, e.message);
      else throw e;
      return undefined;
    }
    return v;
  }

  /** `3` (exactly) or `{min, max}`. */
  range(key: string, required = false): Range | undefined {
    const v = this.raw(key, required, 'a number or { min, max }');
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return { min: v, max: v };
    if (isMapping(v)) {
      const r = new FieldReader(v, [...this.path, key], this.errors);
      const min = r.number('min');
      const max = r.number('max');
      r.finish();
      if (min === undefined && max === undefined) this.error(key, `${key} needs min and/or max`);
      else if (min !== undefined && max !== undefined && min > max) this.error(key, `${key}: min ${min} is greater than max ${max}`);
      return { min, max };
    }
    this.error(key, `${key} must be a number or { min, max }`);
    return undefined;
  }

  stringList(key: string, required = false): string[] | undefined {
    const v = this.raw(key, required, 'a list of strings');
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.length || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) {
      this.error(key, `${key} must be a non-empty list of strings`);
      return undefined;
    }
    return v.map(String);
  }

  stringMap(key: string): Record<string, string> | undefined {
    const v = this.raw(key, false, 'a mapping of strings');
    if (v === undefined) return undefined;
    if (!isMapping(v) || Object.values(v).some((x) => typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')) {
      this.error(key, `${key} must be a mapping of strings`);
      return undefined;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  }

  portRef(key: string): number | string | undefined {
    const v = this.raw(key, false, 'a port number or name');
    if (v === undefined) return undefined;
    if ((typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536) || (typeof v === 'string' && v)) return v;
    this.error(key, `${key} must be a port number (1-65535) or a port name`);
    return undefined;
  }

  /** Marks keys read elsewhere (the common fields) as known. */
  accept(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Reports keys nobody read: almost always typos. */
  finish(): void {
    for (const k of Object.keys(this.obj)) if (!this.used.has(k)) this.error(k, `unknown field "${k}"`);
  }
}

/** The registry entry for a check's resource name (validated at load time, so a miss here is a bug). */
export function resourceInfo(name: string): ResourceInfo {
  const info = resolveName(name);
  if (!info) throw new Error(`unknown resource "${name}"`);
  return info;
}
