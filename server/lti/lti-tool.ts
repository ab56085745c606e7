// kubelab as an LTI 1.3 tool (1EdTech LTI Core 1.3 and the Security Framework): the tool's own RSA key (made once,
// kept in the app database) published as a JWKS; the OIDC third-party login (`/lti/login`) answered with a redirect
// to the platform's authorization endpoint carrying a fresh state and nonce; and the launch (`/lti/launch`): the
// platform's id_token verified against the platform's JWKS (RS256), its issuer, audience, expiry, nonce, deployment,
// message type and version checked, and what it says — who, which resource link, which lab, where grades go — handed
// back. A platform's keys are fetched from its JWKS URL and kept five minutes (a rotated key is fetched again).
import type { AppDatabase } from '../db/database';
import { decodeJwt, JwtError, newKeyPair, publicJwk, signJwt, verifyJwt, randomId, type Jwk, type JwtClaims } from './jwt';
import type { LtiPlatform, LtiStore } from './lti-store';
import type { KeyObject } from 'node:crypto';

export const LTI = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
} as const;

export const AGS_SCOPES = {
  lineitem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

export class LaunchError extends Error {}

export interface Launch {
  platform: LtiPlatform;
  subject: string;
  name?: string;
  email?: string;
  locale?: string;
  resourceLinkId: string;
  targetLinkUri?: string;
  custom: Record<string, string>;
  ags?: { scopes: string[]; lineitem?: string; lineitems?: string };
}

const CLOCK_SKEW_S = 60;

export class LtiTool {
  readonly key: KeyObject;
  readonly jwk: Jwk;
  private readonly platformKeys = new Map<string, { keys: Jwk[]; at: number }>();

  constructor(
    readonly store: LtiStore,
    db: AppDatabase,
    private readonly opts: { now?: () => number; fetch?: typeof fetch } = {},
  ) {
    let pem = (db.prepare("SELECT value FROM app_secrets WHERE name = 'lti-tool-key'").get() as { value: string } | undefined)?.value;
    if (!pem) {
      pem = newKeyPair().privatePem;
      db.prepare("INSERT INTO app_secrets (name, value, created_at) VALUES ('lti-tool-key', ?, ?)").run(pem, Date.now());
    }
    ({ key: this.key, jwk: this.jwk } = publicJwk(pem));
  }

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  jwks(): { keys: Jwk[] } {
    return { keys: [this.jwk] };
  }

  /** A JWT the tool signs (client assertions for the platform's token endpoint). */
  sign(claims: JwtClaims): string {
    return signJwt(claims, this.key, this.jwk.kid!);
  }

  /** The OIDC login initiation: where to send the browser (the platform's auth endpoint) with a new state and nonce. */
  login(params: Record<string, string | undefined>, redirectUri: string): { url: string; state: string } {
    const issuer = params.iss;
    if (!issuer || !params.login_hint || !params.target_link_uri) throw new LaunchError('the login needs iss, login_hint and target_link_uri');
    const platform = this.store.find(issuer, params.client_id, params.lti_deployment_id);
    if (!platform) throw new LaunchError(`no platform is registered for issuer ${issuer}${params.client_id ? ` and client ${params.client_id}` : ''}`);
    const { state, nonce } = this.store.newState(platform.id);
    const url = new URL(platform.authUrl);
    const q: Record<string, string> = {
      scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: platform.clientId,
      redirect_uri: redirectUri, login_hint: params.login_hint, state, nonce,
      ...(params.lti_message_hint ? { lti_message_hint: params.lti_message_hint } : {}),
    };
    for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
    return { url: url.toString(), state };
  }

  private async keysOf(platform: LtiPlatform, refresh = false): Promise<Jwk[]> {
    const cached = this.platformKeys.get(platform.id);
    if (cached && !refresh && this.now - cached.at < 5 * 60_000) return cached.keys;
    const res = await (this.opts.fetch ?? fetch)(platform.jwksUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new LaunchError(`the platform's key set answered ${res.status}`);
    const keys = ((await res.json()) as { keys?: Jwk[] }).keys ?? [];
    this.platformKeys.set(platform.id, { keys, at: this.now });
    return keys;
  }

  /** Validates a launch's id_token for the state it answers; throws LaunchError naming what is wrong. */
  async launch(idToken: string, state: string): Promise<Launch> {
    const login = state ? this.store.takeState(state) : undefined;
    if (!login) throw new LaunchError('unknown or used state (start the launch from the LMS again)');
    const platform = this.store.byId(login.platformId);
    if (!platform) throw new LaunchError('the platform of this login is no longer registered');
    let claims: JwtClaims;
    try {
      const { header } = decodeJwt(idToken);
      let keys = await this.keysOf(platform);
      if (header.kid && !keys.some((k) => k.kid === header.kid)) keys = await this.keysOf(platform, true);
      claims = verifyJwt(idToken, keys);
    } catch (e) {
      throw new LaunchError(`id_token: ${e instanceof JwtError || e instanceof LaunchError ? e.message : 'could not be verified'}`);
    }
    const now = this.now / 1000;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== platform.issuer) throw new LaunchError(`id_token: issuer ${String(claims.iss)} is not ${platform.issuer}`);
    if (!aud.includes(platform.clientId)) throw new LaunchError('id_token: the audience is not this tool\'s client id');
    if (aud.length > 1 && claims.azp !== platform.clientId) throw new LaunchError('id_token: several audiences and azp is not this tool');
    if (typeof claims.exp !== 'number' || claims.exp < now - CLOCK_SKEW_S) throw new LaunchError('id_token: expired');
    if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_SKEW_S) throw new LaunchError('id_token: issued in the future');
    if (claims.nonce !== login.nonce) throw new LaunchError('id_token: the nonce is not the one this login sent');
    if (claims[LTI.messageType] !== 'LtiResourceLinkRequest') throw new LaunchError(`id_token: message type ${String(claims[LTI.messageType])} is not supported`);
    if (claims[LTI.version] !== '1.3.0') throw new LaunchError(`id_token: LTI version ${String(claims[LTI.version])} is not 1.3.0`);
    if (claims[LTI.deploymentId] !== platform.deploymentId) throw new LaunchError('id_token: unknown deployment id');
    const link = claims[LTI.resourceLink] as { id?: string } | undefined;
    if (!link?.id) throw new LaunchError('id_token: no resource link id');
    if (typeof claims.sub !== 'string' || !claims.sub) throw new LaunchError('id_token: anonymous launches are not supported (no sub)');
    const ags = claims[LTI.ags] as { scope?: string[]; lineitem?: string; lineitems?: string } | undefined;
    const custom = (claims[LTI.custom] ?? {}) as Record<string, unknown>;
    return {
      platform,
      subject: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      locale: typeof claims.locale === 'string' ? claims.locale : (claims[LTI.launchPresentation] as { locale?: string } | undefined)?.locale,
      resourceLinkId: link.id,
      targetLinkUri: typeof claims[LTI.targetLinkUri] === 'string' ? (claims[LTI.targetLinkUri] as string) : undefined,
      custom: Object.fromEntries(Object.entries(custom).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      ...(ags ? { ags: { scopes: Array.isArray(ags.scope) ? ags.scope : [], lineitem: ags.lineitem, lineitems: ags.lineitems } } : {}),
    };
  }

  /** A client assertion for the platform's token endpoint (RFC 7523), signed with the tool's key. */
  clientAssertion(platform: LtiPlatform): string {
    const now = Math.floor(this.now / 1000);
    return this.sign({ iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, iat: now, exp: now + 300, jti: randomId() });
  }
}
