/**
 * Signing in with the organisation's own identity provider (issue 23, item 5):
 * the e-mail form on the login page, the start (which sends the browser to the
 * provider) and the callback (which opens the web application's own session
 * for the matching user, or says in words why not). Refusals are logged with
 * the organisation and the reason, never with codes or tokens.
 *
 * Leaving for the provider and coming back are answered with a page that moves
 * on by itself (a Refresh header) rather than a redirect: the policy lets forms
 * post only to Klausul (form-action 'self'), which a redirect after a post
 * would break, and the session cookie is SameSite=Strict, which a browser does
 * not send on a redirect that began at the provider's site.
 */
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import pino from 'pino';
import type { OidcRefusal, OidcSignIns } from '../../engine/oidc-sign-in.ts';
import { requestLogger } from '../../http/logging.ts';
import type { SignInThrottle } from '../../http/sign-in-throttle.ts';
import type { WordKey, Words } from '../i18n.ts';
import { page, type WebContext } from '../plumbing.tsx';
import type { webSession, WebEnv } from '../session.ts';

type Session = ReturnType<typeof webSession>;

/** The browser's half of a sign-in under way: sent back to the callback on the provider's redirect, so SameSite=Lax. */
const BROWSER_COOKIE = 'klausul_oidc';
const BROWSER_COOKIE_PATH = '/app/login/oidc';

const REFUSAL: Record<OidcRefusal, { words: WordKey; status: 400 | 401 | 403 | 502 | 503 }> = {
  noProvider: { words: 'oidcRefusedNoProvider', status: 401 },
  noMatchingUser: { words: 'oidcRefusedNoMatchingUser', status: 403 },
  emailUnverified: { words: 'oidcRefusedEmailUnverified', status: 403 },
  wrongIssuer: { words: 'oidcRefusedWrongIssuer', status: 502 },
  badState: { words: 'oidcRefusedBadState', status: 400 },
  codeRefused: { words: 'oidcRefusedCodeRefused', status: 400 },
  providerError: { words: 'oidcRefusedProviderError', status: 401 },
  providerUnavailable: { words: 'oidcRefusedProviderUnavailable', status: 502 },
  notConfigured: { words: 'oidcRefusedNotConfigured', status: 503 },
};

/** Refusals a guesser could make many of; they count towards the address's sign-in throttle. */
const THROTTLED: ReadonlySet<OidcRefusal> = new Set(['noProvider', 'noMatchingUser', 'badState']);

const quietLogger = pino({ level: 'silent' });

/** The login page's e-mail form. */
export function OidcSignInForm({ words, csrf }: { words: Words; csrf: string }) {
  return (
    <form method="post" action="/app/login/oidc" class="card" id="oidc-sign-in">
      <h2>{words.t('oidcSignIn')}</h2>
      <input type="hidden" name="_csrf" value={csrf} />
      <div class="field">
        <label for="oidcEmail">{words.t('oidcEmail')}</label>
        <input type="email" id="oidcEmail" name="email" autocomplete="email" required maxlength={320} aria-describedby="oidcEmail-help" />
        <small id="oidcEmail-help" class="help">
          {words.t('oidcEmailHelp')}
        </small>
      </div>
      <button type="submit">{words.t('oidcContinue')}</button>
    </form>
  );
}

/** A page that moves on to `to` by itself, with a link for a browser that does not. */
function movingOn(c: WebContext, title: string, text: string, to: string, linkText: string) {
  c.header('refresh', `0;url=${to}`);
  return page(
    c,
    title,
    <>
      <p>{text}</p>
      <p>
        <a href={to} id="move-on">
          {linkText}
        </a>
      </p>
    </>,
  );
}

function refusedPage(c: WebContext, refusal: OidcRefusal) {
  const words = c.get('words');
  const { words: key, status } = REFUSAL[refusal];
  return page(
    c,
    words.t('oidcRefusedTitle'),
    <>
      <p role="alert" id="oidc-refusal" data-refusal={refusal}>
        {words.t(key)}
      </p>
      <p>
        <a href="/app/login">{words.t('oidcBackToSignIn')}</a>
      </p>
    </>,
    { status },
  );
}

/** The start and the callback; registered before the routes that need a session. */
export function oidcSignInRoutes(app: Hono<WebEnv>, session: Session, throttle: SignInThrottle, signIns: OidcSignIns | undefined): void {
  if (!signIns) return;
  const logRefusal = (c: WebContext, outcome: { refusal: OidcRefusal; orgId?: string; detail: string }) =>
    requestLogger(c, quietLogger).warn(
      { refusal: outcome.refusal, orgId: outcome.orgId, detail: outcome.detail },
      'sign-in through an identity provider refused',
    );

  app.post('/login/oidc', async (c) => {
    const words = c.get('words');
    const address = c.get('clientAddress');
    const wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return page(c, words.t('signIn'), <p role="alert">{words.t('tooManySignIns').replace('{n}', words.number(wait))}</p>, { status: 429 });
    }
    const body = await c.req.parseBody();
    if (!session.isLoginCsrf(c, String(body._csrf ?? ''))) return page(c, words.t('signIn'), <p role="alert">{words.t('formExpired')}</p>, { status: 403 });
    const outcome = await signIns.begin(String(body.email ?? ''));
    if (!outcome.ok) {
      if (THROTTLED.has(outcome.refusal)) throttle.fail(address);
      logRefusal(c, outcome);
      return refusedPage(c, outcome.refusal);
    }
    setCookie(c, BROWSER_COOKIE, outcome.browserToken, {
      httpOnly: true,
      sameSite: 'Lax',
      path: BROWSER_COOKIE_PATH,
      secure: signIns.settings.publicUrl.startsWith('https:'),
      maxAge: 600,
    });
    return movingOn(c, words.t('oidcSignIn'), words.t('oidcGoing'), outcome.url.href, words.t('oidcGoingLink'));
  });

  app.get('/login/oidc/callback', async (c) => {
    const words = c.get('words');
    const browserToken = getCookie(c, BROWSER_COOKIE);
    deleteCookie(c, BROWSER_COOKIE, { path: BROWSER_COOKIE_PATH });
    const outcome = await signIns.complete(new URL(c.req.url).searchParams, browserToken);
    if (!outcome.ok) {
      if (THROTTLED.has(outcome.refusal)) throttle.fail(c.get('clientAddress'));
      logRefusal(c, outcome);
      return refusedPage(c, outcome.refusal);
    }
    await session.signInUser(c, outcome.userId);
    requestLogger(c, quietLogger).info({ userId: outcome.userId, orgId: outcome.orgId, created: outcome.created }, 'signed in through an identity provider');
    return movingOn(c, words.t('signIn'), words.t('oidcSignedIn'), '/app', words.t('backToStart'));
  });
}

/** After signing out of a session the provider opened: on to the provider's own sign-out, when it offers one. */
export async function providerSignOut(c: WebContext, signIns: OidcSignIns | undefined, orgId: string): Promise<Response | undefined> {
  const away = signIns ? await signIns.endSessionUrl(orgId) : undefined;
  if (!away) return undefined;
  const words = c.get('words');
  return movingOn(c, words.t('signOut'), words.t('oidcSignedOut'), away.href, words.t('oidcGoingLink'));
}
