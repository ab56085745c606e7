// A field of the wrong JSON type (`replicas: two`, `args: "sleep 10"`, ConfigMap values YAML read as numbers or
// booleans) never becomes an object on a real cluster: kube-apiserver's decoder refuses the body with its own words,
// which the real kubectl prints. Nothing is stored.
import { decodeTypeError } from '../../../../sandbox/apiserver/openapi/type-errors';
import { findKind } from '../../../../sandbox/apiserver/kinds/registry';
import { kubectlBinaries, requireOrSkip } from '../../../helpers/kubectl-bin';
import { startTestCluster, type TestCluster } from '../../../helpers/test-cluster';

const hasKubectl = requireOrSkip('kubectl', kubectlBinaries().all.length > 0);

describe('bodies whose fields have the wrong JSON type', () => {
  it('names the field as encoding/json does: innermost struct, path without indexes or keys, Go type', () => {
    const pod = { spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: '80' }] }] } };
    expect(decodeTypeError('v1', 'Pod', pod)).toBe('json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
    expect(decodeTypeError('v1', 'Pod', { spec: { containers: [{ name: 'c', args: ['sleep', 10] }] } })).toBe('json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string');
    expect(decodeTypeError('v1', 'Pod', { spec: 'x' })).toBe('json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec');
    expect(decodeTypeError('v1', 'Pod', { metadata: { labels: { tier: 1 } } })).toBe('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(decodeTypeError('apps/v1', 'Deployment', { spec: { replicas: 1.5 } })).toBe('json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decodeTypeError('v1', 'Service', { spec: { ports: [{ port: 80, targetPort: 'http' }] } })).toBeUndefined();
    expect(decodeTypeError('v1', 'Pod', { spec: { containers: [{ name: 'c', resources: { limits: { cpu: 1 } } }] } })).toBeUndefined();
  });

  (hasKubectl ? describe : describe.skip)('with the real kubectl', () => {
    let tc: TestCluster;
    beforeAll(async () => {
      tc = await startTestCluster({ controllers: false });
    });
    afterAll(async () => {
      await tc?.close();
    });

    it.each([...new Set([kubectlBinaries().oldest!, kubectlBinaries().newest!])])('refuses them with kube-apiserver’s decoding messages (%s)', async (bin) => {
      const file = tc.file('bad.yaml', `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: two
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: sleeper}
spec:
  containers: [{name: c, image: busybox, args: "sleep 10"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: conf}
data: {port: 8080}
`);
      for (const verb of ['apply', 'create']) {
        const r = await tc.kubectl(bin, [verb, '-f', file]);
        expect(r.code).toBe(1);
        expect(r.stderr.trim().split('\n')).toEqual([
          `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
          `Error from server (BadRequest): error when creating "${file}": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.args of type []string`,
          `Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string`,
        ]);
      }
      expect(tc.cluster.api.tryGet(findKind('Deployment')!, 'default', 'web')).toBeUndefined();
      expect(tc.cluster.api.tryGet(findKind('Pod')!, 'default', 'sleeper')).toBeUndefined();
      expect(tc.cluster.api.tryGet(findKind('ConfigMap')!, 'default', 'conf')).toBeUndefined();
    });
  });
});
