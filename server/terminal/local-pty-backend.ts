// A shell on the server's own machine through a pty: bash (or sh) without profiles, HOME in the learner's folder,
// KUBECONFIG pointing at the learner's cluster, PATH with the real kubectl. It runs with the server's privileges,
// which is why it is offered only when the server listens on loopback (the learner is then the machine's owner).
import fs from 'node:fs';
import path from 'node:path';
import * as pty from 'node-pty';
import { writeLearnerKubeconfig } from '../clusters/kubeconfigs';
import type { ShellAvailability, ShellBackend, ShellSession, ShellUser } from './shell-backend';

export interface LocalPtyOptions {
  /** Whether the server listens only on loopback; otherwise the backend refuses to open shells. */
  loopback: boolean;
  /** The shell to run (default: bash if present, else sh). */
  shell?: string;
  /** Directories put first on PATH (default: the folder of the real kubectl). */
  pathDirs?: string[];
}

const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function onPath(name: string, dirs: string[]): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** The folder of the real kubectl binary (following the symlink on PATH), so versioned kubectls sit beside it. */
export function kubectlDir(envPath = process.env.PATH ?? ''): string | undefined {
  const found = onPath('kubectl', envPath.split(path.delimiter).filter(Boolean));
  return found ? path.dirname(fs.realpathSync(found)) : undefined;
}

export class LocalPtyBackend implements ShellBackend {
  readonly name = 'local-pty';
  private readonly shell: string;
  private readonly pathDirs: string[];

  constructor(private readonly opts: LocalPtyOptions) {
    this.shell = opts.shell ?? onPath('bash', SYSTEM_PATH) ?? '/bin/sh';
    const kdir = kubectlDir();
    this.pathDirs = [...new Set([...(opts.pathDirs ?? (kdir ? [kdir] : [])), ...SYSTEM_PATH])];
  }

  availability(): ShellAvailability {
    return this.opts.loopback ? { ok: true } : { ok: false, reason: 'not-loopback' };
  }

  async writeHomeFile(user: ShellUser, name: string, content: string): Promise<void> {
    if (path.basename(name) !== name) throw new Error(`not a plain file name: ${name}`);
    // Never through a symbolic link the shell left at that name.
    const fd = fs.openSync(path.join(user.home, name), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
    try {
      fs.writeFileSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
  }

  async open(user: ShellUser, cols: number, rows: number): Promise<ShellSession> {
    if (!this.opts.loopback) throw new Error('the local terminal is only offered when the server listens on loopback');
    const kubeconfig = writeLearnerKubeconfig(user);
    const isBash = path.basename(this.shell) === 'bash';
    const env: Record<string, string> = {
      HOME: user.home,
      USER: 'learner',
      PATH: this.pathDirs.join(path.delimiter),
      KUBECONFIG: kubeconfig,
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      LANG: 'C.UTF-8',
      HISTFILE: path.join(user.home, '.bash_history'),
      HISTSIZE: '5000',
      HISTFILESIZE: '5000',
      // Write each command to the history file at once, so history survives a dropped shell or a restart.
      PROMPT_COMMAND: 'history -a',
      PS1: isBash ? '\\[\\e[1;32m\\]learner\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]\\$ ' : 'learner$ ',
    };
    const proc = pty.spawn(this.shell, isBash ? ['--noprofile', '--norc', '-i'] : ['-i'], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: user.home,
      env,
    });
    return {
      write: (data) => proc.write(data),
      resize: (c, r) => {
        try {
          proc.resize(c, r);
        } catch {
          // the pty may have exited between the message and the resize
        }
      },
      onData: (l) => proc.onData(l),
      onExit: (l) => proc.onExit((e) => l(e.exitCode)),
      kill: () => {
        try {
          proc.kill();
        } catch {
          // already gone
        }
      },
    };
  }
}
