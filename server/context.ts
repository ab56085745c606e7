// What the routes share: the parts the composition root (app.ts) builds once, plus small request helpers for the
// page language and for answering "sign in first" / "not yours" the same way everywhere.
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Lang } from '../grader/checks/types';
import type { RequestAuth } from './auth/request-auth';
import { visitorOf } from './auth/request-auth';
import type { LearnerClusters } from './clusters/learner-clusters';
import type { LabCatalogue } from './lessons/catalogue';
import type { MapFeeds } from './map/map-feeds';
import type { TerminalState } from './pages/lab-tools';
import type { TerminalSessions } from './terminal/terminal-sessions';
import type { GroupStore } from './progress/groups';
import type { ProgressStore } from './progress/progress-store';
import type { StepChecker } from './progress/step-checker';
import type { AccountDeleter } from './auth/account-deletion';
import type { RequestLog } from './progress/request-log';
import type { LabScopes } from './progress/lab-scope';
import type { LabStarter } from './progress/lab-start';
import type { AssignmentStore } from './progress/assignments';
import type { RecordingStore } from './replay/recording-store';
import type { ClusterHistory } from './replay/cluster-history';
import type { LtiStore } from './lti/lti-store';
import type { LtiTool } from './lti/lti-tool';
import type { GradePassback } from './lti/grade-passback';
import { cookiesOf } from './http/cookies';
import type { DescribeTarget } from './map/describe';
import { LANG_COOKIE, isLang, preferredLang, t } from './i18n';
import { messagePage } from './pages/layout';

export interface AppContext {
  auth: RequestAuth;
  catalogue: LabCatalogue;
  clusters: LearnerClusters;
  feeds: MapFeeds;
  progress: ProgressStore;
  groups: GroupStore;
  checker: StepChecker;
  /** Deletes an account and everything of it (cluster, containers, volumes, home, progress). */
  deleteAccount: AccountDeleter;
  /** Learners' requests as their clusters' API servers recorded them. */
  requests: RequestLog;
  /** Which lab each learner's cluster serves. */
  scopes: LabScopes;
  /** Restart a lab, or jump to a step, on a fresh cluster. */
  labStarter: LabStarter;
  /** Labs assigned to groups, with due dates. */
  assignments: AssignmentStore;
  /** Learners' terminal sessions as asciicast v2 recordings. */
  recordings: RecordingStore;
  /** Learners' clusters through time (the instructor's scrubber). */
  history: ClusterHistory;
  /** LTI 1.3: registered platforms, launches, and grades sent back to them. */
  lti: { store: LtiStore; tool: LtiTool; passback: GradePassback };
  terminals?: TerminalSessions;
  terminalState: TerminalState;
  /** Writes a file into a learner's home, where their shell sees it; absent when the shell backend cannot. */
  homeFiles?: { write(userId: string, name: string, content: string): Promise<void> };
  /** `kubectl describe` of one object of a learner's cluster (the map's side panel). */
  describe?: (userId: string, target: DescribeTarget) => Promise<string>;
  guestMode: boolean;
  /** PEM of the certificate the /clusters API is served with (trusted by kubeconfigs). */
  caCert: string;
  log: (msg: string) => void;
}

/** The page language: the path's (a route's :lang, or the first segment of a path no route knows), else the remembered or preferred one. */
export function langOf(req: Request): Lang {
  const fromPath = req.params?.lang ?? /^\/(ko|en)(?:\/|$)/.exec(req.path ?? '')?.[1];
  if (isLang(fromPath)) return fromPath;
  return preferredLang(cookiesOf(req)[LANG_COOKIE], req.get('accept-language'));
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.originalUrl.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

/** Signed-in users only: pages redirect to sign-in (and back), APIs answer 401. */
export const requireUser: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (visitorOf(req).user) return next();
  if (wantsJson(req) || req.method !== 'GET') {
    res.status(401).json({ error: 'sign in first' });
    return;
  }
  res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
};

export function refuse(req: Request, res: Response, status: 403 | 404, guestMode = false): void {
  if (wantsJson(req)) {
    res.status(status).json({ error: status === 403 ? 'forbidden' : 'not found' });
    return;
  }
  const lang = langOf(req);
  const key = status === 403 ? 'forbidden' : 'notFound';
  res.status(status).type('html').send(messagePage({ lang, title: t(lang, key), message: t(lang, key), visitor: visitorOf(req), path: req.path, guestMode }));
}
