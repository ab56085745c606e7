// The floor plan holds: every import between kubelab's parts goes down the layers docs/ARCHITECTURE.md draws, so
// no part reaches into a sibling's or a higher part's internals. A new import that climbs fails here with its file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** Lower numbers are lower floors; a part may import its own floor's files only when it is the same part. */
const LAYERS: Record<string, number> = {
  'sandbox/api': 0,
  'sandbox/lib': 1,
  'sandbox/util': 1,
  'sandbox/store': 2,
  'sandbox/docker': 2,
  'sandbox/runtime': 3,
  'sandbox/apiserver': 4,
  'sandbox/controller-runtime': 5,
  'sandbox/controllers': 6,
  'sandbox/scheduler': 6,
  'sandbox/images': 6,
  'sandbox/network': 7,
  'sandbox/kubelet': 8,
  'sandbox/docker-cluster': 9,
  sandbox: 10, // the composition roots: cluster.ts, host.ts, bootstrap.ts, cluster-command.ts
  grader: 11,
  web: 11,
  server: 12,
  bench: 13,
  scripts: 13,
  bin: 13,
};

function partOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'sandbox') return parts.length > 2 && LAYERS[`sandbox/${parts[1]}`] !== undefined ? `sandbox/${parts[1]}` : 'sandbox';
  return LAYERS[parts[0]] !== undefined ? parts[0] : undefined;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!)));
}

it('imports only go down the layers', () => {
  const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f && !f.startsWith('test/'));
  const climbs: string[] = [];
  for (const file of files) {
    const from = partOf(file);
    if (!from) continue;
    for (const target of imports(file)) {
      const to = partOf(target);
      if (!to || to === from) continue;
      // The browser's protocol types are shared with the server by `import type` (types, not code).
      if (target === 'web/protocol' && from === 'server') continue;
      if (LAYERS[to]! >= LAYERS[from]!) climbs.push(`${file} (${from}) imports ${target} (${to})`);
    }
  }
  expect(climbs).toEqual([]);
});
