// ServiceAccount tokens as kube-apiserver issues and checks them (pkg/serviceaccount, pkg/registry/core/serviceaccount
// /storage/token.go): JWTs signed RS256 with this cluster's own key (made on first use and kept with the cluster's
// state, never served), issuer and audience https://kubernetes.default.svc.cluster.local as on kubeadm, and the
// `kubernetes.io` claim naming the namespace, the ServiceAccount and the pod or secret the token is bound to. A token
// is accepted only while its signature, times and audience hold and the objects it names still exist with the same
// uid — so deleting the pod or the ServiceAccount ends it, and another cluster's key never verifies it.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { badRequest, conflict, invalid, notFound } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { Pod } from '../../api/objects';
import type { Clock } from '../../util/clock';
import { rfc3339 } from '../../util/clock';
import { findKind } from '../kinds/registry';
import type { ObjectApi } from '../object-api';
import { invalid as invalidField } from '../admission/field-errors';
import { ALL_AUTHENTICATED, serviceAccountGroups, serviceAccountUsername, type UserInfo } from './user';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The token the ServiceAccount admission plugin asks the kubelet for (3607 s): extended to a year, with warnafter. */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** Clock skew tolerated on nbf and exp (go-jose's default leeway). */
const LEEWAY_SECONDS = 60;
const SIGNING_KEY = 'service-account-signing-key';

const res = { sa: findKind('ServiceAccount')!, pod: findKind('Pod')!, secret: findKind('Secret')!, node: findKind('Node')! };

export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

interface Ref {
  name: string;
  uid: string;
}

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  'kubernetes.io': { namespace: string; node?: Ref; pod?: Ref; secret?: Ref; serviceaccount: Ref; warnafter?: number };
  nbf: number;
  sub: string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The signing key: what holds it (a store) makes it once and keeps it. */
export interface KeyHolder {
  secretKey(name: string, create: () => string): string;
}

export class ServiceAccountTokens {
  private keys?: { privateKey: KeyObject; publicKey: KeyObject; kid: string };

  constructor(
    private readonly api: ObjectApi,
    private readonly clock: Clock,
    private readonly holder: KeyHolder,
  ) {}

  /** The key pair, generated (RSA 2048, ~0.1 s) the first time a token is issued or checked. */
  private key() {
    if (this.keys) return this.keys;
    const pem = this.holder.secretKey(SIGNING_KEY, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const privateKey = createPrivateKey(pem);
    const publicKey = createPublicKey(privateKey);
    const kid = b64url(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest());
    this.keys = { privateKey, publicKey, kid };
    return this.keys;
  }

  private now(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** The bound object of a TokenRequest, checked as the registry checks it. */
  private boundObject(sa: KubeObject, ref: NonNullable<TokenRequestSpec['boundObjectRef']>): { kind: 'pod' | 'secret' | 'node'; obj: KubeObject } {
    const ns = String(sa.metadata.namespace);
    const name = String(ref.name ?? '');
    const kinds: Record<string, 'pod' | 'secret' | 'node'> = { Pod: 'pod', Secret: 'secret', Node: 'node' };
    const kind = kinds[String(ref.kind ?? '')];
    if (!kind || (ref.apiVersion && ref.apiVersion !== 'v1')) {
      throw badRequest(`cannot bind token for serviceaccount ${JSON.stringify(sa.metadata.name)} to object of type ${ref.apiVersion || 'v1'}, Kind=${ref.kind ?? ''}`);
    }
    const obj = kind === 'node' ? this.api.tryGet(res.node, undefined, name) : this.api.tryGet(kind === 'pod' ? res.pod : res.secret, ns, name);
    if (!obj) throw notFound('', kind === 'pod' ? 'pods' : kind === 'secret' ? 'secrets' : 'nodes', name);
    if (ref.uid && ref.uid !== obj.metadata.uid) {
      throw conflict('', `${kind}s`, name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    if (kind === 'pod' && ((obj as Pod).spec?.serviceAccountName ?? 'default') !== sa.metadata.name) {
      throw badRequest(`cannot bind token for serviceaccount ${JSON.stringify(sa.metadata.name)} to pod running with different serviceaccount name.`);
    }
    return { kind, obj };
  }

  /**
   * TokenRequest (POST serviceaccounts/<name>/token, `kubectl create token`): the answer's spec (defaulted) and
   * status (token, expirationTimestamp).
   */
  request(namespace: string, name: string, spec: TokenRequestSpec = {}): { spec: Required<Omit<TokenRequestSpec, 'boundObjectRef'>> & { boundObjectRef: TokenRequestSpec['boundObjectRef'] | null }; token: string; expirationTimestamp: string } {
    const expirationSeconds = spec.expirationSeconds ?? 3600;
    if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_SECONDS) {
      throw invalid('authentication.k8s.io', 'TokenRequest', name, [invalidField('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes')]);
    }
    if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
      throw invalid('authentication.k8s.io', 'TokenRequest', name, [invalidField('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds')]);
    }
    const sa = this.api.tryGet(res.sa, namespace, name);
    if (!sa) throw notFound('', 'serviceaccounts', name);
    const audiences = spec.audiences?.length ? spec.audiences.map(String) : [ISSUER];
    const bound = spec.boundObjectRef ? this.boundObject(sa, spec.boundObjectRef) : undefined;
    const now = this.now();
    let exp = now + expirationSeconds;
    const kube: Claims['kubernetes.io'] = { namespace, serviceaccount: { name, uid: String(sa.metadata.uid) } };
    if (bound) {
      const ref = { name: String(bound.obj.metadata.name), uid: String(bound.obj.metadata.uid) };
      kube[bound.kind] = ref;
      const nodeName = bound.kind === 'pod' ? (bound.obj as Pod).spec?.nodeName : undefined;
      const node = nodeName ? this.api.tryGet(res.node, undefined, String(nodeName)) : undefined;
      if (node) kube.node = { name: String(node.metadata.name), uid: String(node.metadata.uid) };
      if (bound.kind === 'pod' && expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS && audiences.includes(ISSUER)) {
        kube.warnafter = exp;
        exp = now + EXTENDED_EXPIRATION_SECONDS;
      }
    }
    const claims: Claims = { aud: audiences, exp, iat: now, iss: ISSUER, jti: randomUUID(), 'kubernetes.io': sortKeys(kube), nbf: now, sub: serviceAccountUsername(namespace, name) };
    return {
      spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
      token: this.sign(claims),
      expirationTimestamp: rfc3339(new Date((now + expirationSeconds) * 1000)),
    };
  }

  private sign(claims: Claims): string {
    const { privateKey, kid } = this.key();
    const head = `${b64url(JSON.stringify({ alg: 'RS256', kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${head}.${b64url(sign('sha256', Buffer.from(head), privateKey))}`;
  }

  /** Whether a bearer token looks like a JWT at all (three base64url parts): only those are worth a signature check. */
  static looksLikeJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
  }

  /** The user a token stands for, or undefined when it is not one this cluster issued or no longer holds. */
  authenticate(token: string): UserInfo | undefined {
    if (!ServiceAccountTokens.looksLikeJwt(token)) return undefined;
    const [h, p, s] = token.split('.');
    let header: any;
    let claims: Claims;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (header?.alg !== 'RS256' || claims?.iss !== ISSUER) return undefined;
    const { publicKey, kid } = this.key();
    if (header.kid !== undefined && header.kid !== kid) return undefined;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return undefined;
    const now = this.now();
    if (typeof claims.exp !== 'number' || now > claims.exp + LEEWAY_SECONDS) return undefined;
    if (typeof claims.nbf === 'number' && now < claims.nbf - LEEWAY_SECONDS) return undefined;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(ISSUER)) return undefined;
    return this.userOf(claims);
  }

  /** The claims' objects as they are now: a deleted or re-created ServiceAccount, pod or secret ends the token. */
  private userOf(claims: Claims): UserInfo | undefined {
    const kube = claims['kubernetes.io'];
    const ns = kube?.namespace;
    if (!ns || !kube.serviceaccount?.name) return undefined;
    const sa = this.api.tryGet(res.sa, ns, kube.serviceaccount.name);
    if (!sa || sa.metadata.uid !== kube.serviceaccount.uid || sa.metadata.deletionTimestamp) return undefined;
    const extra: Record<string, string[]> = {};
    if (kube.pod) {
      const pod = this.api.tryGet(res.pod, ns, kube.pod.name);
      if (!pod || pod.metadata.uid !== kube.pod.uid) return undefined;
      extra['authentication.kubernetes.io/pod-name'] = [kube.pod.name];
      extra['authentication.kubernetes.io/pod-uid'] = [kube.pod.uid];
    }
    if (kube.secret) {
      const secret = this.api.tryGet(res.secret, ns, kube.secret.name);
      if (!secret || secret.metadata.uid !== kube.secret.uid) return undefined;
    }
    if (kube.node) {
      extra['authentication.kubernetes.io/node-name'] = [kube.node.name];
      extra['authentication.kubernetes.io/node-uid'] = [kube.node.uid];
    }
    if (claims.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
    return {
      username: serviceAccountUsername(ns, kube.serviceaccount.name),
      uid: String(sa.metadata.uid),
      groups: [...serviceAccountGroups(ns), ALL_AUTHENTICATED],
      extra,
    };
  }
}

/** Go marshals the claim struct in field order: namespace, node, pod, secret, serviceaccount, warnafter. */
function sortKeys<T extends object>(o: T): T {
  const order = ['namespace', 'node', 'pod', 'secret', 'serviceaccount', 'warnafter'];
  return Object.fromEntries(order.filter((k) => (o as Record<string, unknown>)[k] !== undefined).map((k) => [k, (o as Record<string, unknown>)[k]])) as T;
}
