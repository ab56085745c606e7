// REST for a resource served in a version other than the one stored (autoscaling/v1 HorizontalPodAutoscalers over
// autoscaling/v2 storage), as kube-apiserver converts at its boundary: bodies are converted to the stored version
// before the object API sees them, answers and watch events back to the requested one. Patches apply to the object
// as the requested version shows it. The object API, controllers and grader only ever see the stored version.
import type { Request, Response } from 'express';
import { methodNotSupported, unsupportedMediaType } from '../../api/errors';
import { apiVersionOf, type ResourceInfo } from '../../api/registry';
import type { KubeList, KubeObject } from '../../api/types';
import type { Clock } from '../../util/clock';
import type { VersionConversion } from '../kinds/kind';
import type { ObjectApi } from '../object-api';
import { applyPatch } from '../patch';
import { readObject, readOptionalObject, readPatch } from './body';
import { queryBool } from './query';
import { sendList, sendObject } from './respond';
import { serveWatch } from './watch-stream';
import type { DeleteOptions, WriteOptions } from '../../api/client';

export interface ConvertedRequest {
  api: ObjectApi;
  clock: Clock;
  info: ResourceInfo;
  conversion: VersionConversion;
  namespace?: string;
  name?: string;
  subresource?: string;
  writeOptions(): WriteOptions;
  deleteOptions(body: unknown): DeleteOptions;
}

export async function serveConverted(req: Request, res: Response, r: ConvertedRequest): Promise<void> {
  const { api, clock, info, conversion, namespace, name, subresource } = r;
  const stored = conversion.stored();
  const show = (o: KubeObject) => conversion.fromStored(o);
  const store = (o: KubeObject, old?: KubeObject) => conversion.toStored({ ...o, apiVersion: `${info.group}/${info.version}` }, old);
  const q = req.query as Record<string, string | undefined>;
  const method = req.method;
  if (subresource && subresource !== 'status') throw methodNotSupported(info.group, `${info.plural}/${subresource}`, method.toLowerCase());
  if (!name) {
    if (method === 'GET' && queryBool(q, 'watch')) return serveWatch(req, res, api, info, namespace, clock, { stored, convert: show });
    if (method === 'GET') {
      const list = api.list(stored, namespace, { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector });
      const shown: KubeList = { ...list, apiVersion: `${info.group}/${info.version}`, items: list.items.map(show) };
      return sendList(req, res, info, shown, clock);
    }
    if (method === 'POST') {
      const opts = r.writeOptions();
      const created = api.create(stored, namespace, store(await readObject(req)), opts);
      return sendObject(req, res, info, show(created), clock, 201, opts.warnings);
    }
    throw methodNotSupported(info.group, info.plural, method.toLowerCase());
  }
  const old = api.get(stored, namespace, name);
  switch (method) {
    case 'GET':
      return sendObject(req, res, info, show(old), clock);
    case 'PUT':
    case 'PATCH': {
      const opts = r.writeOptions();
      let wanted: KubeObject;
      if (method === 'PUT') wanted = await readObject(req);
      else {
        const { type, patch } = await readPatch(req);
        // Server-side apply is served in the stored version only (kubectl applies HPAs as autoscaling/v2).
        if (type === 'apply') throw unsupportedMediaType(`application/apply-patch+yaml (server-side apply of ${info.kind} ${apiVersionOf(info)} is not supported by kubelab; apply the stored version)`);
        wanted = applyPatch(show(old), patch, type, info.kind) as KubeObject;
      }
      const next = store(wanted, old);
      const written = subresource === 'status' ? api.updateStatus(stored, namespace, name, next, opts) : api.update(stored, namespace, name, next, opts);
      return sendObject(req, res, info, show(written), clock, 200, opts.warnings);
    }
    case 'DELETE':
      if (subresource) break;
      return sendObject(req, res, info, show(api.delete(stored, namespace, name, r.deleteOptions(await readOptionalObject(req)))), clock);
  }
  throw methodNotSupported(info.group, info.plural, method.toLowerCase());
}
