/**
 * A user's mail (issue 23) through the engine: their address and language,
 * their choice per kind (at once, in the daily digest, never), unsubscribing
 * by a mail's signed link, and the failed attempts an admin sees.
 */
import { z } from 'zod';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findMailMessage, listMailFailures, mailPreferences, mailUser, retryFailedMessages, setMailPreferences, type MailFailureRow } from '../db/mail.ts';
import type { MailDelivery } from '../db/schema.ts';
import { sharedSecret } from '../db/sessions.ts';
import { DEFAULT_DELIVERY, MAIL_DELIVERIES, MAIL_KINDS, type MailKind } from '../mail/kinds.ts';
import { readUnsubscribeToken, type UnsubscribeScope } from '../mail/unsubscribe-token.ts';
import { setUserContact } from './admin.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';

export interface MailSettingsView {
  email: string | null;
  language: 'sv' | 'en';
  preferences: Array<{ kind: MailKind; delivery: MailDelivery; chosen: boolean }>;
}

async function settingsOf(deps: EngineDeps, userId: string): Promise<MailSettingsView> {
  const user = await mailUser(deps.db, userId);
  if (!user) throw notFound('User', userId);
  const chosen = await mailPreferences(deps.db, userId);
  return {
    email: user.email,
    language: user.language,
    preferences: MAIL_KINDS.map((kind) => ({ kind, delivery: chosen.get(kind) ?? DEFAULT_DELIVERY[kind], chosen: chosen.has(kind) })),
  };
}

/** The signed-in user's own address, language and choices. */
export const myMailSettings = (deps: EngineDeps, actor: Actor): Promise<MailSettingsView> => settingsOf(deps, actor.userId);

/** The signed-in user changes their own address or mail language; the same rules as `klausul user set`. */
export async function setMyContact(deps: EngineDeps, actor: Actor, raw: { email?: string | undefined; language?: string | undefined }) {
  return setUserContact(deps, { ...raw, userId: actor.userId });
}

const preferencesInput = z.strictObject(
  Object.fromEntries(MAIL_KINDS.map((kind) => [kind, z.enum(MAIL_DELIVERIES, { error: `give ${MAIL_DELIVERIES.join(', ')}` }).optional()])) as Record<
    MailKind,
    z.ZodOptional<z.ZodEnum<{ immediate: 'immediate'; digest: 'digest'; never: 'never' }>>
  >,
);

/** The signed-in user's choice per kind; kinds left out keep theirs. */
export async function setMyMailPreferences(deps: EngineDeps, actor: Actor, raw: unknown): Promise<MailSettingsView> {
  const input = acceptInput(preferencesInput, raw, 'mail preferences');
  const choices = Object.entries(input).flatMap(([kind, delivery]) => (delivery ? [{ kind, delivery }] : []));
  await setMailPreferences(deps.db, actor.userId, choices, deps.clock.now());
  return settingsOf(deps, actor.userId);
}

const badLink = () => new KlausulError('validation', 'This unsubscribe link is not valid; sign in and choose what you receive on your own page.');

async function scopeOf(deps: EngineDeps, token: string): Promise<{ userId: string; scope: UnsubscribeScope }> {
  const read = readUnsubscribeToken(await sharedSecret(deps.db, 'mail_unsubscribe_secret'), token);
  if (!read || !(await mailUser(deps.db, read.userId))) throw badLink();
  return read;
}

/** What an unsubscribe link would stop, and in which language to say so, without changing anything (the confirmation page). */
export async function readUnsubscribeLink(deps: EngineDeps, token: string) {
  const { userId, scope } = await scopeOf(deps, token);
  return { scope, language: (await mailUser(deps.db, userId))!.language };
}

/**
 * Unsubscribes by a mail's link (RFC 8058 one-click, or the confirmation
 * page's button): its kind becomes "never", or for the digest every kind the
 * digest carries. Doing it again changes nothing.
 */
export async function unsubscribeByLink(deps: EngineDeps, token: string) {
  const { userId, scope } = await scopeOf(deps, token);
  const settings = await settingsOf(deps, userId);
  const kinds = scope === 'digest' ? settings.preferences.filter((p) => p.delivery === 'digest').map((p) => p.kind) : [scope];
  await setMailPreferences(
    deps.db,
    userId,
    kinds.map((kind) => ({ kind, delivery: 'never' as const })),
    deps.clock.now(),
  );
  return { scope, kinds, language: settings.language };
}

const presentFailure = (f: MailFailureRow) => ({
  messageId: f.messageId,
  attempt: f.attempt,
  at: f.at.toISOString(),
  smtpCode: f.smtpCode,
  error: f.error,
  kind: f.kind,
  to: f.to,
  userId: f.userId,
  userName: f.userName,
  orgId: f.orgId,
  orgName: f.orgName,
  /** The message as it stands now: sent since, pending again (with when), or given up. */
  status: f.status,
  nextAttemptAt: f.status === 'pending' ? f.nextAttemptAt.toISOString() : null,
});
export type MailFailureView = ReturnType<typeof presentFailure>;

/** Failed attempts of every user's mail, newest first (`klausul mail failures`). */
export async function mailFailures(deps: EngineDeps, input: { orgId?: string | undefined; limit?: number } = {}): Promise<MailFailureView[]> {
  return (await listMailFailures(deps.db, { orgId: input.orgId, limit: input.limit ?? 100 })).map(presentFailure);
}

/** An organisation's admin sees the failed attempts of its own users' mail. */
export async function mailFailuresOfMyOrganisation(deps: EngineDeps, actor: Actor, limit = 100): Promise<MailFailureView[]> {
  if (actor.role !== 'admin')
    throw new KlausulError('forbidden', `Failed mail is shown to your organisation's admin; you are signed in as ${actor.role}.`, { requiredRole: 'admin' });
  return mailFailures(deps, { orgId: actor.orgId, limit });
}

/** A message given up sent again (`klausul mail retry --message ID`), or every one (`--all`). */
export async function retryMail(deps: EngineDeps, input: { messageId?: string | undefined; all?: boolean }) {
  if (!input.messageId && !input.all)
    throw validationError('Which message?', [{ path: 'message', message: 'give --message <message id> (see `klausul mail failures`) or --all' }]);
  if (input.messageId) {
    const message = await findMailMessage(deps.db, input.messageId);
    if (!message) throw notFound('Mail message', input.messageId);
    if (message.status !== 'failed')
      throw new KlausulError('conflict', `Message ${input.messageId} is ${message.status}, not given up; only a message Klausul gave up is sent again.`);
  }
  return { retried: await retryFailedMessages(deps.db, input.messageId, deps.clock.now()) };
}
