// The tar writer used for build contexts and putArchive: the archives must be what tar readers expect.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstFileOf, tarBuffer } from '../../../sandbox/docker/tar';

describe('tar', () => {
  it('writes files, directories and symlinks that the system tar extracts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-tar-'));
    const host = path.join(dir, 'host.bin');
    fs.writeFileSync(host, Buffer.alloc(1000, 7));
    const archive = await tarBuffer([
      { type: 'dir', name: 'etc' },
      { type: 'file', name: 'etc/hello.txt', content: 'hello\n' },
      { type: 'file', name: 'bin/tool', hostPath: host, mode: 0o755 },
      { type: 'symlink', name: 'bin/alias', target: 'tool' },
      { type: 'file', name: `${'d'.repeat(90)}/${'f'.repeat(60)}`, content: 'long' },
    ]);
    expect(archive.length % 512).toBe(0);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(dir, 'a.tar'), archive);
    execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', out]);
    expect(fs.readFileSync(path.join(out, 'etc/hello.txt'), 'utf8')).toBe('hello\n');
    expect(fs.readFileSync(path.join(out, 'bin/tool'))).toEqual(Buffer.alloc(1000, 7));
    expect(fs.statSync(path.join(out, 'bin/tool')).mode & 0o777).toBe(0o755);
    expect(fs.readlinkSync(path.join(out, 'bin/alias'))).toBe('tool');
    expect(fs.readFileSync(path.join(out, `${'d'.repeat(90)}/${'f'.repeat(60)}`), 'utf8')).toBe('long');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('produces identical archives for identical inputs (so image layers are reused)', async () => {
    const a = await tarBuffer([{ type: 'file', name: 'x', content: 'same' }]);
    const b = await tarBuffer([{ type: 'file', name: 'x', content: 'same' }]);
    expect(a.equals(b)).toBe(true);
  });

  it('reads back the first file of an archive', async () => {
    const archive = await tarBuffer([{ type: 'dir', name: 'run' }, { type: 'file', name: 'run/applied', content: '42\n' }]);
    expect((await firstFileOf(archive))?.toString()).toBe('42\n');
    expect(await firstFileOf(Buffer.alloc(1024))).toBeUndefined();
  });

  it('refuses names that no ustar header can hold', async () => {
    await expect(tarBuffer([{ type: 'file', name: 'x'.repeat(300), content: '' }])).rejects.toThrow(/too long/);
  });

  it('keeps owners and modes as given (volume files for fsGroup)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-tar-'));
    fs.writeFileSync(path.join(dir, 'a.tar'), await tarBuffer([{ type: 'file', name: 'data/key', content: 'v', mode: 0o640, uid: 0, gid: 2000 }]));
    const listing = execFileSync('tar', ['-tvnf', path.join(dir, 'a.tar')], { encoding: 'utf8' });
    expect(listing).toMatch(/^-rw-r----- 0\/2000 .* data\/key$/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
