// Kubeconfigs of learner clusters: the cluster is served by the web app's own port over HTTPS at /clusters/<id>,
// with our self-signed certificate trusted inline. When the learner reaches the app by a name the certificate does
// not carry (a LAN address), tls-server-name tells kubectl which name to check instead. The same kubeconfig is
// written into the learner's home for the local terminal and the grader's scripts.
import fs from 'node:fs';
import path from 'node:path';
import { kubeconfigYaml } from '../../sandbox/kubeconfig';
import type { ShellUser } from '../terminal/shell-backend';
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

/** Writes the learner's kubeconfig to <home>/.kube/config (rewritten each time: the port may differ from the last run). */
export function writeLearnerKubeconfig(user: ShellUser): string {
  const file = path.join(user.home, '.kube', 'config');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { host, port, id, token, caCert } = user.cluster;
  fs.writeFileSync(file, learnerKubeconfig({ hostPort: `${host.includes(':') ? `[${host}]` : host}:${port}`, clusterId: id, token, caCert }), { mode: 0o600 });
  return file;
}
