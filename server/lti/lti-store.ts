// LTI 1.3 in the app database: the platforms (LMSs) an instructor registered, the login states between the OIDC
// login and the launch (single use, ten minutes), which kubelab account each platform user is, and where each
// learner's grade for a lab goes back to (the Assignment and Grade Services line item of the link they launched).
import { randomBytes } from 'node:crypto';
import type { AppDatabase } from '../db/database';

export interface LtiPlatform {
  id: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  jwksUrl: string;
  tokenUrl: string;
}

export interface GradeTarget {
  userId: string;
  labId: string;
  platformId: string;
  subject: string;
  lineitem?: string;
  lineitems?: string;
  resourceLinkId: string;
  scopes: string[];
  lastScore?: number;
  lastError?: string;
}

const STATE_MS = 10 * 60_000;

export class LtiStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  addPlatform(p: Omit<LtiPlatform, 'id'>): LtiPlatform {
    const id = randomBytes(8).toString('hex');
    this.db
      .prepare('INSERT INTO lti_platforms (id, issuer, client_id, deployment_id, auth_url, jwks_url, token_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, p.issuer, p.clientId, p.deploymentId, p.authUrl, p.jwksUrl, p.tokenUrl, this.now());
    return { id, ...p };
  }

  removePlatform(id: string): void {
    this.db.prepare('DELETE FROM lti_platforms WHERE id = ?').run(id);
  }

  platforms(): LtiPlatform[] {
    return (this.db.prepare('SELECT * FROM lti_platforms ORDER BY created_at').all() as any[]).map(toPlatform);
  }

  /** The platform registered for this issuer (and client id, when given; a deployment id when given must match too). */
  find(issuer: string, clientId?: string, deploymentId?: string): LtiPlatform | undefined {
    return this.platforms().find((p) => p.issuer === issuer && (!clientId || p.clientId === clientId) && (!deploymentId || p.deploymentId === deploymentId));
  }

  byId(id: string): LtiPlatform | undefined {
    return this.platforms().find((p) => p.id === id);
  }

  newState(platformId: string): { state: string; nonce: string } {
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    this.db.prepare('DELETE FROM lti_states WHERE expires_at < ?').run(this.now());
    this.db.prepare('INSERT INTO lti_states (state, nonce, platform_id, expires_at) VALUES (?, ?, ?, ?)').run(state, nonce, platformId, this.now() + STATE_MS);
    return { state, nonce };
  }

  /** The login a launch answers, taken (a state is good for one launch only). */
  takeState(state: string): { nonce: string; platformId: string } | undefined {
    const row = this.db.prepare('SELECT * FROM lti_states WHERE state = ?').get(state) as { nonce: string; platform_id: string; expires_at: number } | undefined;
    this.db.prepare('DELETE FROM lti_states WHERE state = ?').run(state);
    return row && row.expires_at >= this.now() ? { nonce: row.nonce, platformId: row.platform_id } : undefined;
  }

  accountOf(platformId: string, subject: string): string | undefined {
    return (this.db.prepare('SELECT user_id FROM lti_accounts WHERE platform_id = ? AND subject = ?').get(platformId, subject) as { user_id: string } | undefined)?.user_id;
  }

  link(platformId: string, subject: string, userId: string): void {
    this.db.prepare('INSERT OR REPLACE INTO lti_accounts (platform_id, subject, user_id) VALUES (?, ?, ?)').run(platformId, subject, userId);
  }

  saveTarget(t: Omit<GradeTarget, 'lastScore' | 'lastError'>): void {
    this.db
      .prepare(
        `INSERT INTO lti_grade_targets (user_id, lab_id, platform_id, subject, lineitem, lineitems, resource_link_id, scopes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, lab_id, platform_id) DO UPDATE SET subject = excluded.subject, lineitem = COALESCE(excluded.lineitem, lti_grade_targets.lineitem),
           lineitems = excluded.lineitems, resource_link_id = excluded.resource_link_id, scopes = excluded.scopes`,
      )
      .run(t.userId, t.labId, t.platformId, t.subject, t.lineitem ?? null, t.lineitems ?? null, t.resourceLinkId, JSON.stringify(t.scopes));
  }

  targets(userId: string, labId: string): GradeTarget[] {
    return (this.db.prepare('SELECT * FROM lti_grade_targets WHERE user_id = ? AND lab_id = ?').all(userId, labId) as any[]).map((r) => ({
      userId: r.user_id, labId: r.lab_id, platformId: r.platform_id, subject: r.subject, lineitem: r.lineitem ?? undefined, lineitems: r.lineitems ?? undefined,
      resourceLinkId: r.resource_link_id, scopes: JSON.parse(r.scopes), lastScore: r.last_score ?? undefined, lastError: r.last_error ?? undefined,
    }));
  }

  recordSend(t: GradeTarget, result: { lineitem?: string; score?: number; error?: string }): void {
    this.db
      .prepare('UPDATE lti_grade_targets SET lineitem = COALESCE(?, lineitem), last_score = COALESCE(?, last_score), last_sent_at = ?, last_error = ? WHERE user_id = ? AND lab_id = ? AND platform_id = ?')
      .run(result.lineitem ?? null, result.score ?? null, this.now(), result.error ?? null, t.userId, t.labId, t.platformId);
  }
}

function toPlatform(r: any): LtiPlatform {
  return { id: r.id, issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, authUrl: r.auth_url, jwksUrl: r.jwks_url, tokenUrl: r.token_url };
}
