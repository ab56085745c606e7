// Kubeconfig files for a cluster: what `kubelab cluster` writes and what the web app offers for download, so the
// learner's own kubectl (or the grader) reaches the cluster with its token over HTTPS, trusting our certificate.
import YAML from 'yaml';

export interface KubeconfigOptions {
  name?: string;
  namespace?: string;
  /** PEM of the serving certificate (self-signed CA) to trust. */
  caCert?: string;
  /** Name to check the certificate against when the URL's host is not in it (e.g. a Docker gateway IP). */
  tlsServerName?: string;
}

export function kubeconfigYaml(server: string, token: string, opts: KubeconfigOptions = {}): string {
  const name = opts.name ?? 'kubelab';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server,
          ...(opts.caCert ? { 'certificate-authority-data': Buffer.from(opts.caCert).toString('base64') } : {}),
          ...(opts.tlsServerName ? { 'tls-server-name': opts.tlsServerName } : {}),
        },
      },
    ],
    users: [{ name: `${name}-user`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-user`, namespace: opts.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
