// Entry point for `application/vnd.kubernetes.protobuf` request bodies, which kubectl 1.32+ sends for every object it
// builds itself (`kubectl create <kind>`, `autoscale`, `create token`, `auth can-i`, `debug node/…`, the DeleteOptions
// of `drain --disable-eviction`; measured in docs/PROTOBUF.md). A body is the magic "k8s\0" followed by a
// runtime.Unknown {1: TypeMeta{1 apiVersion, 2 kind}, 2: raw object, 3: contentEncoding, 4: contentType}; the raw
// object is decoded by the tables in ./types into the JSON object the same request would carry as JSON.
import { badRequest, unsupportedMediaType } from '../../api/errors';
import { decodeMessage } from './decode';
import { ANY_VERSION_KINDS } from './types';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

/** runtime.Unknown, the envelope around every protobuf object. */
const UNKNOWN_TABLE = 'Unknown';

interface Envelope {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: string;
  contentEncoding?: string;
  contentType?: string;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` request body into the JSON object the same request would carry as
 * JSON; `rootOf` names the message table of a kind's body. Throws a 415 naming the kind when it is not one kubectl was measured sending as protobuf, and a 400 for a
 * body that is not a well-formed protobuf object.
 */
export function decodeProtobufObject(body: Buffer, rootOf: (apiVersion: string, kind: string) => string | undefined): any {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest(`the protobuf body does not start with the "k8s\\0" prefix of ${PROTOBUF_CONTENT_TYPE}`);
  }
  const envelope = decodeMessage(body.subarray(MAGIC.length), UNKNOWN_TABLE) as Envelope;
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (!kind) throw badRequest('the protobuf body names no kind (runtime.Unknown.typeMeta.kind is empty)');
  if (envelope.contentEncoding) {
    throw unsupportedMediaType(`${PROTOBUF_CONTENT_TYPE} with contentEncoding "${envelope.contentEncoding}", which kubelab cannot decode`);
  }
  const table = rootOf(apiVersion, kind) ?? ANY_VERSION_KINDS[kind];
  if (!table) {
    throw unsupportedMediaType(
      `${PROTOBUF_CONTENT_TYPE} carrying ${kind} (${apiVersion || 'no apiVersion'}), a kind kubelab cannot decode from protobuf; send it as JSON, e.g. kubectl create -f`,
    );
  }
  const object = decodeMessage(Buffer.from(envelope.raw ?? '', 'base64'), table);
  return { apiVersion, kind, ...object };
}
