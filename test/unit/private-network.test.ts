import { describe, expect, it } from 'vitest';
import { addressToConnect, embeddedIpv4, isPrivateAddress, privateAddressOf } from '../../src/engine/private-network.ts';

describe('webhook receivers must be public', () => {
  it('knows private, loopback, link-local and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it.each([
    ['::127.0.0.1', '127.0.0.1'],
    ['::7f00:1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['::ffff:0:a00:1', '10.0.0.1'],
    ['64:ff9b::7f00:1', '127.0.0.1'],
    ['64:ff9b::127.0.0.1', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254'],
    ['2002:7f00:1::', '127.0.0.1'],
    ['2002:c0a8:101::1', '192.168.1.1'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1'],
    ['::1', '0.0.0.1'],
  ])('judges %s by the IPv4 address inside it, %s: private', (address, inside) => {
    expect(embeddedIpv4(address)).toBe(inside);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    ['::ffff:8.8.8.8', '8.8.8.8'],
    ['64:ff9b::808:808', '8.8.8.8'],
    ['2002:808:808::1', '8.8.8.8'],
  ])('lets %s through: the IPv4 address inside, %s, is public', (address, inside) => {
    expect(embeddedIpv4(address)).toBe(inside);
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('knows ordinary IPv6 addresses carry no IPv4 address, and refuses local-use NAT64 and zone ids of private ones', () => {
    expect(embeddedIpv4('2606:4700::1111')).toBeNull();
    expect(embeddedIpv4('fe80::1')).toBeNull();
    expect(isPrivateAddress('64:ff9b:1::808:808')).toBe(true);
    expect(isPrivateAddress('fe80::1%eth0')).toBe(true);
    expect(isPrivateAddress('not an address')).toBe(true);
  });

  it('refuses literal IPv4-embedding addresses in URLs', async () => {
    for (const url of ['http://[::127.0.0.1]:3390/', 'http://[64:ff9b::7f00:1]:3390/', 'http://[::ffff:7f00:1]/', 'http://[2002:7f00:1::]/']) {
      expect(await privateAddressOf(url), url).toMatch(/a private address/);
    }
  });

  it('resolves a name once and answers the address to connect to, refusing it when any answer is private', async () => {
    let asked = 0;
    const resolve = async () => {
      asked++;
      return [
        { address: '93.184.215.14', family: 4 as const },
        { address: '::ffff:127.0.0.1', family: 6 as const },
      ];
    };
    expect(await addressToConnect('https://hooks.example.org/x', { allowPrivate: false, resolve })).toEqual({
      refused: 'hooks.example.org resolves to ::ffff:127.0.0.1, a private address',
    });
    expect(await addressToConnect('https://hooks.example.org/x', { allowPrivate: true, resolve })).toEqual({
      address: { address: '93.184.215.14', family: 4 },
    });
    expect(asked).toBe(2);
    expect(await addressToConnect('https://hooks.example.org/x', { allowPrivate: false, resolve: async () => [] })).toEqual({
      refused: 'hooks.example.org has no address',
    });
  });

  it('checks the host of a URL, literal addresses included', async () => {
    expect(await privateAddressOf('http://127.0.0.1:8080/hook')).toMatch(/private/);
    expect(await privateAddressOf('http://[::1]/hook')).toMatch(/private/);
    expect(await privateAddressOf('https://localhost/hook')).toMatch(/private/);
    expect(await privateAddressOf('https://8.8.8.8/hook')).toBeNull();
  });
});
