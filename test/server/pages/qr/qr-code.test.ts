// The join link's QR code must scan: each code is drawn as a picture and read back by zbar (Debian's zbar-tools,
// an independent decoder), across the versions a join link can need, including the ones with version blocks (7+).
// Without zbarimg the test skips unless KUBELAB_REQUIRE names `qr`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { qrMatrix, qrSvg, reedSolomon } from '../../../../server/pages/qr/qr-code';
import { requireOrSkip } from '../../../helpers/kubectl-bin';

const zbar = requireOrSkip('qr', fs.existsSync('/usr/bin/zbarimg'));

/** The matrix as a PGM picture (6 px per module, 4-module quiet zone). */
function picture(text: string): string {
  const g = qrMatrix(text);
  const scale = 6;
  const px = (g.length + 8) * scale;
  const buf = Buffer.alloc(px * px, 255);
  g.forEach((row, r) => row.forEach((on, c) => {
    if (on) for (let y = 0; y < scale; y++) buf.fill(0, ((r + 4) * scale + y) * px + (c + 4) * scale, ((r + 4) * scale + y) * px + (c + 5) * scale);
  }));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-')), 'code.pgm');
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`P5 ${px} ${px} 255\n`), buf]));
  return file;
}

(zbar ? it : it.skip).each([
  'http://127.0.0.1:3000/join/ABC234',
  'https://kubelab.example.org/join/K7M2QX',
  `https://classroom.example.ac.kr/join/QWERTY?반=월요일-${'x'.repeat(60)}`,
  `https://kubelab.example.org/${'y'.repeat(180)}`,
])('encodes %s so that a scanner reads it back', (text) => {
  const version = (qrMatrix(text).length - 17) / 4;
  const read = execFileSync('zbarimg', ['-q', '--raw', picture(text)], { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').trim();
  expect([version, read]).toEqual([version, text]);
});

it('computes Reed-Solomon codewords as the standard\'s worked example (version 1-M, "01234567")', () => {
  // ISO/IEC 18004 Annex I: data codewords of "01234567" in numeric mode, level M.
  const data = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11];
  expect(reedSolomon(data, 10)).toEqual([0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
});

it('draws an SVG whose title is escaped and refuses text too long for a join link code', () => {
  expect(qrSvg('x', '<b>"월요일"</b>')).toContain('<title>&#60;b&#62;&#34;월요일&#34;&#60;/b&#62;</title>');
  expect(() => qrMatrix('z'.repeat(300))).toThrow(/too long/);
});
