// Small helpers every benchmark shares: percentiles, timing a repeated async step, and printing a results table.
import { performance } from 'node:perf_hooks';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export async function timeEach(n: number, step: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await step(i);
    out.push(performance.now() - t);
  }
  return out;
}

export interface Row {
  metric: string;
  value: string;
  target: string;
  met: boolean | undefined;
}

export function row(metric: string, value: number, unit: string, target?: { max: number; text: string }): Row {
  return {
    metric,
    value: `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`,
    target: target?.text ?? '',
    met: target ? value <= target.max : undefined,
  };
}

export function printTable(title: string, rows: Row[]): string {
  const header = ['metric', 'result', 'target', 'met'];
  const cells = rows.map((r) => [r.metric, r.value, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  const text = [`### ${title}`, '', line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line), ''].join('\n');
  console.log(text);
  return text;
}
