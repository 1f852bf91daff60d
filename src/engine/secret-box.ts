/**
 * Secrets Klausul must read back (an identity provider's client secret),
 * stored sealed: AES-256-GCM with a key derived (HKDF-SHA256) from
 * KLAUSUL_SECRET_KEY, a random IV per secret, and what the secret belongs to
 * as associated data, so a sealed value copied to another row does not open.
 * The sealed text names the fingerprint of the key that sealed it: opened
 * with another KLAUSUL_SECRET_KEY it says so rather than failing obscurely.
 * There is no rotation: a new KLAUSUL_SECRET_KEY means configuring each
 * secret again (README.md, Sign-in with your organisation's identity provider).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

export const SECRET_KEY_HINT =
  'set KLAUSUL_SECRET_KEY to a random secret of at least 32 characters (for example `openssl rand -base64 32`), the same on every instance and for the CLI';

export class SecretKeyMismatch extends Error {}

function derive(secretKey: string): { key: Buffer; fingerprint: string } {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), 'klausul', 'klausul secret-box v1', 32));
  return { key, fingerprint: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

/** The secret sealed for `context` (what it belongs to, e.g. `org_identity_providers:<org id>`). */
export function sealSecret(secretKey: string, context: string, secret: string): string {
  const { key, fingerprint } = derive(secretKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, fingerprint, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':');
}

/** The secret, or SecretKeyMismatch when another KLAUSUL_SECRET_KEY sealed it (or the text was altered). */
export function openSecret(secretKey: string, context: string, sealedText: string): string {
  const [version, fingerprint, iv, tag, sealed] = sealedText.split(':');
  const { key, fingerprint: ours } = derive(secretKey);
  if (version !== VERSION || !iv || !tag || sealed === undefined)
    throw new SecretKeyMismatch('the sealed secret is not in a form this version of Klausul reads');
  if (fingerprint !== ours) throw new SecretKeyMismatch(`the secret was sealed with another KLAUSUL_SECRET_KEY (fingerprint ${fingerprint}, this one ${ours})`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyMismatch('the sealed secret does not open: it was altered or belongs to another row');
  }
}
