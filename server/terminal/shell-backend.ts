// Where a learner's shell runs, behind one interface: today a local pty on the server's machine (loopback only),
// later a per-learner toolbox container. The terminal sessions and the WebSocket never know which.
import type { Disposable } from '../../sandbox/api/types';

export interface ShellUser {
  id: string;
  /** The learner's home directory on the server (kept across reconnects and restarts). */
  home: string;
  /** How the learner's cluster is reached from the server's own loopback. */
  cluster: {
    id: string;
    token: string;
    /** PEM the kubeconfig must trust. */
    caCert: string;
    /** The loopback address the web app listens on (127.0.0.1, ::1 or localhost). */
    host: string;
    /** The web app's port, which also serves /clusters/<id> over HTTPS. */
    port: number;
  };
}

export interface ShellSession {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  onData(listener: (data: string) => void): Disposable;
  onExit(listener: (code: number) => void): Disposable;
  kill(): void;
}

export type ShellAvailability = { ok: true } | { ok: false; reason: 'not-loopback' | 'unavailable'; detail?: string };

export interface ShellBackend {
  readonly name: string;
  availability(): ShellAvailability;
  open(user: ShellUser, cols: number, rows: number): Promise<ShellSession>;
  /**
   * Writes a file into the learner's home as the learner (a lesson's "save as file"): `name` is a plain file name,
   * already checked. Backends without it offer no such button.
   */
  writeHomeFile?(user: ShellUser, name: string, content: string): Promise<void>;
  /** Removes whatever the backend keeps for a learner outside their home folder (containers, volumes); account deletion. */
  removeUser?(userId: string): Promise<void>;
}
