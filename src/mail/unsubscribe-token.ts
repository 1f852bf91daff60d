/**
 * The token in every mail's unsubscribe link (RFC 8058 one-click): whose
 * mail and which of it, signed with a secret every instance shares, so the
 * link works without signing in and cannot be made for another user. It does
 * not expire: an unsubscribe link must work as long as the mail is read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isMailKind, type MailKind } from './kinds.ts';

/** One kind, or every kind the daily digest carries. */
export type UnsubscribeScope = MailKind | 'digest';

const sign = (secret: string, body: string): string => createHmac('sha256', secret).update(`mail-unsubscribe:${body}`).digest('base64url');

export function unsubscribeToken(secret: string, userId: string, scope: UnsubscribeScope): string {
  const body = Buffer.from(JSON.stringify([userId, scope])).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The user and scope a token names, or null for anything not signed with the secret. */
export function readUnsubscribeToken(secret: string, token: string): { userId: string; scope: UnsubscribeScope } | null {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [userId, scope] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
    if (typeof userId !== 'string' || !(scope === 'digest' || isMailKind(scope))) return null;
    return { userId, scope };
  } catch {
    return null;
  }
}
