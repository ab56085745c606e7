// TLS for the API server. kubectl never sends a bearer token over plain HTTP (client-go drops it), so every
// cluster is served over HTTPS with a self-signed certificate whose bytes go into the kubeconfig as
// certificate-authority-data. One certificate per kubelab installation (kept in the data dir) serves all clusters.
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface ServingCert {
  /** PEM certificate (also the CA the kubeconfig trusts). */
  cert: string;
  /** PEM private key. */
  key: string;
}

/** Names kubectl may use to reach the API server: loopback, and the host as seen from containers. */
export const SERVING_NAMES = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'host.docker.internal', 'kubelab-apiserver'];
const SERVING_IPS = ['127.0.0.1', '::1'];

export async function createServingCert(extraIps: string[] = [], keyType: 'ec' | 'rsa' = 'ec'): Promise<ServingCert> {
  const now = new Date();
  const notAfter = new Date(now);
  notAfter.setFullYear(now.getFullYear() + 10);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'kubelab-apiserver' }, { name: 'organizationName', value: 'kubelab' }], {
    ...(keyType === 'ec' ? { keyType: 'ec', curve: 'P-256' } : { keyType: 'rsa', keySize: 2048 }),
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...SERVING_NAMES.map((value) => ({ type: 2, value })), ...[...SERVING_IPS, ...extraIps].map((ip) => ({ type: 7, ip }))],
      },
    ],
  } as any);
  return { cert: pems.cert, key: pems.private };
}

/** Reads <dir>/<name>.{crt,key} (default apiserver.*), creating them on first use (with `extraIps` as IP names). */
export async function loadOrCreateServingCert(dir: string, opts: { name?: string; extraIps?: string[]; keyType?: 'ec' | 'rsa' } = {}): Promise<ServingCert> {
  const certFile = path.join(dir, `${opts.name ?? 'apiserver'}.crt`);
  const keyFile = path.join(dir, `${opts.name ?? 'apiserver'}.key`);
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
  }
  const created = await createServingCert(opts.extraIps, opts.keyType);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyFile, created.key, { mode: 0o600 });
  fs.writeFileSync(certFile, created.cert);
  return created;
}

let shared: Promise<ServingCert> | undefined;
/** One in-memory certificate per process, for tests and throwaway clusters. */
export function ephemeralServingCert(): Promise<ServingCert> {
  shared ??= createServingCert();
  return shared;
}
