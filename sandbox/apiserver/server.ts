// The API server of one cluster as an Express router: authentication, discovery, OpenAPI, health, every resource
// route, and the single Status error handler. A host mounts one router per cluster (at `/` standalone, or under a
// per-learner prefix in the web app), so one process can serve many clusters.
import express, { type Router } from 'express';
import { pathNotFound } from '../api/errors';
import type { Clock } from '../util/clock';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery';
import { authenticateRequests, authorizeRequests } from './http/auth';
import type { ApiAccess } from './auth/access';
import { statusErrorHandler } from './http/respond';
import { resourceHandler, type PodStreamHandler } from './http/routes';
import type { ObjectApi } from './object-api';
import type { ProxyHandler } from './http/proxy';
import { auditRequests, type AuditSink } from './http/audit';
import { openapiRouter } from './openapi';
import type { ResourceMetricsSource } from './metrics';
import type { CustomResourceTable } from './custom/served-resources';

export interface ApiServerDeps {
  api: ObjectApi;
  clock: Clock;
  /** Who is asking and what they may do: authentication, impersonation, RBAC. */
  access: ApiAccess;
  podStreams: PodStreamHandler;
  proxy?: ProxyHandler;
  log?: (msg: string) => void;
  /** Receives a record of every resource request once it is answered (the host decides what to keep). */
  audit?: AuditSink;
  /** What metrics.k8s.io serves (the cluster's metrics reader). */
  metrics?: () => ResourceMetricsSource | undefined;
  /** The resources the cluster's CustomResourceDefinitions add (none when absent). */
  custom?: CustomResourceTable;
}

export function createApiRouter(deps: ApiServerDeps): Router {
  const r = express.Router();
  const custom = () => deps.custom?.resources() ?? [];
  r.get(['/healthz', '/livez', '/readyz'], (_req, res) => void res.type('text/plain').send('ok'));
  r.use(authenticateRequests(deps.access));
  // Refusals of a known caller are on record too (a Forbidden `--as` is worth an instructor's look).
  if (deps.audit) r.use(auditRequests(deps.audit, () => deps.clock.now().getTime(), custom));
  r.use(authorizeRequests(deps.access));
  r.get('/version', (_req, res) => void res.json(SERVER_VERSION));
  r.get('/api', (req, res) => void res.json(apiVersions(req.headers.host ?? '127.0.0.1')));
  r.get('/apis', (_req, res) => void res.json(apiGroupList(custom())));
  r.get('/api/:version', (req, res, next) => {
    const list = apiResourceList('', String(req.params.version), custom());
    return list ? void res.json(list) : next();
  });
  r.get('/apis/:group', (req, res, next) => {
    const group = apiGroup(String(req.params.group), custom());
    return group ? void res.json(group) : next();
  });
  r.get('/apis/:group/:version', (req, res, next) => {
    const list = apiResourceList(String(req.params.group), String(req.params.version), custom());
    return list ? void res.json(list) : next();
  });
  r.use(openapiRouter(deps.custom));
  const handler = resourceHandler({ api: deps.api, clock: deps.clock, access: deps.access, podStreams: deps.podStreams, proxy: deps.proxy, metrics: deps.metrics, custom });
  r.all(/^\/apis?\//, (req, res) => handler(req, res));
  r.use((req, _res, next) => {
    next(pathNotFound(req.path));
  });
  r.use(statusErrorHandler(deps.log));
  return r;
}
