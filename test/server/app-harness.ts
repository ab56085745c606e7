// Starts the real web app on 127.0.0.1:0 with a temporary data folder and the fixture labs (simulated pods unless
// a test asks for the docker runtime), and a small cookie-
// keeping HTTP client that behaves like a browser's forms (CSRF token from the page, redirects not followed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKubelabServer, type KubelabServer, type KubelabServerOptions } from '../../server/app';
import { LocalPtyBackend } from '../../server/terminal/local-pty-backend';

export const FIXTURE_LABS = path.join(__dirname, 'fixtures', 'labs');

export interface Harness {
  server: KubelabServer;
  url: string;
  dataDir: string;
  logs: string[];
  client(): WebClient;
  /** Stops the server, keeping the data folder. */
  stop(): Promise<void>;
  /** Starts a new server on the same data folder (a restart). */
  restart(extra?: Partial<KubelabServerOptions>): Promise<Harness>;
  /** Stops the server and deletes the data folder. */
  close(): Promise<void>;
}

/**
 * Without Docker the real app gives several users no terminal at all (test/server/terminal/host-shell.test.ts).
 * Tests of the pages and the terminal socket are about neither, so under sim they get a local pty as the learners'
 * shell unless they say otherwise (`shellBackend`, even `undefined` for the app's own choice).
 */
function testShell(extra: Partial<KubelabServerOptions>): Partial<KubelabServerOptions> {
  return 'shellBackend' in extra || extra.runtime === 'docker' ? {} : { shellBackend: new LocalPtyBackend({ loopback: true }) };
}

export async function startApp(extra: Partial<KubelabServerOptions> = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubelab-app-'));
  const logs: string[] = [];
  const server = await startKubelabServer({
    dataDir: dir, labsDir: FIXTURE_LABS, port: 0, host: '127.0.0.1', workers: 1, runtime: 'sim', log: (m) => logs.push(m), ...testShell(extra), ...extra,
  });
  let stopped = false;
  const h: Harness = {
    server,
    url: server.url,
    dataDir: dir,
    logs,
    client: () => new WebClient(server.url),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
    },
    async restart(more = {}) {
      await h.stop();
      return startApp({ ...extra, ...more }, dir);
    },
    async close() {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export interface Page {
  status: number;
  location?: string;
  text: string;
  headers: Headers;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last HTML page seen. */
  csrf = '';

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0$/i.test(a.trim())) || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, p: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(this.base + p, { method, headers, body, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, location: res.headers.get('location') ?? undefined, text, headers: res.headers };
  }

  get(p: string, headers?: Record<string, string>): Promise<Page> {
    return this.request('GET', p, { headers });
  }

  /** Posts a form with the CSRF token of the last page (as the browser would). */
  post(p: string, form: Record<string, string> = {}, withCsrf = true): Promise<Page> {
    return this.request('POST', p, { form: withCsrf ? { _csrf: this.csrf, ...form } : form });
  }

  async signUp(email: string, password = 'correct horse battery', name = email.split('@')[0]): Promise<Page> {
    await this.get('/signup');
    return this.post('/signup', { email, password, name });
  }

  async signIn(email: string, password = 'correct horse battery'): Promise<Page> {
    await this.get('/signin');
    return this.post('/signin', { email, password });
  }

  /** The signed-in user's id, read from the lesson page's tools. */
  async userId(): Promise<string> {
    const page = await this.get('/en/labs/01-first/nodes');
    const id = /data-cluster-map data-owner="([^"]+)"/.exec(page.text)?.[1];
    if (!id) throw new Error(`not signed in (status ${page.status})`);
    return id;
  }
}
