import { describe, expect, it } from 'vitest';
import { isPrivateAddress, privateAddressOf } from '../../src/engine/private-network.ts';

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

  it('checks the host of a URL, literal addresses included', async () => {
    expect(await privateAddressOf('http://127.0.0.1:8080/hook')).toMatch(/private/);
    expect(await privateAddressOf('http://[::1]/hook')).toMatch(/private/);
    expect(await privateAddressOf('https://localhost/hook')).toMatch(/private/);
    expect(await privateAddressOf('https://8.8.8.8/hook')).toBeNull();
  });
});
