// REST handlers for every resource in the registry: collection (list/watch/create/deletecollection), item
// (get/update/patch/delete) and the subresources status, scale, binding, eviction, ephemeralcontainers, finalize, token
// and the pod streams (log/exec/attach/portforward, answered by whichever runtime the cluster has). Handlers are
// thin: all semantics live in ObjectApi (and ephemeral-containers.ts); this file only maps HTTP onto it.
import type { Request, Response } from 'express';
import { badRequest, methodNotSupported, pathNotFound, StatusError, unsupportedMediaType } from '../../api/errors';
import { keyPrefix, type Resource, type ResourceInfo } from '../../api/registry';
import type { DeleteOptions, WriteOptions } from '../../api/client';
import type { KubeList, KubeObject } from '../../api/types';
import type { Deployment, Pod, ReplicaSet, StatefulSet } from '../../api/objects';
import { findKind, kindOf } from '../kinds/registry';
import type { Clock } from '../../util/clock';
import type { ObjectApi } from '../object-api';
import { applyPatch } from '../patch';
import { scaleOf, updateScale } from '../scale';
import { ListPager } from '../list-pages';
import { readObject, readOptionalObject, readPatch } from './body';
import { queryBool, queryInt } from './query';
import { parseResourcePath } from './paths';
import { sendJson, sendJsonPieces, sendList, sendObject, wantsTable } from './respond';
import { serveWatch } from './watch-stream';
import { unsupportedProxy, type ProxyHandler } from './proxy';
import { answerReview } from '../reviews';
import { evictPod } from '../eviction';
import { readMetrics, type ResourceMetricsSource } from '../metrics';
import { serveConverted } from './converted';
import { patchEphemeralContainers, updateEphemeralContainers } from '../ephemeral-containers';
import type { ApiAccess } from '../auth/access';
import { callerOf } from './auth';
import { managerFromUserAgent } from '../apply/managed-fields';
import { refuseForce } from '../apply/field-manager';
import { APPLY_PATCH_TYPE } from './body';

/** Serves pods/log, pods/exec, pods/attach, pods/portforward for a runtime (or explains why it cannot). */
export type PodStreamHandler = (req: Request, res: Response, pod: Pod, subresource: string) => void | Promise<void>;

/** The kinds that serve /scale. */
type Scalable = Deployment | ReplicaSet | StatefulSet;

const podRes = findKind('Pod')!;

/** Custom resources take no strategic merge patch (they have no Go struct tags to merge by). */
const CUSTOM_PATCH_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

export interface RouteDeps {
  api: ObjectApi;
  clock: Clock;
  access: ApiAccess;
  podStreams: PodStreamHandler;
  /** What metrics.k8s.io reads (the cluster's metrics reader, once its node agents run). */
  metrics?: () => ResourceMetricsSource | undefined;
  /** services/proxy and pods/proxy: present only where pods really answer. */
  proxy?: ProxyHandler;
  /** The custom resources served now (the cluster's CRDs). */
  custom?: () => readonly ResourceInfo[];
}

function writeOptions(req: Request): WriteOptions {
  const q = req.query as Record<string, string | undefined>;
  const fv = q.fieldValidation;
  if (fv !== undefined && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`);
  }
  if (q.dryRun !== undefined && q.dryRun !== 'All') throw badRequest(`Invalid dry run value: ${q.dryRun}`);
  // Without ?fieldManager= an update is recorded under the User-Agent's first word (kube-apiserver's default).
  const fieldManager = q.fieldManager || managerFromUserAgent(req.headers['user-agent']);
  return { dryRun: q.dryRun === 'All', fieldValidation: (fv as WriteOptions['fieldValidation']) ?? 'Warn', fieldManager };
}

/** Server-side apply takes its manager only from ?fieldManager= (required) and may be forced (?force=true). */
function applyOptions(req: Request) {
  const q = req.query as Record<string, string | undefined>;
  return { ...writeOptions(req), fieldManager: q.fieldManager, force: queryBool(q, 'force') };
}

/** Server-side apply on a subresource (status, scale) is not served. */
function refuseSubresourceApply(type: string): void {
  if (type === 'apply') throw unsupportedMediaType(`${APPLY_PATCH_TYPE} (server-side apply of a subresource is not supported by kubelab)`);
}

function deleteOptions(req: Request, body: any): DeleteOptions {
  const q = req.query as Record<string, string | undefined>;
  const grace = body?.gracePeriodSeconds ?? (q.gracePeriodSeconds !== undefined ? Number(q.gracePeriodSeconds) : undefined);
  return {
    propagationPolicy: body?.propagationPolicy ?? q.propagationPolicy,
    gracePeriodSeconds: grace,
    preconditions: body?.preconditions,
    dryRun: q.dryRun === 'All' || (Array.isArray(body?.dryRun) && body.dryRun.includes('All')),
  };
}

export function resourceHandler(deps: RouteDeps) {
  const { api, clock } = deps;
  const pager = new ListPager(api, () => clock.now().getTime());
  return async (req: Request, res: Response): Promise<void> => {
    const path = parseResourcePath(req.path, deps.custom?.() ?? []);
    // A group/version nobody serves (a deleted CRD's) is kube-apiserver's plain-text 404, which kubectl reports as
    // `the server could not find the requested resource`.
    if (path === undefined) return void res.status(404).type('text/plain').send('404 page not found\n');
    // An unknown resource or subresource is a path nobody serves, never "<kind> not found".
    if (!path) throw pathNotFound(req.path);
    const { res: info, name, subresource } = path;
    const namespace = info.namespaced ? path.namespace : undefined;
    if (info.namespaced && !path.namespace && req.method !== 'GET') {
      throw badRequest('the namespace of the object must be set in the request path');
    }
    const q = req.query as Record<string, string | undefined>;
    const method = req.method;

    if (info.readOnly) {
      if (subresource || method !== 'GET' || queryBool(q, 'watch')) throw methodNotSupported(info.group, info.plural, queryBool(q, 'watch') ? 'watch' : method.toLowerCase());
      const read = readMetrics(deps.metrics?.(), info, namespace, name, q, clock.now());
      return name ? sendObject(req, res, info, read as KubeObject, clock) : sendList(req, res, info, read as KubeList, clock);
    }

    const conversion = kindOf(info).conversion;
    if (conversion) {
      return serveConverted(req, res, {
        api, clock, info, conversion, namespace, name, subresource,
        writeOptions: () => writeOptions(req),
        deleteOptions: (body) => deleteOptions(req, body),
      });
    }

    if (info.review) {
      if (name || subresource || method !== 'POST') throw methodNotSupported(info.group, info.plural, method.toLowerCase());
      return sendObject(req, res, info, answerReview(info, await readObject(req), callerOf(res), deps.access), clock, 201);
    }

    if (!name) {
      if (method === 'GET') {
        if (queryBool(q, 'watch')) return serveWatch(req, res, api, info, namespace, clock);
        const page = { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector, limit: queryInt(q, 'limit'), continue: q.continue, resourceVersion: q.resourceVersion };
        if (ListPager.wanted(page) && (page.continue || api.store.count(keyPrefix(info, namespace)) > page.limit!)) {
          return sendList(req, res, info, pager.list(info, namespace, page), clock);
        }
        if (!q.labelSelector && !q.fieldSelector && !wantsTable(req)) {
          sendJsonPieces(res, 200, api.listJson(info, namespace));
          return;
        }
        return sendList(req, res, info, api.list(info, namespace, { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector }), clock);
      }
      if (method === 'POST') {
        const opts = writeOptions(req);
        const created = api.create(info, namespace, await readObject(req), opts);
        return sendObject(req, res, info, created, clock, 201, opts.warnings);
      }
      if (method === 'DELETE') {
        const opts = deleteOptions(req, await readOptionalObject(req));
        const list = api.list(info, namespace, { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector });
        for (const item of list.items) api.delete(info, item.metadata.namespace, item.metadata.name!, opts);
        sendJson(res, 200, { ...list, items: list.items });
        return;
      }
      throw methodNotSupported(info.group, info.plural, method.toLowerCase());
    }

    if (!subresource) {
      switch (method) {
        case 'GET':
          return sendObject(req, res, info, api.get(info, namespace, name), clock);
        case 'PUT': {
          const opts = writeOptions(req);
          const updated = api.update(info, namespace, name, await readObject(req), opts);
          return sendObject(req, res, info, updated, clock, 200, opts.warnings);
        }
        case 'PATCH': {
          const { type, patch } = await readPatch(req);
          if (type === 'apply') {
            const opts = applyOptions(req);
            const applied = api.apply(info, namespace, name, patch, opts);
            return sendObject(req, res, info, applied, clock, 200, opts.warnings);
          }
          refuseForce(q.force);
          if (type === 'strategic' && deps.custom?.().includes(info)) throw new StatusError(415, 'UnsupportedMediaType', CUSTOM_PATCH_TYPES);
          const opts = writeOptions(req);
          const patched = api.patch(info, namespace, name, type, patch, opts);
          return sendObject(req, res, info, patched, clock, 200, opts.warnings);
        }
        case 'DELETE': {
          const opts = deleteOptions(req, await readOptionalObject(req));
          return sendObject(req, res, info, api.delete(info, namespace, name, opts), clock);
        }
      }
      throw methodNotSupported(info.group, info.plural, method.toLowerCase());
    }

    if (!info.subresources.includes(subresource)) throw pathNotFound(req.path);
    switch (subresource) {
      case 'status':
        if (method === 'GET') return sendObject(req, res, info, api.get(info, namespace, name), clock);
        if (method === 'PUT') return sendObject(req, res, info, api.updateStatus(info, namespace, name, await readObject(req), writeOptions(req)), clock);
        if (method === 'PATCH') {
          const { type, patch } = await readPatch(req);
          if (type === 'apply') return refuseSubresourceApply(type);
          return sendObject(req, res, info, api.patch(info, namespace, name, type, patch, { ...writeOptions(req), subresource: 'status' }), clock);
        }
        break;
      case 'scale': {
        // Only Deployments, ReplicaSets and StatefulSets have the scale subresource (checked above).
        const scalable = info as Resource<Scalable>;
        const obj = api.get(scalable, namespace, name);
        let wanted: KubeObject | undefined;
        if (method === 'GET') return sendJson(res, 200, scaleOf(obj));
        if (method === 'PUT') wanted = await readObject(req);
        if (method === 'PATCH') {
          const { type, patch } = await readPatch(req);
          if (type === 'apply') return refuseSubresourceApply(type);
          wanted = applyPatch(scaleOf(obj), patch, type, 'Scale');
        }
        if (!wanted) break;
        return sendJson(res, 200, updateScale(api, scalable, namespace, name, wanted, { ...writeOptions(req), fieldSubresource: 'scale' }));
      }
      case 'ephemeralcontainers':
        if (method === 'GET') return sendObject(req, res, info, api.get(info, namespace, name), clock);
        if (method === 'PUT') {
          const opts = writeOptions(req);
          const pod = updateEphemeralContainers(api, namespace!, name, await readObject(req), opts);
          return sendObject(req, res, info, pod, clock, 200, opts.warnings);
        }
        if (method === 'PATCH') {
          const opts = writeOptions(req);
          const { type, patch } = await readPatch(req);
          if (type === 'apply') return refuseSubresourceApply(type);
          return sendObject(req, res, info, patchEphemeralContainers(api, namespace!, name, type, patch, opts), clock, 200, opts.warnings);
        }
        break;
      case 'binding':
        if (method === 'POST') {
          const binding = await readObject(req);
          if (!binding?.target?.name) throw badRequest('binding target name is required');
          api.bind(namespace!, name, binding.target.name);
          return void res.status(201).json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
        }
        break;
      case 'eviction':
        if (method === 'POST') {
          const body = await readObject(req);
          return sendJson(res, 201, evictPod(api, namespace!, name, body, deleteOptions(req, body?.deleteOptions)));
        }
        break;
      case 'token':
        if (method === 'POST') {
          const request = await readObject(req);
          const issued = deps.access.tokens.request(namespace!, name, request?.spec ?? {});
          return sendJson(res, 201, {
            kind: 'TokenRequest',
            apiVersion: 'authentication.k8s.io/v1',
            metadata: { name, namespace, creationTimestamp: null },
            spec: issued.spec,
            status: { token: issued.token, expirationTimestamp: issued.expirationTimestamp },
          });
        }
        break;
      case 'finalize':
        if (method === 'PUT') {
          const body = await readObject(req);
          if (!(body?.spec?.finalizers?.length)) api.finalizeNamespace(name);
          const left = api.tryGet(info, undefined, name);
          return sendJson(res, 200, left ?? body);
        }
        break;
      case 'proxy':
        return (deps.proxy ?? unsupportedProxy)(req, res, info.kind as 'Service' | 'Pod', namespace!, name, path.proxyPath ?? '');
      case 'log':
      case 'exec':
      case 'attach':
      case 'portforward':
        // Only pods have these subresources (checked above).
        return deps.podStreams(req, res, api.get(podRes, namespace, name), subresource);
    }
    throw methodNotSupported(info.group, `${info.plural}/${subresource}`, method.toLowerCase());
  };
}

