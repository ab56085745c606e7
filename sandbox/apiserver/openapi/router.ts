// HTTP endpoints for the OpenAPI documents: /openapi/v2, /openapi/v3 and /openapi/v3/<api/v1|apis/<g>/<v>>.
//
// v2 is deliberately empty. kubectl insists on fetching it (with the default --validate=strict, `apply` fails with
// "failed to download openapi" on a 404) but an empty document is the best answer we can give: every v2 consumer in
// kubectl (client-side validation when the server cannot validate, 1.27/1.28 patch computation) then falls back to the
// types compiled into kubectl, which is exactly right for built-in kinds. Everything kubectl learns about our schemas —
// `explain`, patch merge keys, "the server validates fields" — it learns from v3.
import express, { type Request, type Response, type Router } from 'express';
import { SERVER_VERSION } from '../discovery';
import { documentPath, groupVersionDocument, v3Root, type ServedDocument } from './v3-document';
import { customDocument } from './v3-custom';
import type { CustomResourceTable } from '../custom/served-resources';

/** What kubectl asks for and accepts; note `.v1.0`, not the `@v1.0` of the Accept header. */
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** protobuf `OpenAPIv2.Document{swagger: "2.0"}` */
const V2_PROTOBUF_BODY = Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30]);

/** `custom`: the cluster's CRD kinds, whose group/versions get documents of their own (built on each request). */
export function openapiRouter(custom?: CustomResourceTable): Router {
  const router = express.Router();

  router.get('/openapi/v2', (req, res) => {
    const accept = req.get('accept') ?? '';
    if (accept.includes('protobuf')) {
      res.status(200).type(V2_PROTOBUF).send(V2_PROTOBUF_BODY);
      return;
    }
    res.status(200).json({ swagger: '2.0', info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion }, paths: {}, definitions: {} });
  });

  const documentOf = (group: string, version: string): ServedDocument | undefined =>
    groupVersionDocument(group, version) ?? (custom ? customDocument(custom, group, version) : undefined);

  router.get('/openapi/v3', (_req, res) => {
    const root = v3Root();
    for (const r of custom?.resources() ?? []) {
      const at = documentPath(r.group, r.version);
      if (root.paths[at]) continue;
      root.paths[at] = { serverRelativeURL: `/openapi/v3/${at}?hash=${documentOf(r.group, r.version)!.hash}` };
    }
    res.set('Cache-Control', 'no-cache, private').json(root);
  });
  router.get('/openapi/v3/api/:version', (req, res) => serveDocument(req, res, '', String(req.params.version), documentOf));
  router.get('/openapi/v3/apis/:group/:version', (req, res) =>
    serveDocument(req, res, String(req.params.group), String(req.params.version), documentOf),
  );
  return router;
}

function serveDocument(
  req: Request, res: Response, group: string, version: string, documentOf: (group: string, version: string) => ServedDocument | undefined,
): void {
  const doc = documentOf(group, version);
  if (!doc) {
    res.status(404).type('text/plain').send('404 page not found\n');
    return;
  }
  const asked = typeof req.query.hash === 'string' ? req.query.hash : undefined;
  // Like kube-apiserver: an outdated hash is redirected to the current document, a current one may be cached forever.
  if (asked !== undefined && asked !== doc.hash) {
    res.redirect(301, `/openapi/v3/${documentPath(group, version)}?hash=${doc.hash}`);
    return;
  }
  res.set('ETag', `"${doc.hash}"`);
  res.set('Cache-Control', asked ? 'public, immutable' : 'no-cache, private');
  if (req.get('if-none-match') === `"${doc.hash}"`) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(doc.body);
}
