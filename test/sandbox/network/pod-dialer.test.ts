// Which addresses the API server's proxies may reach: a cluster's own pod range, minus the network's own address
// and the gateway (the host's side of the bridge); never anything else.
import { addressingFor } from '../../../sandbox/network/addressing';
import { podNetworkAllows } from '../../../sandbox/network/pod-dialer';

describe('the proxies\' address rule', () => {
  const mine = addressingFor(7); // 10.224.28.0/22, pods in 10.224.28.0/23
  const theirs = addressingFor(8);

  it('allows the cluster\'s pod addresses', () => {
    expect(podNetworkAllows(mine, '10.224.28.5')).toBe(true);
    expect(podNetworkAllows(mine, '10.224.29.254')).toBe(true);
  });

  it('refuses the host: loopback, the gateway, docker0, link-local', () => {
    for (const ip of ['127.0.0.1', mine.gateway, '172.17.0.1', '169.254.169.254', '0.0.0.0', '10.224.28.0']) expect([ip, podNetworkAllows(mine, ip)]).toEqual([ip, false]);
  });

  it('refuses the agent, the Service range and another cluster\'s pods', () => {
    for (const ip of [mine.agentIp, mine.loadBalancerPool[0], '10.96.0.1', '10.224.32.5', theirs.gateway]) expect([ip, podNetworkAllows(mine, ip)]).toEqual([ip, false]);
  });

  it('refuses what is not a plain dotted IPv4 address', () => {
    for (const ip of ['10.224.28.05', '10.224.28.256', '::ffff:10.224.28.5', 'localhost', '10.224.28.5:80', '']) expect([ip, podNetworkAllows(mine, ip)]).toEqual([ip, false]);
  });
});
