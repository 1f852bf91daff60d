/**
 * Signing in to the web application: an API key is exchanged for a session
 * whose random token travels in a signed, HttpOnly, SameSite=Strict cookie;
 * only the token's hash is stored, bound to the key (revoking the key ends
 * the session). The organisation's identity provider opens the same kind of
 * session, bound to the user it signed in (src/web/pages/oidc-sign-in.tsx). Every form carries the session's CSRF token. A session ends
 * after a while without requests (its idle limit) and, however busy, after
 * its absolute limit (README.md, Retention); the retention sweep removes it.
 */
import type { FormBody } from './forms.tsx';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { Actor } from '../domain/roles.ts';
import { findKeyForSignIn } from '../db/organisations.ts';
import { deleteSession, extendSession, findSession, insertSession, type SessionOwner, sharedSecret } from '../db/sessions.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { isWebLanguage, wordsFor, type WebLanguage, type Words } from './i18n.ts';

export interface WebEnv {
  Variables: {
    requestId: string;
    /** Where the request came from, set by the app's request logging. */
    clientAddress: string;
    actor: Actor | undefined;
    /** How the session was opened: with an API key or by the organisation's identity provider. */
    sessionOpenedBy: 'apiKey' | 'provider' | undefined;
    csrfToken: string;
    words: Words;
    /** A post's form, read (and judged UTF-8) once by the middleware that checks its CSRF token. */
    form: FormBody | undefined;
  };
}

const SESSION_COOKIE = 'klausul_session';
const LOGIN_CSRF_COOKIE = 'klausul_login_csrf';
const LANGUAGE_COOKIE = 'klausul_lang';

/** How long a web session lasts (KLAUSUL_SESSION_IDLE_MINUTES, KLAUSUL_SESSION_HOURS). */
export interface SessionPolicy {
  /** Ends after this many minutes without a request. */
  idleMinutes: number;
  /** Ends this many hours after sign-in, however busy. */
  hours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 120, hours: 12 };

/** A request moves the expiry only when it would move by more than this, so most requests write nothing. */
const EXTEND_STEP_MS = 60_000;

/** When a session used now expires: its idle limit from now, but never after its absolute limit. */
export const sessionExpiry = (policy: SessionPolicy, createdAt: Date, now: Date): Date =>
  new Date(Math.min(now.getTime() + policy.idleMinutes * 60_000, createdAt.getTime() + policy.hours * 3_600_000));

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Secure cookies when the request came over HTTPS (directly or through a proxy that says so). */
const secure = (c: Context): boolean => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Strict' as const, path: '/', secure: secure(c) });

/** The cookie-signing secret every instance shares (created by the first). */
function secretOf(deps: EngineDeps): () => Promise<string> {
  let secret: Promise<string> | undefined;
  return () =>
    (secret ??= sharedSecret(deps.db, 'session_cookie_secret').catch((error) => {
      secret = undefined;
      throw error;
    }));
}

/** The user's language: the `?lang=` just chosen, the cookie, or the browser's preference (Swedish unless it asks for English first). */
function languageOf(c: Context): WebLanguage {
  const chosen = c.req.query('lang');
  if (isWebLanguage(chosen)) {
    setCookie(c, LANGUAGE_COOKIE, chosen, { ...cookieOptions(c), maxAge: 365 * 24 * 3600 });
    return chosen;
  }
  const stored = getCookie(c, LANGUAGE_COOKIE);
  if (isWebLanguage(stored)) return stored;
  return /^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'sv';
}

export function webSession(deps: EngineDeps, policy: SessionPolicy = DEFAULT_SESSION_POLICY) {
  const secret = secretOf(deps);

  /** Reads the session (if any) and the language into the request. */
  const read: MiddlewareHandler<WebEnv> = async (c, next) => {
    c.set('words', wordsFor(languageOf(c)));
    const token = await getSignedCookie(c, await secret(), SESSION_COOKIE);
    const now = deps.clock.now();
    const id = token ? hashToken(token) : undefined;
    const session = id ? await findSession(deps.db, id, now) : undefined;
    if (id && session) {
      const expiry = sessionExpiry(policy, session.createdAt, now);
      if (expiry.getTime() - session.expiresAt.getTime() > EXTEND_STEP_MS) await extendSession(deps.db, id, expiry, now);
    }
    c.set('actor', session?.actor);
    c.set('sessionOpenedBy', session?.openedBy);
    c.set('csrfToken', session?.csrfToken ?? '');
    await next();
  };

  /** The CSRF token a login form carries before there is a session (double submit). */
  const loginCsrf = (c: Context<WebEnv>): string => {
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    if (existing) return existing;
    const token = newToken();
    setCookie(c, LOGIN_CSRF_COOKIE, token, { ...cookieOptions(c), maxAge: 3600 });
    return token;
  };

  /** Opens a session for its owner and gives the browser its cookie. */
  const openSession = async (c: Context<WebEnv>, owner: SessionOwner): Promise<void> => {
    const token = newToken();
    const now = deps.clock.now();
    await insertSession(deps.db, { id: hashToken(token), owner, csrfToken: newToken(), createdAt: now, expiresAt: sessionExpiry(policy, now, now) });
    await setSignedCookie(c, SESSION_COOKIE, token, await secret(), { ...cookieOptions(c), maxAge: policy.hours * 3600 });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
  };

  /** Whether a login form's CSRF token is the one this browser was given. */
  const isLoginCsrf = (c: Context<WebEnv>, csrf: string): boolean => sameToken(csrf, getCookie(c, LOGIN_CSRF_COOKIE));

  /** Signs in with an API key: true and a session cookie, or false for an unknown key or a forged form. */
  const signIn = async (c: Context<WebEnv>, apiKey: string, csrf: string): Promise<'ok' | 'badKey' | 'csrf'> => {
    if (!isLoginCsrf(c, csrf)) return 'csrf';
    const found = await findKeyForSignIn(deps.db, apiKey.trim());
    if (!found) return 'badKey';
    await openSession(c, { apiKeyId: found.apiKeyId });
    return 'ok';
  };

  /** Signs in a user whom the organisation's identity provider vouched for. */
  const signInUser = (c: Context<WebEnv>, userId: string): Promise<void> => openSession(c, { userId });

  const signOut = async (c: Context<WebEnv>): Promise<void> => {
    const token = await getSignedCookie(c, await secret(), SESSION_COOKIE);
    if (token) await deleteSession(deps.db, hashToken(token), deps.clock.now());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
  };

  return { read, loginCsrf, isLoginCsrf, signIn, signInUser, signOut };
}
