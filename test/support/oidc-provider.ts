/**
 * A real OpenID Connect provider for the sign-in tests: `oidc-provider` on a
 * free local port, with one confidential client (Klausul, PKCE required) and
 * test accounts whose e-mail is verified or not. Its development login and
 * consent pages accept any password; the login is the account's id.
 * `relabelled()` serves the same provider's metadata under another issuer
 * (a provider whose tokens name someone else), for the wrong-issuer case.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The next authorisation codes live one second (the least the provider allows), for the expired-code case. */
  shortCodes(on: boolean): void;
  /** The same provider's metadata under another issuer; its tokens still name the provider's own. */
  relabelled(): Promise<string>;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export async function startTestProvider(options: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<TestProvider> {
  const clientId = 'klausul';
  const clientSecret = 'a-client-secret-of-the-test-provider';
  let short = false;
  const server = createServer();
  const issuer = await listen(server);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['a-cookie-key-of-the-test-provider'] },
    ttl: { AuthorizationCode: () => (short ? 1 : 60) },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) => {
      const account = options.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
  });
  server.on('request', provider.callback());

  const fronts: Server[] = [];
  return {
    issuer,
    clientId,
    clientSecret,
    shortCodes: (on) => {
      short = on;
    },
    async relabelled() {
      const front = createServer(async (req, res) => {
        if (req.url !== '/.well-known/openid-configuration') {
          res.writeHead(404).end();
          return;
        }
        const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
        // Claims to be another issuer, and does not promise the `iss` response parameter, so the ID token's `iss` is what tells.
        const { authorization_response_iss_parameter_supported: _, ...rest } = metadata;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...rest, issuer: frontIssuer }));
      });
      fronts.push(front);
      const frontIssuer = await listen(front);
      return frontIssuer;
    },
    close: async () => {
      for (const s of [server, ...fronts]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    },
  };
}
