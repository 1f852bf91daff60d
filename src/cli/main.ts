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
import { addOrganisation, addUser } from '../engine/admin.ts';
import { clockStartingAt, systemClock } from '../engine/clock.ts';
import { describeDemo, seedDemo } from '../engine/demo.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { verifyAllClauses } from '../engine/replay.ts';
import { startServer } from '../main.ts';
import { openConfiguredStore } from '../store.ts';

const USAGE = `Usage: klausul <command> [options] [--json]

Commands:
  serve                                   run the HTTP service (PORT, DATABASE_URL, KLAUSUL_DATA_DIR)
  migrate                                 bring the database schema up to date
  org add --name NAME --kind buyer|supplier|matching_body [--org-number NNNNNN-NNNN]
  org list
  user add --org ORG_ID --role officer|auditor|admin (buyer), contractor|admin (supplier), matcher|admin (matching_body) --name NAME
                                          prints the new API key once
  demo                                    seed a demo (a housing company, a contractor, a matching body) and print its keys
  verify                                  replay the history of every clause, placement, report, opening and proposal
                                          and compare it with the stored snapshot

Options:
  --json                                  print one JSON document on stdout`;

class UsageError extends Error {}

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

async function run(argv: string[]): Promise<Output | 'serving'> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      kind: { type: 'string' },
      'org-number': { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) throw new UsageError(USAGE);
  const config = loadConfig();

  switch (command) {
    case 'serve': {
      const server = await startServer(config);
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
      const org = await withDeps(config, (deps) => addOrganisation(deps, { name: values.name, kind: values.kind, orgNumber: values['org-number'] }));
      return { json: org, text: `Organisation ${org.name} (${org.kind}) created with id ${org.id}` };
    }
    case 'org list': {
      const orgs = await withDeps(config, (deps) => listOrganisations(deps.db));
      const rows = orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind }));
      return { json: rows, text: rows.map((o) => `${o.id}  ${o.kind.padEnd(8)}  ${o.name}`).join('\n') || 'No organisations yet.' };
    }
    case 'user add': {
      const user = await withDeps(config, (deps) => addUser(deps, { orgId: values.org, role: values.role, name: values.name }));
      return {
        json: user,
        text: `User ${user.name} (${user.role}) created with id ${user.id}\nAPI key (shown once, store it now): ${user.apiKey}`,
      };
    }
    case 'demo': {
      const demo = await withDeps(config, seedDemo);
      return { json: demo, text: describeDemo(demo).replace('PORT', String(config.PORT)) };
    }
    case 'verify': {
      const report = await withDeps(config, verifyAllClauses);
      const lines = report.failures.map((f) => `  ${f.kind} ${f.id}${f.seq ? ` at seq ${f.seq}` : ''}: ${f.problem}`);
      const { clause, placement, report: reports } = report.checkedByKind;
      const counted = `${clause} clauses, ${placement} placements and ${reports} period reports`;
      return {
        json: report,
        text: report.ok ? `OK: ${counted} replay to their stored snapshots.` : [`FAILED: ${report.failed} of ${counted} do not replay:`, ...lines].join('\n'),
        exitCode: report.ok ? 0 : 1,
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
  const code = error instanceof KlausulError ? error.code : error instanceof UsageError ? 'usage' : error instanceof ConfigError ? 'config' : known ? 'unavailable' : 'internal';
  const message = known ? (error as Error).message : `Unexpected error: ${(error as Error).stack ?? error}`;
  const details = error instanceof KlausulError ? error.details : {};
  if (json) console.log(JSON.stringify({ error: code, message, ...details }, null, 2));
  else console.error(message);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
