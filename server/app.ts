// Composition root of the web app (`kubelab serve`): the app database, accounts and sessions, the lab catalogue,
// one cluster per learner under /clusters/<id>, terminals and cluster maps, all on one port (HTTP for browsers,
// HTTPS for kubectl). It only wires parts together; each behaviour lives in its module.
import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import { ClusterHost } from '../sandbox/host';
import type { DockerEngine } from '../sandbox/docker/engine';
import { chooseRuntime, type RuntimeWanted } from '../sandbox/runtime/choose';
import { sweepOrphanClusters } from '../sandbox/docker-cluster/recovery';
import { loadOrCreateServingCert, type ServingCert } from '../sandbox/tls';
import { statusErrorHandler } from '../sandbox/apiserver/http/respond';
import { openDatabase } from './db/database';
import { UserStore, normalizeEmail } from './auth/users';
import { SessionStore } from './auth/sessions';
import { RequestAuth, verifyCsrf } from './auth/request-auth';
import { PreSessionCsrf, serverSecret } from './auth/pre-session-csrf';
import { accountDeleter } from './auth/account-deletion';
import { LearnerClusters } from './clusters/learner-clusters';
import { LabCatalogue } from './lessons/catalogue';
import { MapFeeds } from './map/map-feeds';
import { TerminalSessions } from './terminal/terminal-sessions';
import { TerminalSocket, TERMINAL_PATH } from './terminal/terminal-socket';
import { LocalPtyBackend } from './terminal/local-pty-backend';
import { DockerToolboxBackend } from './terminal/docker-toolbox-backend';
import { proveToolboxReach } from './terminal/toolbox-reach';
import { hostAddressForContainers, type HostAddress } from '../sandbox/docker/host-address';
import { InClusterApi, loadOrCreateInClusterCert } from '../sandbox/in-cluster-api';
import type { ShellBackend, ShellUser } from './terminal/shell-backend';
import { DualListener, type ListenerTimeouts } from './http/dual-listener';
import { refuseUpgrade } from './http/upgrade';
import { credentialsInTheClear, refuseCredentialsInTheClear, refuseUpgradeInTheClear } from './http/plain-http-credentials';
import { securityHeaders } from './http/security-headers';
import { loopbackHostHeader, requireLoopbackHost } from './http/host-check';
import { assetsHandler, webAssets } from './assets/bundle';
import { authRoutes } from './routes/auth-routes';
import { lessonRoutes } from './routes/lesson-routes';
import { clusterRoutes } from './routes/cluster-routes';
import { instructorRoutes } from './routes/instructor-routes';
import { progressRoutes } from './routes/progress-routes';
import { accountRoutes } from './routes/account-routes';
import { describeRoutes } from './routes/describe-routes';
import { describeObject, findKubectl } from './map/describe';
import { graderKubeconfig } from '../grader/script-runner';
import { ProgressStore } from './progress/progress-store';
import { GroupStore } from './progress/groups';
import { StepChecker } from './progress/step-checker';
import { RequestLog } from './progress/request-log';
import { LabScopes } from './progress/lab-scope';
import { LabStarter } from './progress/lab-start';
import { writeLearnerKubeconfig } from './clusters/kubeconfigs';
import { AssignmentStore } from './progress/assignments';
import { RecordingStore } from './replay/recording-store';
import { TerminalRecorder } from './replay/terminal-recorder';
import { ClusterHistory } from './replay/cluster-history';
import { replayRoutes } from './routes/replay-routes';
import { ltiAdminRoutes, ltiLaunchRoutes } from './routes/lti-routes';
import { LtiStore } from './lti/lti-store';
import { LtiTool } from './lti/lti-tool';
import { GradePassback } from './lti/grade-passback';
import { langOf, refuse, type AppContext } from './context';
import { t } from './i18n';
import type { TerminalState } from './pages/lab-tools';
import { HttpError, notFound } from './http/http-error';

/** The engine learners' pods run on (the runtime chosen once for every learner), or undefined for simulated pods; says which. */
async function pickEngine(runtime: RuntimeWanted, log: (m: string) => void): Promise<DockerEngine | undefined> {
  const choice = await chooseRuntime(runtime);
  if (choice.name === 'sim') {
    log(`kubelab: learners' pods are simulated (${runtime === 'sim' ? '--runtime sim' : choice.why})`);
    return undefined;
  }
  log('kubelab: learners\' pods run as real containers (docker runtime)');
  await sweepOrphanClusters(choice.engine, log).catch((e) => log(`kubelab: sweeping old containers failed: ${e instanceof Error ? e.message : e}`));
  return choice.engine;
}

/** Where toolboxes reach the app (host.docker.internal); start-up stops here when there is no such address. */
async function toolboxHostAddress(engine: DockerEngine, log: (m: string) => void): Promise<HostAddress> {
  const found = await hostAddressForContainers(engine);
  if (!found) {
    throw new Error(
      'kubelab: cannot tell where containers reach this host (the engine\'s bridge network has no gateway, and this host has no address in its subnet), so learners\' terminals could not reach their clusters. Is the Docker engine on this machine? Use --runtime sim to run without it.',
    );
  }
  log(`kubelab: toolboxes reach the app at ${found.address} (${found.source})`);
  return found;
}

/**
 * The listener learners' pods reach their own cluster's API server on (sandbox/in-cluster-api.ts), at the address
 * containers reach this host; none when there is no such address (pods then cannot call the API, the log says so).
 */
async function startInClusterApi(engine: DockerEngine, tlsDir: string, host: ClusterHost, touch: (id: string) => void, log: (m: string) => void): Promise<InClusterApi | undefined> {
  const found = await hostAddressForContainers(engine);
  if (!found) {
    log('kubelab: pods cannot call their cluster\'s API server: no address where containers reach this host');
    return undefined;
  }
  try {
    return await InClusterApi.start({
      address: found.address,
      tls: await loadOrCreateInClusterCert(tlsDir),
      clusterFor: (ip) => {
        const owner = host.byAddress(ip);
        if (owner) touch(owner.id);
        return owner?.cluster;
      },
      log,
    });
  } catch (e) {
    log(`kubelab: pods cannot call their cluster's API server: listening on ${found.address} failed: ${e instanceof Error ? e.message : e}`);
    return undefined;
  }
}

export interface KubelabServerOptions {
  /** Folder for the app database, learner clusters, homes and the serving certificate. */
  dataDir: string;
  labsDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A single local user signed in automatically (loopback only). */
  guest?: boolean;
  /** Suspend a learner's cluster after this long unused (default 30 minutes; 0 never). */
  idleMs?: number;
  /** Keep a shell with no browser attached this long (default 15 minutes). */
  shellLingerMs?: number;
  /** How long a Check waits for a failing criterion to settle (default 5 s; tests shorten it). */
  checkSettleMs?: number;
  /** E-mails that are instructors (besides the first account). */
  instructors?: string[];
  /** Where shells run; default a local pty (loopback only); null: no terminal. */
  shellBackend?: ShellBackend | null;
  /** Worker nodes per learner cluster (default 2). */
  workers?: number;
  /** Where learners' pods run: real containers (`docker`), simulated (`sim`), or docker when an engine answers (`auto`, default). */
  runtime?: 'auto' | 'docker' | 'sim';
  /**
   * Proxies whose X-Forwarded-For/-Proto to believe (Express's `trust proxy`: addresses, CIDRs or `loopback`), when
   * a TLS-terminating proxy stands in front: then cookies are Secure and attempts are counted per real client.
   */
  trustProxy?: string;
  /** Days terminal recordings and cluster history are kept (default 30; 0 records nothing). */
  recordingDays?: number;
  /** Deadlines for slow clients (tests shorten them; see http/dual-listener.ts). */
  listenerTimeouts?: Partial<ListenerTimeouts>;
  log?: (msg: string) => void;
}

export interface KubelabServer {
  url: string;
  port: number;
  host: string;
  ctx: AppContext;
  close(): Promise<void>;
}

export const DEFAULT_LABS_DIR = path.resolve(__dirname, '..', 'labs');

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function terminalStateOf(backend: ShellBackend | undefined, refused: boolean): TerminalState {
  if (!backend) return refused ? 'no-host-shell' : 'unavailable';
  const a = backend.availability();
  return a.ok ? 'available' : a.reason === 'not-loopback' ? 'not-loopback' : 'unavailable';
}

export async function startKubelabServer(opts: KubelabServerOptions): Promise<KubelabServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  if (opts.guest && !loopback) throw new Error('--guest is only allowed when serving on loopback (--host 127.0.0.1)');
  const log = opts.log ?? ((m: string) => console.log(m));
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const tls: ServingCert = await loadOrCreateServingCert(path.join(opts.dataDir, 'tls'));
  const db = openDatabase(path.join(opts.dataDir, 'kubelab.db'));
  const users = new UserStore(db, (opts.instructors ?? []).map(normalizeEmail));
  const sessions = new SessionStore(db);
  sessions.deleteExpired();
  const auth = new RequestAuth(users, sessions, { guest: opts.guest, preSession: new PreSessionCsrf(serverSecret(db, 'pre-session-csrf')) });
  const clusterHost = new ClusterHost();
  const engine = await pickEngine(opts.runtime ?? 'auto', log);
  const inClusterApi = engine ? await startInClusterApi(engine, path.join(opts.dataDir, 'tls'), clusterHost, (id) => clusters.touch(id), log) : undefined;
  const requestLog = new RequestLog(db);
  const clusters = new LearnerClusters({
    db,
    host: clusterHost,
    dir: path.join(opts.dataDir, 'clusters'),
    idleMs: opts.idleMs ?? 30 * 60_000,
    clusterOptions: {
      workers: opts.workers ?? 2,
      log: (m) => log(`cluster: ${m}`),
      // Pods call their cluster's API through the `kubernetes` Service, which leads to the in-cluster listener.
      caCert: inClusterApi?.caCert ?? tls.cert,
      ...(inClusterApi ? { apiServerForPods: () => inClusterApi.endpoint() } : {}),
    },
    ...(engine ? { docker: { engine } } : {}),
    audit: (id) => requestLog.sinkFor(id),
  });
  const scopes = new LabScopes(db, requestLog);
  // Replay: every shell's output as asciicast v2, every learner cluster's changes with their moments.
  const recordingDays = opts.recordingDays ?? 30;
  const recordings = new RecordingStore(db, { retentionDays: recordingDays });
  const history = new ClusterHistory(db, { retentionDays: recordingDays, log });
  if (recordingDays > 0) {
    clusters.onLifecycle((id, event) => {
      if (event === 'reset') history.markReset(id);
      else if (event === 'started') {
        const store = clusters.running(id)?.store;
        if (store) history.follow(id, store);
      } else history.stopFollowing(id);
    });
  }
  const pruneReplays = () => {
    try {
      recordings.prune();
      history.prune();
    } catch (e) {
      log(`pruning recordings failed: ${e instanceof Error ? e.message : e}`);
    }
  };
  pruneReplays();
  const pruneTimer = setInterval(pruneReplays, 3600_000);
  pruneTimer.unref();
  // A Reset empties the cluster: it belongs to no lab until one is opened.
  clusters.onLifecycle((id, event) => event === 'reset' && scopes.clear(id));
  clusters.startIdleSweep();
  const feeds = new MapFeeds(clusters);
  const toolboxAddress = engine && opts.shellBackend === undefined ? await toolboxHostAddress(engine, log) : undefined;
  // A learner's shell runs in a toolbox container on their own cluster network. A shell on this machine (a local
  // pty, as the server's own user, which could read every learner's data) is for --guest alone: one local user who
  // owns the machine. Several users and no engine: no terminal at all, and the lesson page says why.
  const hostShellRefused = opts.shellBackend === undefined && !engine && !(opts.guest && loopback);
  const backend =
    opts.shellBackend === null || hostShellRefused
      ? undefined
      : (opts.shellBackend ??
        (engine && toolboxAddress ? new DockerToolboxBackend({ engine, cluster: (id) => clusters.ensure(id), hostAddress: toolboxAddress.address, log }) : new LocalPtyBackend({ loopback })));
  if (hostShellRefused) log('kubelab: learners get no terminal: there is no Docker engine, and a shell on this machine is only for --guest');
  const recorder = recordingDays > 0 ? new TerminalRecorder(recordings, { log }) : undefined;
  const terminals = backend
    ? new TerminalSessions(backend, { lingerMs: opts.shellLingerMs, onActivity: (id) => clusters.touch(id), record: recorder && ((id, cols, rows) => recorder.start(id, cols, rows)) })
    : undefined;
  const progress = new ProgressStore(db);
  const ltiStore = new LtiStore(db);
  const ltiTool = new LtiTool(ltiStore, db);
  let port = 0;
  /** Where the learner's shell, kubeconfig and grader scripts live, and how they reach the cluster from this machine. */
  const shellUser = (userId: string): ShellUser => {
    const home = path.join(opts.dataDir, 'homes', userId);
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    clusters.ensure(userId);
    const apiHost = isWildcard(host) ? '127.0.0.1' : host;
    return { id: userId, home, cluster: { id: userId, token: clusters.token(userId), caCert: tls.cert, host: apiHost, port } };
  };
  const learnerKubeconfig = (id: string) => {
    const user = shellUser(id);
    return { file: writeLearnerKubeconfig(user), home: user.home };
  };
  const ctx: AppContext = {
    auth,
    catalogue: new LabCatalogue(opts.labsDir ?? DEFAULT_LABS_DIR, log),
    clusters,
    feeds,
    progress,
    groups: new GroupStore(db),
    assignments: new AssignmentStore(db),
    recordings,
    history,
    lti: { store: ltiStore, tool: ltiTool, passback: new GradePassback(ltiTool, ltiStore, { log }) },
    checker: new StepChecker({
      progress,
      cluster: (id) => clusters.ensure(id),
      kubeconfig: learnerKubeconfig,
      settleMs: opts.checkSettleMs,
      requests: requestLog,
    }),
    deleteAccount: accountDeleter({ users, sessions, clusters, terminals, backend, homesDir: path.join(opts.dataDir, 'homes') }),
    requests: requestLog,
    scopes,
    labStarter: new LabStarter({ reset: (id) => clusters.reset(id), kubeconfig: learnerKubeconfig, scopes, progress }),
    terminals,
    terminalState: terminalStateOf(backend, hostShellRefused),
    describe: (id, target) =>
      describeObject({ kubectl: findKubectl(), kubeconfig: (u) => graderKubeconfig(learnerKubeconfig(u).file), api: (u) => clusters.ensure(u).api }, id, target),
    homeFiles: backend?.writeHomeFile ? { write: (id, name, content) => backend.writeHomeFile!(shellUser(id), name, content) } : undefined,
    guestMode: !!opts.guest,
    caCert: tls.cert,
    log,
  };

  const terminalSocket = new TerminalSocket({ auth, sessions: terminals, shellUser, log });

  // Bundle the browser code now, so the first page is quick and a broken bundle shows in the log at start.
  webAssets().catch((e) => log(`bundling web/ failed: ${e instanceof Error ? e.message : e}`));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ? opts.trustProxy.split(',').map((a) => a.trim()).filter(Boolean) : false);
  // kubectl's API: token-checked by each cluster, resumed on demand; no sessions, CSRF or body parsing of ours.
  app.use('/clusters', refuseCredentialsInTheClear(), clusters.resumeOnRequest(), clusterHost.handler(), statusErrorHandler(log));
  app.use(securityHeaders());
  if (loopback) app.use(requireLoopbackHost());
  app.use('/assets', assetsHandler());
  app.use(auth.middleware());
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(express.json({ limit: '64kb' }));
  // LTI launches are cross-site form posts by design: mounted before the CSRF check (see lti-routes.ts).
  app.use(ltiLaunchRoutes(ctx));
  app.use(
    verifyCsrf((req, res) => {
      const lang = langOf(req);
      res.status(403).type(req.accepts(['html', 'json']) === 'json' ? 'json' : 'text').send(req.accepts(['html', 'json']) === 'json' ? { error: 'bad CSRF token' } : t(lang, 'csrfFailed'));
    }),
  );
  app.use(authRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(clusterRoutes(ctx));
  app.use(describeRoutes(ctx));
  app.use(instructorRoutes(ctx));
  app.use(replayRoutes(ctx));
  app.use(ltiAdminRoutes(ctx));
  app.use(progressRoutes(ctx));
  app.use(lessonRoutes(ctx));
  app.use(() => {
    throw notFound();
  });
  // The one place a refusal or a failure becomes an answer.
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof HttpError && !res.headersSent) return refuse(req, res, err.status, ctx.guestMode);
    log(`error on ${req.method} ${req.originalUrl}: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
    if (res.headersSent) return res.end();
    const status = Number((err as { status?: number }).status) || 500;
    res.status(status >= 400 && status < 600 ? status : 500).type('text').send(status < 500 ? 'Bad request' : 'Internal error');
  };
  app.use(onError);

  const listener = new DualListener(app, tls, (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    // kubectl exec/attach/port-forward: the cluster checks its own token, as for its other requests.
    if (pathname.startsWith('/clusters/')) {
      if (credentialsInTheClear(req)) return refuseUpgradeInTheClear(socket);
      const id = /^\/clusters\/([a-z0-9][a-z0-9-]*)\//.exec(pathname)?.[1];
      if (id && clusters.knows(id, req.headers.authorization)) clusters.ensure(id);
      clusterHost.upgrade(req, socket, head);
    } else if (loopback && !loopbackHostHeader(req)) refuseUpgrade(socket, 421, 'only loopback host names are served');
    else if (pathname === TERMINAL_PATH) terminalSocket.handleUpgrade(req, socket, head);
    else refuseUpgrade(socket, 404, 'no WebSocket here');
  }, opts.listenerTimeouts);
  const shutdown = async () => {
    clearInterval(pruneTimer);
    await ctx.lti.passback.settled();
    terminalSocket.dispose();
    terminals?.dispose();
    history.dispose();
    feeds.dispose();
    await listener.close();
    await inClusterApi?.close();
    await clusters.settled();
    clusters.dispose();
    db.close();
  };
  port = await listener.listen(opts.port ?? 3000, host);
  if (engine && toolboxAddress) {
    // Toolboxes reach the learner's cluster at host.docker.internal; prove it now rather than in a learner's terminal.
    const { address } = toolboxAddress;
    try {
      if (address !== host && !isWildcard(host)) await listener.listenAlso(port, address);
      await proveToolboxReach(engine, address, port);
    } catch (e) {
      await shutdown();
      throw new Error(`kubelab: learners' terminals cannot reach the app: ${(e as Error).message}. Check the host's firewall for traffic from Docker's bridges, or use --runtime sim.`, { cause: e });
    }
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    ctx,
    close: shutdown,
  };
}
