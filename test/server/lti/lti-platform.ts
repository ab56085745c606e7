// An LTI 1.3 platform (an LMS's side) for tests, written from the 1EdTech specifications rather than from kubelab's
// code: LTI Core 1.3 and the Security Framework 1.0 (OIDC third-party login, the id_token as an RS256 JWT with the
// LTI claims, the platform's JWKS), and Assignment and Grade Services 2.0 (OAuth 2 client credentials with a JWT
// client assertion checked against the tool's JWKS; line items; scores). Its JWTs are made and checked with node's
// crypto directly, so a mistake in kubelab's JWT code cannot cancel itself out here. It records what the tool did.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export interface PlatformUser {
  sub: string;
  name: string;
  email: string;
  locale?: string;
}

export interface ReceivedScore {
  lineitem: string;
  contentType: string;
  body: { userId: string; scoreGiven: number; scoreMaximum: number; activityProgress: string; gradingProgress: string; timestamp: string };
}

export class TestPlatform {
  readonly issuer: string;
  readonly clientId = 'kubelab-tool-7';
  readonly deploymentId = 'deployment-1';
  readonly scores: ReceivedScore[] = [];
  readonly lineitems: { id: string; label: string; scoreMaximum: number; resourceLinkId?: string; tag?: string }[] = [];
  readonly tokenRequests: { scope: string; assertionClaims: Record<string, unknown> }[] = [];
  readonly problems: string[] = [];
  /** The tool's registration, as an administrator would enter it. */
  tool = { loginUrl: '', redirectUri: '', jwksUrl: '' };
  private readonly key: KeyObject;
  private readonly kid = 'platform-key-1';
  private readonly tokens = new Map<string, string[]>();
  private readonly usedJti = new Set<string>();
  private readonly users = new Map<string, PlatformUser>();
  private readonly launches = new Map<string, { user: PlatformUser; resourceLinkId: string; lab: string; lineitem?: boolean }>();
  /** Per launch hint: what the next id_token should get wrong (tests of refusals). */
  tamper?: (claims: Record<string, unknown>) => Record<string, unknown>;
  signWith?: KeyObject;

  private constructor(readonly url: string, private readonly server: Server) {
    this.issuer = url;
    this.key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  static async start(): Promise<TestPlatform> {
    const app = express();
    // Assigned once the server listens; the routes below read it when called.
    // eslint-disable-next-line prefer-const
    let platform!: TestPlatform;
    app.use(express.urlencoded({ extended: false }));
    app.use(express.json({ type: ['application/json', 'application/*+json'] }));
    app.get('/jwks', (_req, res) => res.json({ keys: [{ ...createPublicKey(platform.key).export({ format: 'jwk' }), kid: platform.kid, alg: 'RS256', use: 'sig' }] }));
    app.get('/auth', (req, res) => platform.authorize(req, res));
    app.post('/token', (req, res) => void platform.token(req, res));
    app.get('/lineitems', (req, res) => platform.listLineitems(req, res));
    app.post('/lineitems', (req, res) => platform.createLineitem(req, res));
    app.post('/lineitems/:id/scores', (req, res) => platform.score(req, res));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    platform = new TestPlatform(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, server);
    return platform;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** The URL a learner's browser opens in the LMS to launch `lab` (the platform starts the OIDC login). */
  launchUrl(user: PlatformUser, lab: string, o: { resourceLinkId?: string; lineitem?: boolean } = {}): string {
    this.users.set(user.sub, user);
    const hint = randomBytes(8).toString('hex');
    this.launches.set(hint, { user, resourceLinkId: o.resourceLinkId ?? `link-${lab}`, lab, lineitem: o.lineitem });
    const q = new URLSearchParams({ iss: this.issuer, login_hint: user.sub, target_link_uri: `${this.tool.redirectUri}`, lti_message_hint: hint, client_id: this.clientId, lti_deployment_id: this.deploymentId });
    return `${this.tool.loginUrl}?${q}`;
  }

  /** OIDC authentication request (Security Framework §5.1.1.2): checks it and answers with a form_post of the id_token. */
  private authorize(req: express.Request, res: express.Response): void {
    const q = req.query as Record<string, string>;
    const fail = (why: string) => {
      this.problems.push(`auth: ${why}`);
      res.status(400).send(why);
    };
    if (q.scope !== 'openid') return fail('scope must be openid');
    if (q.response_type !== 'id_token') return fail('response_type must be id_token');
    if (q.response_mode !== 'form_post') return fail('response_mode must be form_post');
    if (q.prompt !== 'none') return fail('prompt must be none');
    if (q.client_id !== this.clientId) return fail('unknown client_id');
    if (q.redirect_uri !== this.tool.redirectUri) return fail(`redirect_uri ${q.redirect_uri} is not registered`);
    if (!q.nonce || !q.state) return fail('nonce and state are required');
    const launch = this.launches.get(q.lti_message_hint);
    if (!launch || launch.user.sub !== q.login_hint) return fail('login_hint / lti_message_hint do not match a launch');
    const now = Math.floor(Date.now() / 1000);
    let claims: Record<string, unknown> = {
      iss: this.issuer, aud: this.clientId, sub: launch.user.sub, exp: now + 300, iat: now, nonce: q.nonce,
      name: launch.user.name, email: launch.user.email, locale: launch.user.locale ?? 'ko-KR',
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': this.tool.redirectUri,
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: launch.resourceLinkId, title: launch.lab },
      'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      'https://purl.imsglobal.org/spec/lti/claim/custom': { lab: launch.lab },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${this.url}/lineitems`,
        ...(launch.lineitem ? { lineitem: this.ensureLineitem(launch.lab, launch.resourceLinkId) } : {}),
      },
    };
    if (this.tamper) claims = this.tamper(claims);
    const head = b64({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const body = b64(claims);
    const token = `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), this.signWith ?? this.key).toString('base64url')}`;
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    res.type('html').send(`<!doctype html><form id="f" method="post" action="${esc(q.redirect_uri)}"><input type="hidden" name="id_token" value="${esc(token)}"><input type="hidden" name="state" value="${esc(q.state)}"></form><script>document.getElementById('f').submit()</script>`);
  }

  private ensureLineitem(lab: string, resourceLinkId: string): string {
    const found = this.lineitems.find((l) => l.resourceLinkId === resourceLinkId);
    if (found) return found.id;
    const item = { id: `${this.url}/lineitems/${this.lineitems.length + 1}`, label: lab, scoreMaximum: 100, resourceLinkId, tag: lab };
    this.lineitems.push(item);
    return item.id;
  }

  /** OAuth 2 client credentials with a JWT client assertion (RFC 7523), checked against the tool's JWKS. */
  private async token(req: express.Request, res: express.Response): Promise<void> {
    const b = req.body as Record<string, string>;
    const fail = (why: string) => {
      this.problems.push(`token: ${why}`);
      res.status(400).json({ error: 'invalid_client', error_description: why });
    };
    if (b.grant_type !== 'client_credentials') return fail('grant_type must be client_credentials');
    if (b.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return fail('wrong client_assertion_type');
    const [h, p, s] = (b.client_assertion ?? '').split('.');
    const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString() || '{}');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString() || '{}');
    const keys = ((await (await fetch(this.tool.jwksUrl)).json()) as { keys: Record<string, unknown>[] }).keys;
    const jwk = keys.find((k) => k.kid === header.kid);
    if (header.alg !== 'RS256' || !jwk) return fail('no tool key for this assertion');
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk as any, format: 'jwk' }), Buffer.from(s, 'base64url'))) return fail('assertion signature');
    const now = Date.now() / 1000;
    if (claims.iss !== this.clientId || claims.sub !== this.clientId) return fail('iss and sub must be the client id');
    if (claims.aud !== `${this.url}/token` && !(Array.isArray(claims.aud) && claims.aud.includes(`${this.url}/token`))) return fail('aud must be the token endpoint');
    if (!(claims.exp > now) || !(claims.iat <= now + 60)) return fail('assertion expired or from the future');
    if (!claims.jti || this.usedJti.has(claims.jti)) return fail('jti missing or replayed');
    this.usedJti.add(claims.jti);
    const allowed = ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'];
    const scopes = String(b.scope ?? '').split(' ').filter((x) => allowed.includes(x));
    if (!scopes.length) return fail('no grantable scope');
    this.tokenRequests.push({ scope: b.scope, assertionClaims: claims });
    const token = createHash('sha256').update(randomBytes(16)).digest('hex');
    this.tokens.set(token, scopes);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') });
  }

  private authorized(req: express.Request, scope: string): boolean {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    return !!token && !!this.tokens.get(token)?.includes(scope);
  }

  private listLineitems(req: express.Request, res: express.Response): void {
    if (!this.authorized(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem')) return void res.status(401).end();
    const q = req.query as Record<string, string>;
    res.type('application/vnd.ims.lis.v2.lineitemcontainer+json').send(JSON.stringify(this.lineitems.filter((l) => (!q.resource_link_id || l.resourceLinkId === q.resource_link_id) && (!q.tag || l.tag === q.tag))));
  }

  private createLineitem(req: express.Request, res: express.Response): void {
    if (!this.authorized(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem')) return void res.status(401).end();
    if (!(req.get('content-type') ?? '').startsWith('application/vnd.ims.lis.v2.lineitem+json')) return void res.status(415).end();
    const b = req.body as { label?: string; scoreMaximum?: number; resourceLinkId?: string; tag?: string };
    if (!b.label || !(Number(b.scoreMaximum) > 0)) return void res.status(400).send('label and scoreMaximum > 0 are required');
    const item = { id: `${this.url}/lineitems/${this.lineitems.length + 1}`, label: b.label, scoreMaximum: Number(b.scoreMaximum), resourceLinkId: b.resourceLinkId, tag: b.tag };
    this.lineitems.push(item);
    res.status(201).type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(item));
  }

  private score(req: express.Request, res: express.Response): void {
    if (!this.authorized(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/score')) return void res.status(401).end();
    const contentType = req.get('content-type') ?? '';
    if (!contentType.startsWith('application/vnd.ims.lis.v1.score+json')) return void res.status(415).end();
    const lineitem = `${this.url}/lineitems/${req.params.id}`;
    if (!this.lineitems.some((l) => l.id === lineitem)) return void res.status(404).end();
    const b = req.body as ReceivedScore['body'];
    const valid = typeof b.userId === 'string' && typeof b.timestamp === 'string' && !Number.isNaN(Date.parse(b.timestamp))
      && ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'].includes(b.activityProgress)
      && ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'].includes(b.gradingProgress)
      && (b.scoreGiven === undefined || (typeof b.scoreMaximum === 'number' && b.scoreGiven >= 0));
    if (!valid) return void res.status(400).send('not a valid score');
    this.scores.push({ lineitem, contentType, body: b });
    res.status(204).end();
  }
}
