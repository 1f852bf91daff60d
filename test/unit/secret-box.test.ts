/** Sealed secrets (src/engine/secret-box.ts): AES-256-GCM under a key derived from KLAUSUL_SECRET_KEY, bound to what they belong to. */
import { describe, expect, it } from 'vitest';
import { openSecret, SecretKeyMismatch, sealSecret } from '../../src/engine/secret-box.ts';

const KEY = 'the-first-secret-key-of-32-characters-or-more';

describe('sealed secrets', () => {
  it('opens what it sealed, and seals the same secret differently each time', () => {
    const a = sealSecret(KEY, 'org:1', 'client-secret');
    const b = sealSecret(KEY, 'org:1', 'client-secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('client-secret');
    expect(openSecret(KEY, 'org:1', a)).toBe('client-secret');
  });

  it('says so when another KLAUSUL_SECRET_KEY sealed it', () => {
    const sealed = sealSecret(KEY, 'org:1', 'client-secret');
    expect(() => openSecret('another-secret-key-of-32-characters-or-more', 'org:1', sealed)).toThrow(/sealed with another KLAUSUL_SECRET_KEY/);
  });

  it('does not open for another row, nor when altered', () => {
    const sealed = sealSecret(KEY, 'org:1', 'client-secret');
    expect(() => openSecret(KEY, 'org:2', sealed)).toThrow(SecretKeyMismatch);
    const parts = sealed.split(':');
    parts[4] = Buffer.from('altered').toString('base64url');
    expect(() => openSecret(KEY, 'org:1', parts.join(':'))).toThrow(SecretKeyMismatch);
  });
});
