// Extracts what the course must cover from the five seed documents: every `kubectl` (and `docker`) command they
// show and every Kubernetes manifest in their code blocks. Clones of the repository have no ../shared/seeds, so the
// result is committed as test/fixtures/seed-commands.json; the coverage test reads that file, and a second test
// re-extracts from the seeds (when present) to prove the committed list is current.
//
// Regenerate: node bin/run-ts.js test/labs/extract-seed-commands.ts [/work/shared/seeds] > test/fixtures/seed-commands.json
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const DEFAULT_SEEDS_DIR = '/work/shared/seeds';

export interface SeedCommand {
  /** Seed number, e.g. "001" (the file name's prefix). */
  seed: string;
  line: number;
  /** The command as the seed writes it, without a trailing `# comment` and with spaces collapsed. */
  command: string;
}

export interface SeedManifest {
  seed: string;
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  /** The parsed object (comments dropped): what a lab's YAML must equal. */
  manifest: Record<string, unknown>;
}

export interface SeedExtract {
  seeds: string[];
  kubectl: SeedCommand[];
  docker: SeedCommand[];
  manifests: SeedManifest[];
}

/** `kubectl`/`docker` followed by a lowercase subcommand; prose such as "Kubectl 클라이언트" or "kubectl로부터" is not a command. */
const COMMAND = /(?:^|[\s`(>])((?:sudo\s+)?(kubectl|docker)\s+[a-z][^`\n]*)/g;

export function cleanCommand(raw: string): string {
  return raw
    .replace(/\s+#.*$/, '') // a shell comment after the command
    .replace(/\s*\([^)]*[^\x00-\x7f][^)]*\).*$/, '') // a remark in Korean: "(여기까지가 …)"
    .replace(/\s*\)\s*$/, '') // the end of a parenthesis the command sits in: "( = docker run )"
    .replace(/\*+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function seedId(file: string): string {
  return path.basename(file).split('_')[0];
}

interface Block {
  lang: string;
  startLine: number;
  text: string;
}

/** Fenced code blocks (``` … ```), also indented ones as list items hold them; the language tag may be a typo (`bas`). */
export function codeBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```\s*([\w-]*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(Math.min(indent, lines[j].search(/\S|$/))));
    out.push({ lang: open[2].toLowerCase(), startLine: i + 2, text: body.join('\n') });
    i = j;
  }
  return out;
}

/** Every YAML document in the text that is a Kubernetes object (apiVersion + kind). */
export function manifestsIn(yamlText: string): Record<string, unknown>[] {
  try {
    return YAML.parseAllDocuments(yamlText)
      .filter((d) => !d.errors.length)
      .map((d) => d.toJS())
      .filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && 'apiVersion' in o && 'kind' in o);
  } catch {
    return [];
  }
}

export function extractFromSeed(seed: string, text: string): Omit<SeedExtract, 'seeds'> {
  const kubectl: SeedCommand[] = [];
  const docker: SeedCommand[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(COMMAND)) {
      const command = cleanCommand(m[1]);
      (m[2] === 'kubectl' ? kubectl : docker).push({ seed, line: i + 1, command });
    }
  });
  const manifests: SeedManifest[] = [];
  for (const block of codeBlocks(text)) {
    for (const manifest of manifestsIn(block.text)) {
      const metadata = (manifest.metadata ?? {}) as { name?: string };
      manifests.push({
        seed,
        line: block.startLine,
        apiVersion: String(manifest.apiVersion),
        kind: String(manifest.kind),
        name: String(metadata.name ?? ''),
        manifest,
      });
    }
  }
  return { kubectl, docker, manifests };
}

export function extractSeedCommands(seedsDir: string = DEFAULT_SEEDS_DIR): SeedExtract {
  const files = fs
    .readdirSync(seedsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const out: SeedExtract = { seeds: [], kubectl: [], docker: [], manifests: [] };
  for (const f of files) {
    const seed = seedId(f);
    const found = extractFromSeed(seed, fs.readFileSync(path.join(seedsDir, f), 'utf8'));
    out.seeds.push(seed);
    out.kubectl.push(...found.kubectl);
    out.docker.push(...found.docker);
    out.manifests.push(...found.manifests);
  }
  return out;
}

export function formatExtract(extract: SeedExtract): string {
  return `${JSON.stringify(extract, null, 2)}\n`;
}

// Run as a script through bin/run-ts.js (which requires this file, so require.main is run-ts itself).
if (require.main === module || /run-ts\.js$/.test(process.argv[1] ?? '')) {
  process.stdout.write(formatExtract(extractSeedCommands(process.argv[2] ?? DEFAULT_SEEDS_DIR)));
}
