/**
 * Signing in through the organisation's own OpenID Connect provider (issue 23,
 * item 5): the authorisation-code flow with PKCE, state and nonce (openid-client).
 *
 * The person types their e-mail address; the user with that address (or, for
 * an organisation that admits new users, the address's domain) leads to the
 * organisation's provider. The state, nonce and PKCE verifier are kept in the
 * database under the state's hash, with the hash of a token in the browser's
 * cookie, and taken once when the browser comes back: a replayed, altered or
 * stale state, or one brought back by another browser, finds nothing. The
 * provider's answer must come from the configured issuer, and its e-mail must
 * be verified (`email_verified: true`) and belong to a user of that same
 * organisation; a new user is created only when the organisation allows it.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { containsPersonalIdentityNumber } from '../domain/personal-identity-number.ts';
import {
  findIdentityProvider,
  findProviderByEmailDomain,
  findUserByEmail,
  hasIdentityProviders,
  insertPendingSignIn,
  insertUserFromProvider,
  takePendingSignIn,
  type IdentityProviderRow,
} from '../db/identity-providers.ts';
import type { EngineDeps } from './deps.ts';
import { openSecret, SecretKeyMismatch } from './secret-box.ts';

/** Where the provider sends the browser back, under KLAUSUL_PUBLIC_URL: the redirect URI to register. */
export const CALLBACK_PATH = '/app/login/oidc/callback';
/** Where the provider may send the browser after signing out there: the post-logout redirect URI to register. */
export const SIGNED_OUT_PATH = '/app/login';

/** How long a person has at the provider before the sign-in must be started again. */
const PENDING_MS = 10 * 60_000;
/** How long a provider's discovered metadata is reused before it is fetched again. */
const DISCOVERY_MS = 10 * 60_000;
const PROVIDER_TIMEOUT_S = 10;

export const providerSecretContext = (orgId: string) => `org_identity_providers:${orgId}`;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why the text is not an issuer Klausul will talk to, or undefined: HTTPS, or HTTP on this machine alone (for trying it out). */
export function issuerProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'give --issuer as a URL, such as https://login.example.se/realms/acme';
  }
  if (url.search || url.hash) return 'give the issuer without a query or fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return 'the issuer must be an https:// URL (http:// only for a provider on this machine)';
}

/** Why a sign-in through a provider was refused; each has a page of its own. */
export type OidcRefusal =
  /** No user with that address, nor an organisation that admits its domain, has a provider. */
  | 'noProvider'
  /** The provider signed in an address that is not a user of the organisation. */
  | 'noMatchingUser'
  /** The provider did not say the address is verified. */
  | 'emailUnverified'
  /** The answer, or its ID token, came from another issuer than the organisation's. */
  | 'wrongIssuer'
  /** The state is unknown: replayed, altered, stale, or brought back by another browser. */
  | 'badState'
  /** The provider refused the code: expired or already used. */
  | 'codeRefused'
  /** The provider answered with an error (the person cancelled, the provider refused). */
  | 'providerError'
  /** The provider could not be reached, or answered what cannot be used. */
  | 'providerUnavailable'
  /** The stored client secret does not open with this KLAUSUL_SECRET_KEY (or none is set). */
  | 'notConfigured';

export type Outcome<T> = ({ ok: true } & T) | { ok: false; refusal: OidcRefusal; orgId?: string; detail: string };

export interface OidcSettings {
  /** KLAUSUL_PUBLIC_URL: the redirect URI is built from it. */
  publicUrl: string;
  /** KLAUSUL_SECRET_KEY: opens the client secrets. */
  secretKey: string | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const refuse = (refusal: OidcRefusal, detail: string, orgId?: string): Outcome<never> => ({ ok: false, refusal, detail, ...(orgId ? { orgId } : {}) });

/** The sign-ins of one instance, with the providers' metadata it has discovered. */
export class OidcSignIns {
  private readonly discovered = new Map<string, { key: string; at: number; config: Promise<oidc.Configuration> }>();

  constructor(
    private readonly deps: EngineDeps,
    readonly settings: OidcSettings,
  ) {}

  /** Whether the login page offers this sign-in: some organisation has a provider. */
  offered(): Promise<boolean> {
    return hasIdentityProviders(this.deps.db);
  }

  get redirectUri(): string {
    return `${this.settings.publicUrl}${CALLBACK_PATH}`;
  }

  /** The provider's configuration: discovered from its issuer, checked to name that issuer, reused for a while. */
  private async configurationOf(provider: IdentityProviderRow): Promise<oidc.Configuration> {
    if (!this.settings.secretKey) throw new SecretKeyMismatch('KLAUSUL_SECRET_KEY is not set');
    const secret = openSecret(this.settings.secretKey, providerSecretContext(provider.org_id), provider.client_secret_sealed);
    const key = `${provider.issuer}\n${provider.client_id}\n${provider.updated_at.toISOString()}`;
    const now = Date.now();
    const known = this.discovered.get(provider.org_id);
    if (known && known.key === key && now - known.at < DISCOVERY_MS) return known.config;
    const issuer = new URL(provider.issuer);
    const config = oidc.discovery(issuer, provider.client_id, undefined, oidc.ClientSecretBasic(secret), {
      timeout: PROVIDER_TIMEOUT_S,
      ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    this.discovered.set(provider.org_id, { key, at: now, config });
    // A failed discovery is not kept: the next sign-in asks again.
    config.catch(() => {
      if (this.discovered.get(provider.org_id)?.config === config) this.discovered.delete(provider.org_id);
    });
    return config;
  }

  /** Starts a sign-in for the person with this e-mail address: where to send the browser, and the token its cookie keeps. */
  async begin(emailAddress: string): Promise<Outcome<{ url: URL; browserToken: string; orgId: string }>> {
    const email = emailAddress.trim().toLowerCase();
    const domain = /^[^@\s]+@([^@\s]+)$/.exec(email)?.[1];
    if (!domain || email.length > 320) return refuse('noProvider', 'not an e-mail address');
    const user = await findUserByEmail(this.deps.db, email);
    const provider = user ? await findIdentityProvider(this.deps.db, user.org_id) : await findProviderByEmailDomain(this.deps.db, domain);
    if (!provider)
      return refuse('noProvider', user ? 'the user’s organisation has no provider' : 'no user with that address, and no organisation admits its domain');
    let config: oidc.Configuration;
    try {
      config = await this.configurationOf(provider);
    } catch (error) {
      return refusalOf(error, provider.org_id);
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserToken = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    await insertPendingSignIn(this.deps.db, {
      id: sha256(state),
      browserHash: sha256(browserToken),
      orgId: provider.org_id,
      codeVerifier,
      nonce,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PENDING_MS),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      login_hint: email,
    });
    return { ok: true, url, browserToken, orgId: provider.org_id };
  }

  /**
   * Finishes a sign-in from the provider's answer (the callback's query) in the
   * browser that holds `browserToken`: the user to sign in, or why not.
   */
  async complete(query: URLSearchParams, browserToken: string | undefined): Promise<Outcome<{ userId: string; orgId: string; created: boolean }>> {
    const state = query.get('state');
    if (!state) return refuse('badState', 'the answer carries no state');
    const pending = await takePendingSignIn(this.deps.db, sha256(state), this.deps.clock.now());
    if (!pending) return refuse('badState', 'unknown, used or expired state');
    if (!browserToken || sha256(browserToken) !== pending.browser_hash) return refuse('badState', 'the state belongs to another browser', pending.org_id);
    const provider = await findIdentityProvider(this.deps.db, pending.org_id);
    if (!provider) return refuse('noProvider', 'the organisation’s provider was removed during the sign-in', pending.org_id);
    const orgId = provider.org_id;
    // An error answer opens nothing whoever sent it; its code alone is logged.
    const error = query.get('error');
    if (error !== null) return refuse('providerError', `the provider answered ${error.replace(/[^\w.-]/g, '').slice(0, 60)}`, orgId);

    let claims: Record<string, unknown>;
    try {
      const config = await this.configurationOf(provider);
      const callback = new URL(this.redirectUri);
      callback.search = query.toString();
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      claims = { ...idClaims };
      // Providers that keep the e-mail out of the ID token give it at the userinfo endpoint.
      if ((typeof claims.email !== 'string' || claims.email_verified === undefined) && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...info, ...claims, email: claims.email ?? info.email, email_verified: claims.email_verified ?? info.email_verified };
      }
    } catch (error) {
      return refusalOf(error, orgId);
    }

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
    if (!email) return refuse('emailUnverified', 'the provider gave no e-mail address', orgId);
    if (claims.email_verified !== true) return refuse('emailUnverified', 'the provider does not say the e-mail address is verified', orgId);
    const user = await findUserByEmail(this.deps.db, email);
    if (user) {
      if (user.org_id !== orgId) return refuse('noMatchingUser', 'the address belongs to a user of another organisation', orgId);
      return { ok: true, userId: user.id, orgId, created: false };
    }
    const domain = email.split('@')[1] ?? '';
    if (!provider.allow_new_users || !provider.new_user_role || !provider.email_domains.includes(domain)) {
      return refuse('noMatchingUser', 'no user of the organisation has that address', orgId);
    }
    const userId = await insertUserFromProvider(
      this.deps.db,
      { orgId, role: provider.new_user_role, name: nameOf(claims, email), email },
      this.deps.clock.now(),
    );
    return { ok: true, userId, orgId, created: true };
  }

  /** Where to send the browser to sign out at the organisation's provider too, when it offers that. */
  async endSessionUrl(orgId: string): Promise<URL | undefined> {
    const provider = await findIdentityProvider(this.deps.db, orgId);
    if (!provider) return undefined;
    try {
      const config = await this.configurationOf(provider);
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, { client_id: provider.client_id, post_logout_redirect_uri: `${this.settings.publicUrl}${SIGNED_OUT_PATH}` });
    } catch {
      return undefined;
    }
  }
}

/** A new user's name: the provider's `name`, unless it is missing, too long or holds an identity number; else the address. */
function nameOf(claims: Record<string, unknown>, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return name && name.length <= 200 && !containsPersonalIdentityNumber(name) ? name : email;
}

/** What an error from openid-client means for the person signing in (never with tokens in the detail). */
function refusalOf(error: unknown, orgId: string): Outcome<never> {
  if (error instanceof SecretKeyMismatch) return refuse('notConfigured', error.message, orgId);
  if (error instanceof oidc.AuthorizationResponseError) return refuse('providerError', `the provider answered ${error.error}`, orgId);
  if (error instanceof oidc.ResponseBodyError) {
    return refuse(error.error === 'invalid_grant' ? 'codeRefused' : 'providerError', `the provider's token endpoint answered ${error.error}`, orgId);
  }
  const cause =
    error instanceof oidc.ClientError ? (error.cause as { message?: string; cause?: { claim?: string; attribute?: string } } | undefined) : undefined;
  if (cause?.cause?.claim === 'iss' || cause?.cause?.attribute === 'issuer' || /"iss" \(issuer\)/.test(cause?.message ?? '')) {
    return refuse('wrongIssuer', cause?.message ?? 'issuer mismatch', orgId);
  }
  if (cause?.cause?.claim === 'nonce') return refuse('badState', 'the ID token carries another nonce', orgId);
  return refuse('providerUnavailable', error instanceof Error ? `${error.name}: ${error.message}` : String(error), orgId);
}
