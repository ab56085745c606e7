// Kubeconfigs of learner clusters: the cluster is served by the web app's own port over HTTPS at /clusters/<id>,
// with our self-signed certificate trusted inline. When the learner reaches the app by a name the certificate does
// not carry (a LAN address), tls-server-name tells kubectl which name to check instead.
import { kubeconfigYaml } from '../../sandbox/kubeconfig';
import { SERVING_NAMES } from '../../sandbox/tls';

const CERT_IPS = ['127.0.0.1', '::1'];

export interface LearnerKubeconfigInput {
  /** Host (and port) kubectl should connect to, e.g. "127.0.0.1:3000". */
  hostPort: string;
  clusterId: string;
  token: string;
  caCert: string;
}

function hostnameOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  const colons = hostPort.split(':').length - 1;
  return colons === 1 ? hostPort.split(':')[0] : hostPort;
}

export function learnerKubeconfig(input: LearnerKubeconfigInput): string {
  const hostname = hostnameOf(input.hostPort);
  const known = SERVING_NAMES.includes(hostname) || CERT_IPS.includes(hostname);
  return kubeconfigYaml(`https://${input.hostPort}/clusters/${input.clusterId}`, input.token, {
    caCert: input.caCert,
    ...(known ? {} : { tlsServerName: 'kubelab-apiserver' }),
  });
}
