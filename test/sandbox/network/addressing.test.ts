// Per-cluster address blocks: disjoint, Docker-compatible, and recognisable again after a restart.
import { addressingFor, blockIndexOf, inCidr, preferredBlock, SERVICE_CIDR } from '../../../sandbox/network/addressing';

describe('addressing', () => {
  it('splits a /22 into pods below and agent-owned addresses above', () => {
    const a = addressingFor(1);
    expect(a).toMatchObject({ subnet: '10.224.4.0/22', podRange: '10.224.4.0/23', gateway: '10.224.4.1', agentIp: '10.224.6.2', entryAddress: '127.100.1.1' });
    expect(inCidr(a.agentIp, a.subnet) && !inCidr(a.agentIp, a.podRange)).toBe(true);
    for (const ip of a.loadBalancerPool) expect(inCidr(ip, a.subnet) && !inCidr(ip, a.podRange) && ip !== a.agentIp).toBe(true);
    expect(inCidr(a.agentIp, SERVICE_CIDR)).toBe(false);
  });

  it('gives different clusters disjoint blocks and loopback addresses', () => {
    const [x, y] = [addressingFor(0), addressingFor(1023)];
    expect(x.subnet).toBe('10.224.0.0/22');
    expect(y.subnet).toBe('10.239.252.0/22');
    expect(y.entryAddress).toBe('127.103.255.1');
    expect(inCidr(x.agentIp, y.subnet)).toBe(false);
  });

  it('recognises its own subnets and no others', () => {
    expect(blockIndexOf('10.224.4.0/22')).toBe(1);
    expect(blockIndexOf('10.224.5.0/22')).toBeUndefined();
    expect(blockIndexOf('172.18.0.0/16')).toBeUndefined();
    expect(blockIndexOf(undefined)).toBeUndefined();
  });

  it('starts each cluster at a stable place in the pool', () => {
    expect(preferredBlock('learner-1')).toBe(preferredBlock('learner-1'));
    expect(preferredBlock('learner-1')).toBeLessThan(1024);
  });
});
