// Streams a watch to the client as newline-delimited JSON events over a chunked response. Headers are flushed at
// once (kubectl's `rollout status` and `delete --wait` hang otherwise); each event is a Table row when kubectl asked
// for Tables (`get -w`); a watch from compacted history gets an ERROR event carrying a 410 Expired Status.
import type { Request, Response } from 'express';
import type { ResourceInfo } from '../../api/registry';
import type { Disposable, KubeObject, WatchEvent } from '../../api/types';
import { isStatusError } from '../../api/errors';
import type { ObjectApi } from '../object-api';
import type { Clock } from '../../util/clock';
import { queryBool } from './query';
import { asTable, wantsTable } from './respond';

const BOOKMARK_EVERY_MS = 15_000;
const DEFAULT_TIMEOUT_S = 1800;

/** A resource served in another version than stored: watch `stored` and show each object through `convert`. */
export interface WatchConversion {
  stored: ResourceInfo;
  convert(obj: KubeObject): KubeObject;
}

export function serveWatch(req: Request, res: Response, api: ObjectApi, info: ResourceInfo, namespace: string | undefined, clock: Clock, conversion?: WatchConversion): void {
  const table = wantsTable(req);
  const q = req.query as Record<string, string | undefined>;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const send = (event: WatchEvent<unknown>) => res.write(`${JSON.stringify(event)}\n`);
  const encode = (stored: WatchEvent): WatchEvent<unknown> => {
    const ev = conversion ? { ...stored, object: conversion.convert(stored.object) } : stored;
    return table && ev.type !== 'ERROR' && ev.type !== 'BOOKMARK'
      ? { type: ev.type, object: asTable(req, info, [ev.object], ev.object.metadata.resourceVersion, clock) }
      : ev;
  };

  const disposables: Disposable[] = [];
  const close = () => {
    for (const d of disposables.splice(0)) d.dispose();
    if (!res.writableEnded) res.end();
  };
  res.on('close', close);

  try {
    disposables.push(
      api.watch(conversion?.stored ?? info, namespace, { resourceVersion: q.resourceVersion, labelSelector: q.labelSelector, fieldSelector: q.fieldSelector }, (ev) =>
        send(encode(ev)),
      ),
    );
  } catch (e) {
    if (isStatusError(e)) {
      send({ type: 'ERROR', object: e.status });
      close();
      return;
    }
    throw e;
  }

  if (queryBool(q, 'allowWatchBookmarks')) {
    const timer = setInterval(() => {
      const bookmark: KubeObject = {
        apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
        kind: info.kind,
        metadata: { resourceVersion: String(api.store.revision) },
      };
      send({ type: 'BOOKMARK', object: bookmark });
    }, BOOKMARK_EVERY_MS);
    disposables.push({ dispose: () => clearInterval(timer) });
  }
  const timeoutS = Number(q.timeoutSeconds ?? DEFAULT_TIMEOUT_S) || DEFAULT_TIMEOUT_S;
  const timer = setTimeout(close, timeoutS * 1000);
  disposables.push({ dispose: () => clearTimeout(timer) });
}
