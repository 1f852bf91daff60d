/**
 * Signing in to the web application: an API key is exchanged for a session
 * whose random token travels in a signed, HttpOnly, SameSite=Strict cookie;
 * only the token's hash is stored, bound to the key (revoking the key ends
 * the session). Every form carries the session's CSRF token.
 */
import type { FormBody } from './forms.tsx';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { Actor } from '../domain/roles.ts';
import { findKeyForSignIn } from '../db/organisations.ts';
import { deleteSession, findSession, insertSession, sharedSecret } from '../db/sessions.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { isWebLanguage, wordsFor, type WebLanguage, type Words } from './i18n.ts';

export interface WebEnv {
  Variables: {
    requestId: string;
    actor: Actor | undefined;
    csrfToken: string;
    words: Words;
    /** A post's form, read (and judged UTF-8) once by the middleware that checks its CSRF token. */
    form: FormBody | undefined;
  };
}

const SESSION_COOKIE = 'klausul_session';
const LOGIN_CSRF_COOKIE = 'klausul_login_csrf';
const LANGUAGE_COOKIE = 'klausul_lang';
const SESSION_HOURS = 12;

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

export function webSession(deps: EngineDeps) {
  const secret = secretOf(deps);

  /** Reads the session (if any) and the language into the request. */
  const read: MiddlewareHandler<WebEnv> = async (c, next) => {
    c.set('words', wordsFor(languageOf(c)));
    const token = await getSignedCookie(c, await secret(), SESSION_COOKIE);
    const session = token ? await findSession(deps.db, hashToken(token), deps.clock.now()) : undefined;
    c.set('actor', session?.actor);
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

  /** Signs in with an API key: true and a session cookie, or false for an unknown key or a forged form. */
  const signIn = async (c: Context<WebEnv>, apiKey: string, csrf: string): Promise<'ok' | 'badKey' | 'csrf'> => {
    if (!sameToken(csrf, getCookie(c, LOGIN_CSRF_COOKIE))) return 'csrf';
    const found = await findKeyForSignIn(deps.db, apiKey.trim());
    if (!found) return 'badKey';
    const token = newToken();
    const now = deps.clock.now();
    await insertSession(deps.db, {
      id: hashToken(token),
      apiKeyId: found.apiKeyId,
      csrfToken: newToken(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000),
    });
    await setSignedCookie(c, SESSION_COOKIE, token, await secret(), { ...cookieOptions(c), maxAge: SESSION_HOURS * 3600 });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
    return 'ok';
  };

  const signOut = async (c: Context<WebEnv>): Promise<void> => {
    const token = await getSignedCookie(c, await secret(), SESSION_COOKIE);
    if (token) await deleteSession(deps.db, hashToken(token), deps.clock.now());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
  };

  return { read, loginCsrf, signIn, signOut };
}
