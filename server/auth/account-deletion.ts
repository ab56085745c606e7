// Deleting a learner's account and everything of theirs (a learner's own wish, or an instructor's): their sessions
// first (signed out everywhere), their shell, their cluster with every container, network and volume of it and of
// clusters a Reset replaced, the toolbox with its sandbox and home volume, their home folder, and last the account
// row, whose foreign keys take the progress, attempts, group memberships and cluster token with it.
import fs from 'node:fs';
import path from 'node:path';
import type { LearnerClusters } from '../clusters/learner-clusters';
import type { ShellBackend } from '../terminal/shell-backend';
import type { TerminalSessions } from '../terminal/terminal-sessions';
import type { SessionStore } from './sessions';
import type { UserStore } from './users';

export interface AccountDeletionDeps {
  users: UserStore;
  sessions: SessionStore;
  clusters: LearnerClusters;
  terminals?: TerminalSessions;
  backend?: ShellBackend;
  /** Folder holding each learner's home folder (<data>/homes). */
  homesDir: string;
}

export type AccountDeleter = (userId: string) => Promise<void>;

export function accountDeleter(deps: AccountDeletionDeps): AccountDeleter {
  return async (userId) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(userId)) throw new Error(`not a user id: ${userId}`);
    deps.sessions.deleteUser(userId);
    deps.terminals?.end(userId);
    await deps.clusters.remove(userId);
    await deps.backend?.removeUser?.(userId);
    fs.rmSync(path.join(deps.homesDir, userId), { recursive: true, force: true });
    deps.users.delete(userId);
  };
}
