// Request bodies: read whole (with the API server's 3 MiB limit), then decoded by Content-Type — JSON, YAML,
// the protobuf kubectl 1.32+ sends for some creates, or one of the three patch formats. Text bodies nested deeper
// than a Kubernetes object ever is are refused before parsing (body-depth.ts).
import type { Request } from 'express';
import YAML from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType } from '../../api/errors';
import type { PatchType } from '../../api/client';
import { decodeProtobufObject } from '../protobuf';
import { protobufRootOf } from '../kinds/registry';
import { patchTypeFromContentType } from '../patch';
import { depthMessage, jsonTooDeep, yamlTooDeep } from './body-depth';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (e) => !failed && reject(e));
  });
}

function mediaType(req: Request): string {
  return String(req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Decodes an object body (create/update). */
export async function readObject(req: Request): Promise<any> {
  const body = await readBody(req);
  const type = mediaType(req);
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body, protobufRootOf);
  if (type === 'application/yaml' || type === 'application/x-yaml') {
    const text = body.toString('utf8');
    if (yamlTooDeep(text)) throw badRequest(`the body of the request could not be decoded as YAML: ${depthMessage()}`);
    try {
      return YAML.parse(text);
    } catch (e) {
      throw badRequest(`the body of the request could not be decoded as YAML: ${(e as Error).message}`);
    }
  }
  if (type === 'application/json' || type === '*/*' || type === '') return parseJson(body);
  throw unsupportedMediaType(type);
}

function parseJson(body: Buffer): any {
  if (!body.length) throw badRequest('the body of the request was empty');
  const text = body.toString('utf8');
  if (jsonTooDeep(text)) throw badRequest(`the body of the request could not be decoded as JSON: ${depthMessage()}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(e as Error).message}`);
  }
}

/** The media type of server-side apply: the body is a whole object, in YAML or JSON. */
export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** Decodes a patch body and tells which patch format it is in ('apply' for server-side apply). */
export async function readPatch(req: Request): Promise<{ type: PatchType | 'apply'; patch: unknown }> {
  const contentType = String(req.headers['content-type'] ?? '');
  const type = patchTypeFromContentType(contentType);
  const body = await readBody(req);
  if (contentType.split(';')[0] === APPLY_PATCH_TYPE) return { type: 'apply', patch: parseApplyYaml(body) };
  if (!type) throw unsupportedMediaType(mediaType(req));
  return { type, patch: parseJson(body) };
}

function parseApplyYaml(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (yamlTooDeep(text)) throw badRequest(`error decoding YAML: ${depthMessage()}`);
  try {
    return YAML.parse(text);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

/** Decodes an optional DeleteOptions body. */
export async function readOptionalObject(req: Request): Promise<any | undefined> {
  const body = await readBody(req);
  if (!body.length) return undefined;
  if (mediaType(req) === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body, protobufRootOf);
  return parseJson(body);
}
