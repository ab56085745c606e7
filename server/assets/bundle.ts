// The browser code (web/*.ts, xterm and its CSS) bundled by esbuild into memory on first use and served from there:
// no build step before `npm start`, no CDN at run time. One bundle per process, shared by every app instance.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const WEB_DIR = path.resolve(__dirname, '..', '..', 'web');
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

let building: Promise<Map<string, Asset>> | undefined;

async function build(): Promise<Map<string, Asset>> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    // main.ts imports styles.css, so esbuild writes main.js and main.css (with their sourcemaps).
    entryPoints: { main: path.join(WEB_DIR, 'main.ts') },
    bundle: true,
    write: false,
    outdir: '/assets',
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
    loader: { '.woff2': 'dataurl', '.svg': 'dataurl' },
  });
  const assets = new Map<string, Asset>();
  for (const f of result.outputFiles) {
    const name = path.basename(f.path);
    const body = Buffer.from(f.contents);
    assets.set(name, { body, contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream', etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
  }
  return assets;
}

export function webAssets(): Promise<Map<string, Asset>> {
  building ??= build().catch((e) => {
    building = undefined;
    throw e;
  });
  return building;
}

/** Serves /assets/<name> from the in-memory bundle (with ETags; the names do not change, so revalidate). */
export function assetsHandler(): RequestHandler {
  return (req, res, next) => {
    const name = req.path.replace(/^\//, '');
    webAssets().then((assets) => {
      const asset = assets.get(name);
      if (!asset) return next();
      res.setHeader('Content-Type', asset.contentType);
      res.setHeader('ETag', asset.etag);
      res.setHeader('Cache-Control', 'no-cache');
      if (req.headers['if-none-match'] === asset.etag) {
        res.status(304).end();
        return;
      }
      res.end(asset.body);
    }, next);
  };
}
