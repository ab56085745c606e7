// Assignment and Grade Services (LTI AGS 2.0) score pass-back: when a learner who came from an LMS changes their
// progress in a lab, the share of its steps passed is posted to the line item of the link they launched (or to the
// line item kubelab finds or creates for that link and lab when the platform gave only the line items container).
// Access tokens come from the platform's token endpoint with a client assertion signed by the tool's key (RFC 7523)
// and are reused until they expire. Sends for one learner and lab run one at a time, the newest score last.
import type { LtiStore, GradeTarget, LtiPlatform } from './lti-store';
import { AGS_SCOPES, type LtiTool } from './lti-tool';

export interface Score {
  given: number;
  maximum: number;
  completed: boolean;
  label: string;
}

function scoresUrl(lineitem: string): string {
  const u = new URL(lineitem);
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`;
  return u.toString();
}

export class GradePassback {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly tool: LtiTool,
    private readonly store: LtiStore,
    private readonly opts: { fetch?: typeof fetch; log?: (m: string) => void; now?: () => number } = {},
  ) {}

  private get fetch(): typeof fetch {
    return this.opts.fetch ?? fetch;
  }

  private async accessToken(platform: LtiPlatform, scopes: string[]): Promise<string> {
    const key = `${platform.id} ${scopes.join(' ')}`;
    const now = (this.opts.now ?? Date.now)();
    const cached = this.tokens.get(key);
    if (cached && cached.until > now + 30_000) return cached.token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: this.tool.clientAssertion(platform),
      scope: scopes.join(' '),
    });
    const res = await this.fetch(platform.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`the token endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const t = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!t.access_token) throw new Error('the token endpoint gave no access_token');
    this.tokens.set(key, { token: t.access_token, until: now + (t.expires_in ?? 3600) * 1000 });
    return t.access_token;
  }

  /** The line item of this learner's link and lab: given, found by resource link and tag, or created. */
  private async lineitem(target: GradeTarget, platform: LtiPlatform, score: Score): Promise<string> {
    if (target.lineitem) return target.lineitem;
    if (!target.lineitems || !target.scopes.includes(AGS_SCOPES.lineitem)) throw new Error('the platform gave no line item for this link and no right to make one');
    const token = await this.accessToken(platform, [AGS_SCOPES.lineitem]);
    const query = new URL(target.lineitems);
    query.searchParams.set('resource_link_id', target.resourceLinkId);
    query.searchParams.set('tag', target.labId);
    const found = await this.fetch(query, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' }, signal: AbortSignal.timeout(15_000) });
    if (found.ok) {
      const items = (await found.json()) as { id: string }[];
      if (Array.isArray(items) && items[0]?.id) return items[0].id;
    }
    const made = await this.fetch(target.lineitems, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json', accept: 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ scoreMaximum: score.maximum, label: score.label, resourceLinkId: target.resourceLinkId, tag: target.labId }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!made.ok) throw new Error(`creating the line item was answered ${made.status}`);
    return ((await made.json()) as { id: string }).id;
  }

  private async sendOne(target: GradeTarget, score: Score): Promise<void> {
    const platform = this.store.byId(target.platformId);
    if (!platform) return;
    try {
      if (!target.scopes.includes(AGS_SCOPES.score)) throw new Error('the platform did not grant the score scope');
      const lineitem = await this.lineitem(target, platform, score);
      const token = await this.accessToken(platform, [AGS_SCOPES.score]);
      const res = await this.fetch(scoresUrl(lineitem), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({
          userId: target.subject,
          scoreGiven: score.given,
          scoreMaximum: score.maximum,
          activityProgress: score.completed ? 'Completed' : 'InProgress',
          gradingProgress: 'FullyGraded',
          timestamp: new Date((this.opts.now ?? Date.now)()).toISOString(),
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) throw new Error(`the score was answered ${res.status}`);
      this.store.recordSend(target, { lineitem, score: score.given });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.store.recordSend(target, { error });
      this.opts.log?.(`LTI grade for ${target.userId} in ${target.labId}: ${error}`);
    }
  }

  /** Sends the learner's score in the lab to every platform they launched it from. */
  send(userId: string, labId: string, score: Score): Promise<void> {
    const key = `${userId} ${labId}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (const target of this.store.targets(userId, labId)) await this.sendOne(target, score);
    });
    this.queues.set(key, next);
    void next.finally(() => this.queues.get(key) === next && this.queues.delete(key));
    return next;
  }

  /** Waits for every send under way (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.queues.size) await Promise.allSettled([...this.queues.values()]);
  }
}
