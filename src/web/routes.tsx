/**
 * The web application (issue 8), served by the same Hono app under /app:
 * server-rendered pages for officers, contractors, matching bodies and
 * auditors. Every action goes through the same engine functions as the API,
 * so the same roles, guards, versions and history apply; a refused form comes
 * back with its errors next to the fields, in the page's language.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_EVIDENCE_BYTES } from '../domain/evidence.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { SignInThrottle } from '../http/sign-in-throttle.ts';
import { OidcSignIns, type OidcSettings } from '../engine/oidc-sign-in.ts';
import { FAVICON, SCRIPT, STYLE } from './layout.tsx';
import { candidateRoutes } from './pages/candidates.tsx';
import { clauseRoutes } from './pages/clause.tsx';
import { clauseListRoutes } from './pages/clauses.tsx';
import { deliveryRoutes } from './pages/delivery.tsx';
import { eventRoutes } from './pages/events.tsx';
import { followUpRoutes } from './pages/follow-ups.tsx';
import { homeRoutes } from './pages/home.tsx';
import { loginRoutes } from './pages/login.tsx';
import { mailFailureRoutes, unsubscribeRoutes } from './pages/mail.tsx';
import { meRoutes } from './pages/me.tsx';
import { openingRoutes } from './pages/openings.tsx';
import { overviewRoutes } from './pages/overview.tsx';
import { tenderRoutes } from './pages/tenders.tsx';
import { supervisorRoutes } from './pages/supervisors.tsx';
import { subcontractingRoutes } from './subcontracting.tsx';
import { programmePageRoutes } from './pages/programme-routes.tsx';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, webSession, type WebEnv } from './session.ts';
import { deadEnd } from './plumbing.tsx';

export function webRoutes(
  deps: EngineDeps,
  options: { sessions?: SessionPolicy | undefined; signIns?: SignInThrottle; ocidPrefix?: string; mailEnabled?: boolean; oidc?: OidcSettings | undefined } = {},
): Hono<WebEnv> {
  const ocidPrefix = options.ocidPrefix ?? 'ocds-klausul';
  const app = new Hono<WebEnv>();
  const session = webSession(deps, options.sessions ?? DEFAULT_SESSION_POLICY);

  app.get('/assets/style.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));
  app.get('/assets/favicon.svg', (c) => c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  app.get('/assets/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }));

  app.use(session.read);
  // Forms are small; an evidence file or a CSV import is the largest thing posted.
  app.use(
    bodyLimit({ maxSize: Math.max(MAX_EVIDENCE_BYTES, 20 * 1024 * 1024) + 64 * 1024, onError: (c) => c.text(c.get('words').t('refusedPayloadTooLarge'), 413) }),
  );

  // A mail's unsubscribe link works without a session (RFC 8058 one-click).
  unsubscribeRoutes(app, deps);
  // Signing in comes first: every route after it needs a session.
  // Sign-in through the organisation's identity provider needs a public address to come back to (KLAUSUL_PUBLIC_URL).
  const oidc = options.oidc ? new OidcSignIns(deps, options.oidc) : undefined;
  loginRoutes(app, session, options.signIns ?? new SignInThrottle(deps.clock), oidc);
  meRoutes(app, deps, { mailEnabled: options.mailEnabled ?? false });
  mailFailureRoutes(app, deps);
  homeRoutes(app, deps);
  clauseListRoutes(app, deps);
  tenderRoutes(app, deps);
  clauseRoutes(app, deps);
  eventRoutes(app, deps);
  deliveryRoutes(app, deps);
  openingRoutes(app, deps);
  candidateRoutes(app, deps);
  // Follow-ups after placements and participants' paths (issue 21, item 3).
  followUpRoutes(app, deps);
  overviewRoutes(app, deps, ocidPrefix);
  // The supervisor register (issue 22).
  supervisorRoutes(app, deps);
  subcontractingRoutes(app, deps);
  // Programmes and their reports (issue 21).
  programmePageRoutes(app, deps);
  // Keep last: any other /app path is a page that does not exist, said in the user's language.
  app.all('*', (c) => deadEnd(c, 'not_found'));
  return app;
}
