/**
 * Mail pages (issue 23): unsubscribing by a mail's link, which works without
 * signing in (RFC 8058: a one-click POST needs no session and no CSRF token;
 * the GET page asks first, with a button), and an admin's list of the failed
 * attempts at their organisation's users' mail.
 */
import type { Hono } from 'hono';
import { KlausulError } from '../../domain/errors.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { mailFailuresOfMyOrganisation, readUnsubscribeLink, unsubscribeByLink } from '../../engine/mail.ts';
import { kindWord } from '../../mail/compose.ts';
import type { UnsubscribeScope } from '../../mail/unsubscribe-token.ts';
import { DataTable } from '../charts.tsx';
import { wordsFor, type Words } from '../i18n.ts';
import { guarded, page, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

const scopeWords = (words: Words, scope: UnsubscribeScope): string => words.t(scope === 'digest' ? 'mailKindDigest' : kindWord(scope));

/** The page in the language of the user the link belongs to. */
function unsubscribePage(c: WebContext, language: 'sv' | 'en' | undefined, body: (words: Words) => unknown, status = 200) {
  if (language) c.set('words', wordsFor(language));
  const words = c.get('words');
  return page(c, words.t('mailUnsubscribeTitle'), body(words) as never, { status });
}

const badLink = (c: WebContext) => unsubscribePage(c, undefined, (words) => <p>{words.t('mailUnsubscribeBadLink')}</p>, 400);

/** Before signing in: the link in a mail is all a reader has. */
export function unsubscribeRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/mail/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    try {
      const link = await readUnsubscribeLink(deps, token);
      return unsubscribePage(c, link.language, (words) => (
        <form method="post" action={`/app/mail/unsubscribe?token=${encodeURIComponent(token)}`} class="card">
          <p>{words.t('mailUnsubscribeConfirm').replace('{what}', scopeWords(words, link.scope))}</p>
          <button type="submit">{words.t('mailUnsubscribeButton')}</button>
        </form>
      ));
    } catch (error) {
      if (error instanceof KlausulError) return badLink(c);
      throw error;
    }
  });
  // A mail client's one-click POST (body List-Unsubscribe=One-Click) and the button above alike.
  app.post('/mail/unsubscribe', async (c) => {
    try {
      const done = await unsubscribeByLink(deps, c.req.query('token') ?? '');
      return unsubscribePage(c, done.language, (words) => <p role="status">{words.t('mailUnsubscribed').replace('{what}', scopeWords(words, done.scope))}</p>);
    } catch (error) {
      if (error instanceof KlausulError) return badLink(c);
      throw error;
    }
  });
}

const STATUS_WORD = { sent: 'mailStatusSent', failed: 'mailStatusFailed', pending: 'mailStatusPending' } as const;

async function failuresPage(deps: EngineDeps, c: WebContext): Promise<Response> {
  const words = c.get('words');
  const failures = await mailFailuresOfMyOrganisation(deps, c.get('actor')!);
  return page(
    c,
    words.t('mailFailures'),
    <>
      <p>{words.t('mailFailuresHelp')}</p>
      {failures.length === 0 ? (
        <p>{words.t('mailFailuresNone')}</p>
      ) : (
        <DataTable
          columns={[words.t('mailWhen'), words.t('mailTo'), words.t('mailWhat'), words.t('mailAttempt'), words.t('mailError'), words.t('mailStatusNow')]}
          rows={failures.map((f) => [
            words.dateTime(f.at),
            `${f.userName} <${f.to}>`,
            words.t(f.kind === 'digest' ? 'mailKindDigest' : kindWord(f.kind)),
            words.number(f.attempt, 0),
            <code>{f.error}</code>,
            words.t(STATUS_WORD[f.status]).replace('{date}', words.dateTime(f.nextAttemptAt)),
          ])}
        />
      )}
    </>,
  );
}

/** After signing in: the admin's list of failures. */
export function mailFailureRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/mail/failures', (c) => guarded(c, () => failuresPage(deps, c)));
}
