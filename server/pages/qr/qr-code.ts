// A QR code encoder (ISO/IEC 18004) for the join links an instructor projects in the classroom: byte mode, error
// correction level M (15 % of the symbol may be smudged or covered), versions 1–10 (up to 213 bytes, ample for
// https://host/join/CODE). Written here rather than taken as a dependency: it is ~200 lines of well-specified maths
// (Reed–Solomon over GF(256), the fixed patterns, the zigzag placement and the eight masks).

/** Level M block structure per version: EC codewords per block, then [blocks, data codewords] groups. */
const BLOCKS_M: Record<number, { ec: number; groups: [number, number][] }> = {
  1: { ec: 10, groups: [[1, 16]] },
  2: { ec: 16, groups: [[1, 28]] },
  3: { ec: 26, groups: [[1, 44]] },
  4: { ec: 18, groups: [[2, 32]] },
  5: { ec: 24, groups: [[2, 43]] },
  6: { ec: 16, groups: [[4, 27]] },
  7: { ec: 18, groups: [[4, 31]] },
  8: { ec: 22, groups: [[2, 38], [2, 39]] },
  9: { ec: 22, groups: [[3, 36], [2, 37]] },
  10: { ec: 26, groups: [[4, 43], [1, 44]] },
};
const ALIGNMENT: Record<number, number[]> = {
  1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42], 9: [6, 26, 46], 10: [6, 28, 50],
};
const REMAINDER_BITS: Record<number, number> = { 1: 0, 2: 7, 3: 7, 4: 7, 5: 7, 6: 7, 7: 0, 8: 0, 9: 0, 10: 0 };

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a] + LOG[b]] : 0);

/** Reed–Solomon error correction codewords for one block. */
export function reedSolomon(data: number[], ecCount: number): number[] {
  let gen = [1];
  for (let i = 0; i < ecCount; i++) {
    const next = new Array(gen.length + 1).fill(0);
    gen.forEach((g, j) => {
      next[j] ^= g;
      next[j + 1] ^= mul(g, EXP[i]);
    });
    gen = next;
  }
  const rem = new Array(ecCount).fill(0);
  for (const d of data) {
    const factor = d ^ rem.shift()!;
    rem.push(0);
    for (let j = 0; j < ecCount; j++) rem[j] ^= mul(gen[j + 1], factor);
  }
  return rem;
}

function dataCodewords(version: number): number {
  return BLOCKS_M[version].groups.reduce((n, [b, d]) => n + b * d, 0);
}

function encodeData(bytes: Uint8Array, version: number): number[] {
  const capacity = dataCodewords(version);
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0; out.length < capacity; pad++) out.push(pad % 2 ? 0x11 : 0xec);
  return out;
}

/** Splits into blocks, adds each block's EC codewords, and interleaves them as the symbol stores them. */
function interleave(data: number[], version: number): number[] {
  const { ec, groups } = BLOCKS_M[version];
  const blocks: number[][] = [];
  let at = 0;
  for (const [count, size] of groups) {
    for (let i = 0; i < count; i++) {
      blocks.push(data.slice(at, at + size));
      at += size;
    }
  }
  const ecs = blocks.map((b) => reedSolomon(b, ec));
  const out: number[] = [];
  const longest = Math.max(...blocks.map((b) => b.length));
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.length) out.push(b[i]);
  for (let i = 0; i < ec; i++) for (const e of ecs) out.push(e[i]);
  return out;
}

/** BCH remainder of `value` (shifted by the generator's degree) by `generator`. */
function bch(value: number, generator: number): number {
  const degree = Math.floor(Math.log2(generator));
  let v = value << degree;
  while (v && Math.floor(Math.log2(v)) >= degree) v ^= generator << (Math.floor(Math.log2(v)) - degree);
  return v;
}

type Grid = (0 | 1)[][];

class Symbol {
  readonly size: number;
  readonly dark: Grid;
  readonly fixed: boolean[][];

  constructor(readonly version: number) {
    this.size = 17 + 4 * version;
    this.dark = Array.from({ length: this.size }, () => new Array(this.size).fill(0));
    this.fixed = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
  }

  set(r: number, c: number, on: boolean): void {
    this.dark[r][c] = on ? 1 : 0;
    this.fixed[r][c] = true;
  }

  drawFunctionPatterns(): void {
    const n = this.size;
    for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
      for (let r = -1; r <= 7; r++) {
        for (let c = -1; c <= 7; c++) {
          const rr = r0 + r;
          const cc = c0 + c;
          if (rr < 0 || cc < 0 || rr >= n || cc >= n) continue;
          const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
          this.set(rr, cc, ring !== 2 && ring !== 4); // 3×3 core, white ring, dark ring, white separator
        }
      }
    }
    for (let i = 8; i < n - 8; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    const pos = ALIGNMENT[this.version];
    for (const r of pos) {
      for (const c of pos) {
        if ((r === 6 && c === 6) || (r === 6 && c === pos[pos.length - 1]) || (r === pos[pos.length - 1] && c === 6)) continue;
        for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) this.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }
    }
    this.set(n - 8, 8, true); // the dark module
    // Reserve the format areas (written per mask later) and the version areas.
    for (let i = 0; i < 9; i++) {
      if (!this.fixed[8][i]) this.set(8, i, false);
      if (!this.fixed[i][8]) this.set(i, 8, false);
    }
    for (let i = 0; i < 8; i++) {
      this.set(8, n - 1 - i, false);
      if (!this.fixed[n - 1 - i][8]) this.set(n - 1 - i, 8, false);
    }
    if (this.version >= 7) {
      const bits = (this.version << 12) | bch(this.version, 0x1f25);
      for (let i = 0; i < 18; i++) {
        const on = ((bits >>> i) & 1) === 1;
        const a = Math.floor(i / 3);
        const b = (i % 3) + n - 11;
        this.set(a, b, on);
        this.set(b, a, on);
      }
    }
  }

  placeData(codewords: number[]): void {
    const n = this.size;
    const bits: number[] = [];
    for (const cw of codewords) for (let i = 7; i >= 0; i--) bits.push((cw >>> i) & 1);
    for (let i = 0; i < REMAINDER_BITS[this.version]; i++) bits.push(0);
    let k = 0;
    let upward = true;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // the vertical timing pattern's column is skipped
      for (let i = 0; i < n; i++) {
        const r = upward ? n - 1 - i : i;
        for (const c of [right, right - 1]) {
          if (this.fixed[r][c]) continue;
          this.dark[r][c] = (bits[k++] ?? 0) as 0 | 1;
        }
      }
      upward = !upward;
    }
  }

  /** The symbol with data mask `m` applied and its format information written. */
  masked(m: number): Grid {
    const n = this.size;
    const g = this.dark.map((row) => [...row]);
    const cond = MASKS[m];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (!this.fixed[r][c] && cond(r, c)) g[r][c] ^= 1;
    const data = (0b00 << 3) | m; // level M is 00
    const format = ((data << 10) | bch(data, 0x537)) ^ 0x5412;
    const bit = (i: number) => ((format >>> i) & 1) as 0 | 1;
    for (let i = 0; i <= 5; i++) g[i][8] = bit(i);
    g[7][8] = bit(6);
    g[8][8] = bit(7);
    g[8][7] = bit(8);
    for (let i = 9; i < 15; i++) g[8][14 - i] = bit(i);
    for (let i = 0; i < 8; i++) g[8][n - 1 - i] = bit(i);
    for (let i = 8; i < 15; i++) g[n - 15 + i][8] = bit(i);
    g[n - 8][8] = 1;
    return g;
  }
}

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** The standard's penalty score: runs, 2×2 blocks, finder-like patterns and the dark/light balance. */
function penalty(g: Grid): number {
  const n = g.length;
  let score = 0;
  const lines = [...g, ...g[0].map((_, c) => g.map((row) => row[c]))];
  for (const line of lines) {
    let run = 1;
    for (let i = 1; i <= n; i++) {
      if (i < n && line[i] === line[i - 1]) run++;
      else {
        if (run >= 5) score += run - 2;
        run = 1;
      }
    }
    const s = line.join('');
    for (const p of ['10111010000', '00001011101']) for (let i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 1)) score += 40;
  }
  for (let r = 0; r < n - 1; r++) for (let c = 0; c < n - 1; c++) if (g[r][c] === g[r][c + 1] && g[r][c] === g[r + 1][c] && g[r][c] === g[r + 1][c + 1]) score += 3;
  const dark = g.reduce((a, row) => a + row.reduce<number>((x, y) => x + y, 0), 0);
  score += Math.floor(Math.abs((dark * 100) / (n * n) - 50) / 5) * 10;
  return score;
}

/** The QR code of `text` (UTF-8) as rows of dark (1) and light (0) modules, without the quiet zone. */
export function qrMatrix(text: string): Grid {
  const bytes = new TextEncoder().encode(text);
  const version = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].find((v) => dataCodewords(v) >= bytes.length + (v < 10 ? 2 : 3));
  if (!version) throw new Error(`too long for a QR code here (${bytes.length} bytes; at most 213)`);
  const symbol = new Symbol(version);
  symbol.drawFunctionPatterns();
  symbol.placeData(interleave(encodeData(bytes, version), version));
  let best: Grid | undefined;
  let bestScore = Infinity;
  for (let m = 0; m < 8; m++) {
    const g = symbol.masked(m);
    const s = penalty(g);
    if (s < bestScore) [best, bestScore] = [g, s];
  }
  return best!;
}

/** The QR code as an SVG image (with the 4-module quiet zone), dark on white, crisp at any size. */
export function qrSvg(text: string, title: string): string {
  const g = qrMatrix(text);
  const n = g.length + 8;
  let path = '';
  g.forEach((row, r) => row.forEach((on, c) => on && (path += `M${c + 4} ${r + 4}h1v1h-1z`)));
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title><rect width="${n}" height="${n}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
