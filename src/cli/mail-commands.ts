/**
 * The CLI's mail commands (issue 23): `user set` (a user's e-mail address and
 * mail language), `mail failures` (failed attempts, newest first) and `mail
 * retry` (a message Klausul gave up, sent again).
 */
import type { EngineDeps } from '../engine/deps.ts';

export interface MailCliOptions {
  user?: string | undefined;
  email?: string | undefined;
  language?: string | undefined;
  org?: string | undefined;
  message?: string | undefined;
  all?: boolean | undefined;
}

export const MAIL_USAGE = `  user set --user USER_ID [--email ADDRESS] [--language sv|en]
                                          a user's e-mail address (unique regardless of case; --email '' removes it) and the language of their mail
  mail failures [--org ORG_ID]            failed attempts to send mail, newest first, with each message's status now
  mail retry --message MESSAGE_ID | --all send again a message Klausul gave up (see mail failures)`;

export const MAIL_COMMANDS = ['user set', 'mail failures', 'mail retry'] as const;

/** Runs a mail command; its JSON and its text. */
export async function runMailCommand(command: string, deps: EngineDeps, options: MailCliOptions): Promise<{ json: unknown; text: string }> {
  switch (command) {
    case 'user set': {
      const { setUserContact } = await import('../engine/admin.ts');
      const user = await setUserContact(deps, { userId: options.user, email: options.email, language: options.language });
      return { json: user, text: `User ${user.name} (${user.id}): e-mail ${user.email ?? 'none'}, mail in ${user.language === 'sv' ? 'Swedish' : 'English'}.` };
    }
    case 'mail failures': {
      const { mailFailures } = await import('../engine/mail.ts');
      const failures = await mailFailures(deps, { orgId: options.org });
      const lines = failures.map(
        (f) =>
          `${f.at}  message ${f.messageId} attempt ${f.attempt}  to ${f.userName} <${f.to}> (${f.orgName})  ${f.kind}  ${f.smtpCode ?? '-'} ${f.error}  now: ${f.status}${f.nextAttemptAt ? ` (next attempt ${f.nextAttemptAt})` : ''}`,
      );
      return { json: failures, text: lines.join('\n') || 'No failed mail.' };
    }
    default: {
      const { retryMail } = await import('../engine/mail.ts');
      const retried = await retryMail(deps, { messageId: options.message, all: options.all });
      return { json: retried, text: retried.retried.length ? `Sending again: ${retried.retried.join(', ')}.` : 'No message was given up.' };
    }
  }
}
