/**
 * klausul <command> [--json]
 * With --json every command prints exactly one JSON document on stdout.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { KlausulError } from '../domain/errors.ts';
import { DataDirInUseError } from '../db/data-dir-lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { listOrganisations } from '../db/organisations.ts';
import { openStore } from '../db/create-db.ts';
import { addOrganisation, addUser, listKeys, revokeKey, rotateKey, setOrganisation } from '../engine/admin.ts';
import { clockStartingAt, systemClock } from '../engine/clock.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { openConfiguredStore } from '../store.ts';
import { MAIL_COMMANDS, MAIL_USAGE, runMailCommand } from './mail-commands.ts';

const USAGE = `Usage: klausul <command> [options] [--json]

Commands:
  serve [--demo]                          run the HTTP service (PORT, DATABASE_URL, KLAUSUL_DATA_DIR); --demo seeds a demo
                                          into an empty store and prints its keys (npm start; refused with NODE_ENV=production)
  migrate                                 bring the database schema up to date
  org add --name NAME --kind buyer|supplier|matching_body [--org-number NNNNNN-NNNN] [--social-enterprise yes|no]
  org set --org ORG_ID [--org-number NNNNNN-NNNN] [--social-enterprise yes|no]
                                          a supplier that is a work-integration social enterprise (arbetsintegrerande
                                          socialt företag) is flagged with --social-enterprise yes
  org list
  org oidc --org ORG_ID --issuer URL --client-id ID --client-secret SECRET|- [--allow-new-users --email-domain DOMAINS [--new-user-role ROLE]]
                                          sign-in with the organisation's OpenID Connect provider (KLAUSUL_SECRET_KEY seals the
                                          secret; - reads it from stdin); org oidc [--org ORG_ID] lists; --org ORG_ID --remove removes
  user add --org ORG_ID --role officer|auditor|admin (buyer), contractor|admin (supplier), matcher|admin (matching_body) --name NAME
           [--email ADDRESS] [--language sv|en]
                                          prints the new API key once
${MAIL_USAGE}
  key list [--org ORG_ID] [--user USER_ID]
                                          API keys: id, user, role, organisation, prefix, created, revoked (never the key)
  key revoke --key KEY_ID                 revoke a key: refused from the next request on, its web sessions end
  key rotate --user USER_ID               issue a new key for the user (printed once) and revoke the user's other keys
  demo                                    seed a demo (a housing company, a contractor, a matching body) and print its keys
  openapi                                 print the OpenAPI document of the HTTP API (JSON; opens no database)
  erase --candidate REF | --participant REF
                                          erase a candidate (every pool's) or a participant (every clause's) by reference:
                                          references and free text in history, snapshots and evidence; prints counts only
  verify                                  replay the history of every clause, placement, report, opening and proposal
                                          and compare it with the stored snapshot

Options:
  --json                                  print one JSON document on stdout`;

class UsageError extends Error {}

// --- Sign-in with the organisation's identity provider (issue 23, item 5) ---
const OIDC_OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'allow-new-users': { type: 'boolean' },
  'new-user-role': { type: 'string' },
  'email-domain': { type: 'string' },
  remove: { type: 'boolean', default: false },
} as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** `org oidc`, with a refusal's issues in its message: the text output shows only the message. */
async function orgOidc(config: Config, values: Record<string, string | boolean | undefined>): Promise<Output> {
  try {
    return await orgOidcCommand(config, values);
  } catch (error) {
    const issues = error instanceof KlausulError ? (error.details.issues as Array<{ path: string; message: string }> | undefined) : undefined;
    if (!issues?.length || !(error instanceof KlausulError) || error.message.includes(issues[0]!.message)) throw error;
    throw new KlausulError(error.code, `${error.message}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, error.details);
  }
}

/** Configures (with --issuer), removes (--remove) or lists the organisations' providers. */
async function orgOidcCommand(config: Config, values: Record<string, string | boolean | undefined>): Promise<Output> {
  const { configureOidcProvider, listOidcProviders, removeOidcProvider } = await import('../engine/oidc-admin.ts');
  const setup = { secretKey: config.KLAUSUL_SECRET_KEY, publicUrl: config.KLAUSUL_PUBLIC_URL };
  const orgId = values.org as string | undefined;
  const register = (uri: string | null) =>
    uri
      ? `Register ${uri} as the redirect URI at the provider (and ${config.KLAUSUL_PUBLIC_URL}/app/login as the post-logout redirect URI).`
      : 'Set KLAUSUL_PUBLIC_URL on the server (the address users reach Klausul at) and register <that address>/app/login/oidc/callback as the redirect URI at the provider.';
  if (values.remove) {
    const removed = await withDeps(config, (deps) => removeOidcProvider(deps, { orgId }));
    return {
      json: removed,
      text: removed.removed
        ? `Removed the identity provider of organisation ${removed.orgId}; sessions it opened have ended.`
        : `Organisation ${removed.orgId} had no identity provider.`,
    };
  }
  if (values.issuer === undefined && values['client-id'] === undefined && values['client-secret'] === undefined) {
    const providers = await withDeps(config, (deps) => listOidcProviders(deps, setup, { orgId }));
    const lines = providers.map(
      (p) =>
        `${p.orgId}  ${p.orgName ?? ''}  issuer ${p.issuer}  client ${p.clientId}  secret ${p.clientSecret}  ` +
        (p.allowNewUsers ? `new users as ${p.newUserRole} from ${p.emailDomains.join(', ')}` : 'no new users'),
    );
    return { json: providers, text: lines.join('\n') || 'No organisation has an identity provider.' };
  }
  const secret = values['client-secret'] === '-' ? await readStdin() : (values['client-secret'] as string | undefined);
  const provider = await withDeps(config, (deps) =>
    configureOidcProvider(deps, setup, {
      orgId,
      issuer: values.issuer as string | undefined,
      clientId: values['client-id'] as string | undefined,
      clientSecret: secret,
      allowNewUsers: values['allow-new-users'] as boolean | undefined,
      newUserRole: values['new-user-role'] as string | undefined,
      emailDomains: values['email-domain'] as string | undefined,
    }),
  );
  return {
    json: provider,
    text: [
      `Organisation ${provider.orgName} signs in with ${provider.issuer} (client ${provider.clientId}; the secret is stored sealed).`,
      provider.allowNewUsers
        ? `New users with a verified address at ${provider.emailDomains.join(', ')} are created as ${provider.newUserRole} on their first sign-in.`
        : 'Only existing users of the organisation, matched by verified e-mail, can sign in this way.',
      register(provider.redirectUri),
    ].join('\n'),
  };
}
// --- end of sign-in with the organisation's identity provider ---

interface Output {
  json: unknown;
  text: string;
  exitCode?: number;
}

async function withDeps<T>(config: Config, work: (deps: EngineDeps) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(config);
  const clock = config.KLAUSUL_NOW ? clockStartingAt(new Date(config.KLAUSUL_NOW)) : systemClock;
  try {
    return await work({ db: store.db, clock });
  } finally {
    await store.close();
  }
}

const KIND_WORDS: Record<string, [string, string]> = {
  clause: ['clause', 'clauses'],
  placement: ['placement', 'placements'],
  report: ['period report', 'period reports'],
  opening: ['opening', 'openings'],
  proposal: ['proposal', 'proposals'],
  offer: ['offer of employment', 'offers of employment'],
};

/** "2 clauses, 0 placements, 0 period reports, 2 openings and 1 proposal" (kinds named as they come). */
function describeCounts(byKind: Record<string, number>): string {
  const parts = Object.entries(byKind).map(([kind, n]) => {
    const [one, many] = KIND_WORDS[kind] ?? [kind, `${kind}s`];
    return `${n} ${n === 1 ? one : many}`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

/** The verify report's history chain check, when the report has one: `{ ok, checkedRows, broken?, firstBroken }`. */
function chainLine(chain: unknown): string | undefined {
  if (!chain || typeof chain !== 'object') return undefined;
  const { ok, checkedRows, broken, firstBroken } = chain as { ok?: unknown; checkedRows?: unknown; broken?: unknown; firstBroken?: unknown };
  const rows = typeof checkedRows === 'number' ? `${checkedRows} history rows` : 'the history rows';
  if (ok === true) return `History chain: OK, ${rows} checked.`;
  const count = typeof broken === 'number' ? `${broken} broken link${broken === 1 ? '' : 's'} in ${rows}` : `broken links in ${rows}`;
  let first = '';
  if (firstBroken && typeof firstBroken === 'object') {
    const f = firstBroken as { kind?: unknown; instanceId?: unknown; seq?: unknown; problem?: unknown };
    first =
      f.instanceId !== undefined
        ? `; first: ${String(f.kind ?? 'instance')} ${String(f.instanceId)}${f.seq !== undefined ? ` at seq ${String(f.seq)}` : ''}${f.problem ? `: ${String(f.problem)}` : ''}`
        : `; first: ${JSON.stringify(firstBroken)}`;
  } else if (firstBroken !== undefined && firstBroken !== null) {
    first = `; first: ${String(firstBroken)}`;
  }
  return `History chain: BROKEN, ${count}${first}.`;
}

async function run(argv: string[]): Promise<Output | 'serving'> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      kind: { type: 'string' },
      'org-number': { type: 'string' },
      'social-enterprise': { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      user: { type: 'string' },
      key: { type: 'string' },
      candidate: { type: 'string' },
      participant: { type: 'string' },
      demo: { type: 'boolean', default: false },
      // Mail (issue 23): user add/set --email --language, mail retry --message | --all.
      email: { type: 'string' },
      language: { type: 'string' },
      message: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...OIDC_OPTIONS,
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) throw new UsageError(USAGE);
  // The server, the API description, the demo and the replay are loaded by the commands that use them:
  // every command is a process of its own, and the key and organisation commands start in a fraction of the time.
  if (command === 'openapi') {
    const { openApiDocument } = await import('../app.ts');
    const document = openApiDocument();
    return { json: document, text: JSON.stringify(document, null, 2) };
  }
  const config = loadConfig();

  if ((MAIL_COMMANDS as readonly string[]).includes(command)) return withDeps(config, (deps) => runMailCommand(command, deps, values));

  switch (command) {
    case 'serve': {
      const { startServer } = await import('../main.ts');
      const server = await startServer(config, { demo: values.demo });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void server.stop().then(() => process.exit(0)));
      }
      return 'serving';
    }
    case 'migrate': {
      const store = await openStore(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.KLAUSUL_DATA_DIR });
      try {
        const report = await migrateToLatest(store.db);
        return {
          json: { ok: true, database: store.kind, ...report },
          text: report.applied.length ? `Applied ${report.applied.join(', ')}; schema at ${report.current}.` : `Schema already at ${report.current}.`,
        };
      } finally {
        await store.close();
      }
    }
    case 'org add': {
      const org = await withDeps(config, (deps) =>
        addOrganisation(deps, { name: values.name, kind: values.kind, orgNumber: values['org-number'], socialEnterprise: values['social-enterprise'] }),
      );
      return { json: org, text: `Organisation ${org.name} (${org.kind}) created with id ${org.id}` };
    }
    case 'org set': {
      const org = await withDeps(config, (deps) =>
        setOrganisation(deps, { orgId: values.org, orgNumber: values['org-number'], socialEnterprise: values['social-enterprise'] }),
      );
      const flag = org.socialEnterprise ? ', work-integration social enterprise' : '';
      return { json: org, text: `Organisation ${org.name} (${org.kind}${flag}), organisation number ${org.orgNumber ?? 'none'}` };
    }
    case 'org list': {
      const orgs = await withDeps(config, (deps) => listOrganisations(deps.db));
      const rows = orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind, socialEnterprise: o.social_enterprise }));
      return { json: rows, text: rows.map((o) => `${o.id}  ${o.kind.padEnd(8)}  ${o.name}`).join('\n') || 'No organisations yet.' };
    }
    case 'org oidc':
      return orgOidc(config, values);
    case 'user add': {
      const user = await withDeps(config, (deps) =>
        addUser(deps, { orgId: values.org, role: values.role, name: values.name, email: values.email, language: values.language }),
      );
      return {
        json: user,
        text: `User ${user.name} (${user.role}) created with id ${user.id}\nAPI key (shown once, store it now): ${user.apiKey}`,
      };
    }
    case 'demo': {
      const { describeDemo, seedDemo } = await import('../engine/demo.ts');
      const demo = await withDeps(config, seedDemo);
      return { json: demo, text: describeDemo(demo).replace('PORT', String(config.PORT)) };
    }
    case 'key list': {
      const keys = await withDeps(config, (deps) => listKeys(deps, { orgId: values.org, userId: values.user }));
      const lines = keys.map(
        (k) =>
          `${k.id}  ${k.keyPrefix}…  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'live'.padEnd(32)}  created ${k.createdAt}  ${k.role.padEnd(10)}  ${k.userName} (${k.userId}), ${k.orgName}`,
      );
      return { json: keys, text: lines.join('\n') || 'No API keys.' };
    }
    case 'key revoke': {
      const revoked = await withDeps(config, (deps) => revokeKey(deps, { keyId: values.key }));
      return {
        json: revoked,
        text: revoked.alreadyRevoked
          ? `Key ${revoked.id} (${revoked.keyPrefix}…) was already revoked at ${revoked.revokedAt}.`
          : `Key ${revoked.id} (${revoked.keyPrefix}…) revoked at ${revoked.revokedAt}; requests with it are refused from now on.`,
      };
    }
    case 'key rotate': {
      const rotated = await withDeps(config, (deps) => rotateKey(deps, { userId: values.user }));
      const revoked = rotated.revokedKeyIds.length ? `Revoked: ${rotated.revokedKeyIds.join(', ')}` : 'The user had no other live keys.';
      return {
        json: rotated,
        text: `New key ${rotated.id} for ${rotated.userName} (${rotated.role}).\nAPI key (shown once, store it now): ${rotated.apiKey}\n${revoked}`,
      };
    }
    case 'erase': {
      const { eraseByReference } = await import('../engine/erasure.ts');
      const erased = await withDeps(config, (deps) => eraseByReference(deps, { candidate: values.candidate, participant: values.participant }));
      const { counts } = erased;
      return {
        json: erased,
        text: erased.alreadyErased
          ? `Nothing to erase: no ${erased.subject} with that reference holds personal data.`
          : `Erased the ${erased.subject}: ${counts.candidates} pool entries, ${counts.placements} placements, ${counts.offers} offers, ${counts.proposals} proposals, ${counts.mentioning} other instances that named it ` +
            `(${counts.historyRows} history rows), ${counts.evidenceFiles} evidence files, ${counts.storedAnswers} stored answers. Recorded as ${erased.erasureIds.join(', ')}.`,
      };
    }
    case 'verify': {
      const { verifyAllClauses } = await import('../engine/replay.ts');
      const report = await withDeps(config, verifyAllClauses);
      const lines = report.failures.map((f) => `  ${f.kind} ${f.id}${f.seq ? ` at seq ${f.seq}` : ''}: ${f.problem}`);
      const counted = describeCounts(report.checkedByKind);
      // The history chain check, when this build's report has one.
      const chainReport = (report as { chain?: { ok?: unknown } }).chain;
      const chain = chainLine(chainReport);
      const ok = report.ok && chainReport?.ok !== false;
      return {
        json: report,
        text: [
          ...(report.failed === 0 ? [`OK: ${counted} replay to their stored snapshots.`] : [`FAILED: ${report.failed} of ${counted} do not replay:`, ...lines]),
          ...(chain ? [chain] : []),
        ].join('\n'),
        exitCode: ok ? 0 : 1,
      };
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

const json = process.argv.includes('--json');
try {
  const output = await run(process.argv.slice(2));
  if (output !== 'serving') {
    console.log(json ? JSON.stringify(output.json, null, 2) : output.text);
    process.exitCode = output.exitCode ?? 0;
  }
} catch (error) {
  const known = error instanceof KlausulError || error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof UsageError;
  const code =
    error instanceof KlausulError
      ? error.code
      : error instanceof UsageError
        ? 'usage'
        : error instanceof ConfigError
          ? 'config'
          : known
            ? 'unavailable'
            : 'internal';
  const message = known ? (error as Error).message : `Unexpected error: ${(error as Error).stack ?? error}`;
  const details = error instanceof KlausulError ? error.details : {};
  if (json) console.log(JSON.stringify({ error: code, message, ...details }, null, 2));
  else console.error(message);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
