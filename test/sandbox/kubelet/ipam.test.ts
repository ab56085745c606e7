// Pod IPs from a node's podCIDR, as host-local IPAM hands them out.
import { PodIpPool } from '../../../sandbox/kubelet/ipam';

describe('PodIpPool', () => {
  it('skips the network and gateway addresses and hands out unique addresses round-robin', () => {
    const pool = new PodIpPool('10.244.1.0/24');
    expect(pool.allocate()).toBe('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.3');
    pool.release('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.4');
  });

  it('gives released addresses back once the range wraps, and says when it is used up', () => {
    const pool = new PodIpPool('10.0.0.0/30');
    expect(pool.available).toBe(1);
    expect(pool.allocate()).toBe('10.0.0.2');
    expect(() => pool.allocate()).toThrow(/no IP addresses available/);
    pool.release('10.0.0.2');
    expect(pool.allocate()).toBe('10.0.0.2');
  });

  it('reserves addresses pods already have', () => {
    const pool = new PodIpPool('10.244.2.0/24');
    expect(pool.reserve('10.244.2.2')).toBe(true);
    expect(pool.reserve('10.244.2.2')).toBe(false);
    expect(pool.reserve('10.244.3.2')).toBe(false);
    expect(pool.allocate()).toBe('10.244.2.3');
  });
});
