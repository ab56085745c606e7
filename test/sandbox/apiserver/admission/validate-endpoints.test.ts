// Endpoints and EndpointSlices: addresses a Service may not point at (loopback, link-local, unspecified, the
// Service range), worded as kube-apiserver words them, while ordinary pod addresses pass.
import { create, update } from './helpers';

const endpoints = (ip: string, extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'outside' },
  subsets: [{ addresses: [{ ip }], ports: [{ port: 80 }], ...extra }],
});

const slice = (addresses: string[], addressType = 'IPv4') => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'outside-abc' },
  addressType,
  endpoints: [{ addresses }],
  ports: [{ name: 'http', port: 80 }],
});

describe('endpoints validation', () => {
  it('accepts pod addresses', () => {
    expect(create(endpoints('10.224.3.7')).errors).toEqual([]);
    expect(create(slice(['10.224.3.7'])).errors).toEqual([]);
  });

  it('refuses the loopback range with kube-apiserver\'s message', () => {
    expect(create(endpoints('127.0.0.1')).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(create(endpoints('::1')).errors).toEqual(['subsets[0].addresses[0].ip: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(create(endpoints('::ffff:127.0.0.2')).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "::ffff:127.0.0.2": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });

  it('refuses link-local, link-local multicast and unspecified addresses', () => {
    expect(create(endpoints('169.254.169.254')).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
    expect(create(endpoints('fe80::1')).errors).toEqual(['subsets[0].addresses[0].ip: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
    expect(create(endpoints('224.0.0.251')).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "224.0.0.251": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ]);
    expect(create(endpoints('0.0.0.0')).errors).toEqual(['subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']);
  });

  it('refuses the Service range, which the network agent owns', () => {
    expect(create(endpoints('10.96.0.1')).errors).toEqual(['subsets[0].addresses[0].ip: Invalid value: "10.96.0.1": may not be in the service IP range (10.96.0.0/16)']);
    expect(create(slice(['10.96.4.4'])).errors).toEqual(['endpoints[0].addresses[0]: Invalid value: "10.96.4.4": may not be in the service IP range (10.96.0.0/16)']);
  });

  it('checks notReadyAddresses too, and wants an address in every subset', () => {
    expect(create(endpoints('10.224.3.7', { notReadyAddresses: [{ ip: '127.0.0.1' }] })).errors).toEqual([
      'subsets[0].notReadyAddresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(create({ ...endpoints('x'), subsets: [{ ports: [{ port: 80 }] }] }).errors).toEqual(['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']);
  });

  it('refuses what is not an IP address', () => {
    expect(create(endpoints('example.com')).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[0].ip: Invalid value: "example.com": must be a valid IP address',
    ]);
    expect(create(slice(['example.com'])).errors).toEqual(['endpoints[0].addresses[0]: Invalid value: "example.com": must be a valid IPv4 address']);
  });

  it('checks an update as strictly as a create', () => {
    const old = create(endpoints('10.224.3.7')).obj;
    expect(update(old, { ...old, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 80 }] }] }).errors).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });

  it('refuses loopback and link-local EndpointSlice addresses, and an empty endpoint', () => {
    expect(create(slice(['127.0.0.1'])).errors).toEqual(['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']);
    expect(create(slice(['fe80::2'], 'IPv6')).errors).toEqual(['endpoints[0].addresses[0]: Invalid value: "fe80::2": may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
    expect(create(slice([])).errors).toEqual(['endpoints[0].addresses: Required value: must contain at least 1 address']);
    expect(create(slice(['my.host'], 'FQDN')).errors).toEqual([]);
  });
});
