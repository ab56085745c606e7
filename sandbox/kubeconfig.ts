// Kubeconfig files for a cluster: what `kubelab cluster` writes and what the web app offers for download, so the
// learner's own kubectl (or the grader) reaches the cluster with its token.
import YAML from 'yaml';

export function kubeconfigYaml(server: string, token: string, name = 'kubelab', namespace = 'default'): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server } }],
    users: [{ name: `${name}-user`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-user`, namespace } }],
    'current-context': name,
    preferences: {},
  });
}
