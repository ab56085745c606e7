// A Service without a selector plus hand-made Endpoints is how a learner points a Service anywhere; the real kubectl
// gets kube-apiserver's refusal for addresses no Service may point at, and an ordinary address still goes in.
import { describeEachKubectl, kubectlRunners } from '../../helpers/kubectl-suite';
import { startTestCluster, type TestCluster } from '../../helpers/test-cluster';

const describeKubectl = describeEachKubectl();

const endpoints = (name: string, ip: string) => `apiVersion: v1
kind: Endpoints
metadata:
  name: ${name}
subsets:
- addresses:
  - ip: ${ip}
  ports:
  - port: 2375
`;

const slice = (name: string, ip: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}
  labels:
    kubernetes.io/service-name: ${name}
addressType: IPv4
endpoints:
- addresses: ["${ip}"]
ports:
- name: ""
  port: 2375
  protocol: TCP
`;

describeKubectl('hand-made endpoints with %s', (bin) => {
  let tc: TestCluster;
  const { k, ok } = kubectlRunners(() => tc, bin);

  beforeAll(async () => {
    tc = await startTestCluster({ controllers: false });
  });
  afterAll(() => tc.close());

  it('refuses Endpoints on the host\'s loopback with kube-apiserver\'s message', async () => {
    const r = await k('apply', '-f', tc.file('loop.yaml', endpoints('docker', '127.0.0.1')));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Endpoints "docker" is invalid: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)');
    expect((await k('get', 'endpoints', 'docker')).stderr).toContain('endpoints "docker" not found');
  });

  it('refuses the cloud metadata address and the Service range', async () => {
    const meta = await k('create', '-f', tc.file('meta.yaml', endpoints('meta', '169.254.169.254')));
    expect(meta.stderr).toContain('subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)');
    const vip = await k('create', '-f', tc.file('vip.yaml', endpoints('vip', '10.96.0.1')));
    expect(vip.stderr).toContain('subsets[0].addresses[0].ip: Invalid value: "10.96.0.1": may not be in the service IP range (10.96.0.0/16)');
  });

  it('refuses an EndpointSlice on loopback', async () => {
    const r = await k('apply', '-f', tc.file('slice.yaml', slice('docker-slice', '127.0.0.1')));
    expect(r.stderr).toContain('The EndpointSlice "docker-slice" is invalid: endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)');
  });

  it('still takes Endpoints with an ordinary address, and refuses changing them to loopback', async () => {
    await ok('apply', '-f', tc.file('ok.yaml', endpoints('external', '10.224.9.9')));
    expect(await ok('get', 'endpoints', 'external', '-o', 'jsonpath={.subsets[0].addresses[0].ip}')).toBe('10.224.9.9');
    const r = await k('patch', 'endpoints', 'external', '--type=json', '-p', '[{"op":"replace","path":"/subsets/0/addresses/0/ip","value":"127.0.0.53"}]');
    expect(r.stderr).toContain('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  });
});
