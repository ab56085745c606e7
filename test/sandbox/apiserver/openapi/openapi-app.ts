// A tiny API server for the OpenAPI tests: discovery plus the OpenAPI router on loopback, recording every request,
// with room for a test's own object endpoints. Enough for real kubectl to explain, create and apply.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { openapiRouter } from '../../../../sandbox/apiserver/openapi';
import { SERVER_VERSION, apiGroupList, apiResourceList, apiVersions } from '../../../../sandbox/apiserver/discovery';

export interface RecordedRequest {
  method: string;
  url: string;
  accept?: string;
  contentType?: string;
}

export interface OpenapiApp {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startOpenapiApp(routes: (app: Express) => void = () => undefined): Promise<OpenapiApp> {
  const requests: RecordedRequest[] = [];
  const app = express();
  app.use((req, _res, next) => {
    requests.push({ method: req.method, url: req.originalUrl, accept: req.get('accept'), contentType: req.get('content-type') });
    next();
  });
  app.get('/version', (_req, res) => res.json(SERVER_VERSION));
  app.get('/api', (req, res) => res.json(apiVersions(req.get('host') ?? '')));
  app.get('/apis', (_req, res) => res.json(apiGroupList()));
  app.get('/api/v1', (_req, res) => res.json(apiResourceList('', 'v1')));
  app.get('/apis/:group/:version', (req, res) => {
    const list = apiResourceList(String(req.params.group), String(req.params.version));
    if (list) res.json(list);
    else res.status(404).json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  });
  app.use(openapiRouter());
  routes(app);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
