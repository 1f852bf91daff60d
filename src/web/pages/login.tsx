/** Signing in and out, and the session and CSRF token every other page needs. */
import type { Hono } from 'hono';
import { KlausulError } from '../../domain/errors.ts';
import { STATUS_BY_CODE } from '../../http/errors.ts';
import type { SignInThrottle } from '../../http/sign-in-throttle.ts';
import { readForm } from '../form-body.ts';
import type { FormBody } from '../forms.tsx';
import { page, type WebContext } from '../plumbing.tsx';
import { sameToken, type webSession, type WebEnv } from '../session.ts';
import type { OidcSignIns } from '../../engine/oidc-sign-in.ts';
import { OidcSignInForm, oidcSignInRoutes, providerSignOut } from './oidc-sign-in.tsx';

type Session = ReturnType<typeof webSession>;

async function loginPage(c: WebContext, session: Session, signIns: OidcSignIns | undefined, problem?: string, status = 200) {
  const words = c.get('words');
  const csrf = session.loginCsrf(c);
  const withProvider = signIns !== undefined && (await signIns.offered());
  return page(
    c,
    words.t('signIn'),
    <>
      {withProvider ? <OidcSignInForm words={words} csrf={csrf} /> : null}
      <form method="post" action="/app/login" class="card">
        {withProvider ? <h2>{words.t('oidcWithApiKey')}</h2> : null}
        <input type="hidden" name="_csrf" value={csrf} />
        <div class={`field${problem ? ' invalid' : ''}`}>
          <label for="apiKey">{words.t('apiKey')}</label>
          <input
            type="password"
            id="apiKey"
            name="apiKey"
            autocomplete="current-password"
            required
            aria-describedby="apiKey-help"
            aria-invalid={problem ? 'true' : undefined}
          />
          <small id="apiKey-help" class="help">
            {words.t('apiKeyHelp')}
          </small>
          {problem ? (
            <strong class="field-error" role="alert">
              {problem}
            </strong>
          ) : null}
        </div>
        <button type="submit">{words.t('signIn')}</button>
      </form>
    </>,
    { status },
  );
}

/** The sign-in page; after it, every page needs a session and every post its CSRF token. */
export function loginRoutes(app: Hono<WebEnv>, session: Session, throttle: SignInThrottle, signIns?: OidcSignIns): void {
  oidcSignInRoutes(app, session, throttle, signIns);
  app.get('/login', (c) => (c.get('actor') ? c.redirect('/app', 303) : loginPage(c, session, signIns)));
  app.post('/login', async (c) => {
    const words = c.get('words');
    const address = c.get('clientAddress');
    const wait = throttle.retryAfterSeconds(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return loginPage(c, session, signIns, words.t('tooManySignIns').replace('{n}', words.number(wait)), 429);
    }
    const body = await c.req.parseBody();
    const result = await session.signIn(c, String(body.apiKey ?? ''), String(body._csrf ?? ''));
    if (result === 'ok') return c.redirect('/app', 303);
    if (result === 'badKey') throttle.fail(address);
    return loginPage(c, session, signIns, result === 'badKey' ? words.t('badKey') : words.t('formExpired'), result === 'badKey' ? 401 : 403);
  });

  app.use(async (c, next) => {
    if (!c.get('actor')) return c.redirect('/app/login', 303);
    if (c.req.method === 'POST') {
      // A form that cannot be read is refused before anything else looks at it.
      let form: FormBody = {};
      if (!c.req.header('content-type')?.startsWith('application/json')) {
        try {
          form = await readForm(c);
        } catch (error) {
          if (!(error instanceof KlausulError)) throw error;
          const words = c.get('words');
          return page(c, words.t('formUnreadable'), <p>{words.t('formUnreadable')}</p>, { status: STATUS_BY_CODE[error.code] });
        }
      }
      c.set('form', form);
      const token = c.req.header('x-csrf-token') ?? (typeof form._csrf === 'string' ? form._csrf : '');
      if (!sameToken(token, c.get('csrfToken'))) return c.text(c.get('words').t('formOutOfDate'), 403);
    }
    await next();
  });
  app.post('/logout', async (c) => {
    const actor = c.get('actor');
    const openedByProvider = c.get('sessionOpenedBy') === 'provider';
    await session.signOut(c);
    c.set('actor', undefined);
    const onward = openedByProvider && actor ? await providerSignOut(c, signIns, actor.orgId) : undefined;
    return onward ?? c.redirect('/app/login', 303);
  });
}
