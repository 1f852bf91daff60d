/**
 * npm run bench:portfolio [-- --json] [-- --runs N] [-- --keep | --reuse URL]   (npm run bench runs it last)
 *
 * The portfolio of a large buyer on PostgreSQL, through `klausul serve`:
 * 10,000 clauses with 1,000,000 placements and 200,000 period reports among
 * 20 suppliers. Goals: GET /api/v1/portfolio unfiltered and with two filters,
 * p95 under 100 ms; GET /api/v1/exports/clauses.csv of all clauses streamed in
 * under 5 s.
 *
 * One clause is carried into delivery through the API; it is copied in SQL
 * with 100 placements (a third verified) and 20 monthly reports each (half
 * accepted). The clauses' progress is then measured once, as events would have
 * kept it, before anything is timed (part of the generation). Everything runs in a scratch database
 * that is dropped afterwards; a failed request fails the run, a missed goal
 * does not.
 *
 * A run is one fresh `klausul serve` process timing 50 requests of each
 * portfolio (after 50 not counted) and one export. `--runs N` times N runs
 * over the one generated dataset, each with its own server process, and
 * prints each run's figures (generation takes longer than a run). `--keep`
 * leaves the scratch database behind and prints its URL; `--reuse URL` times
 * such a database again without generating it (migrated to the latest
 * schema first), for looking at the statements while changing them.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/db/create-db.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addUser } from '../src/engine/admin.ts';
import { systemClock } from '../src/engine/clock.ts';
import { refreshProgress } from '../src/engine/progress.ts';
import { measurement, type Measurement, progress, request, run, type Seed, seededScratchDatabase, startServer, undo } from './support.ts';

const CLAUSES = 10_000;
const PLACEMENTS_PER_CLAUSE = 100;
const REPORTS_PER_CLAUSE = 20;
const SUPPLIERS = 20;
const SAMPLES = 50;
const GOAL_PORTFOLIO_MS = 100;
const GOAL_EXPORT_SECONDS = 5;
const BUYER = 'Bänkhem AB';

/** Carries one clause into delivery through the API and copies it in SQL: the dataset the runs time. */
async function generate(databaseUrl: string, seeded: Seed): Promise<void> {
  const server = await startServer(databaseUrl);
  const base = server.baseUrl;
  const { officer, contractor } = seeded.keys;

  const tender = await request(base, officer, '/api/v1/tenders', { body: { reference: `BENCH-PF-${Date.now()}`, title: 'Portfölj' } });
  const params = {
    count: 40,
    minWeeks: 12,
    hoursPerWeek: 30,
    targetGroups: ['newcomers', 'youth-16-24'],
    matchingBody: 'Arbetsförmedlingen',
    vite: { sekPerMissingPlacement: 50_000, capPct: 5 },
  };
  const clause = await request(base, officer, `/api/v1/tenders/${tender.id}/clauses`, { body: { templateId: 'placements', language: 'sv', params } });
  for (const [key, body] of [
    [officer, { type: 'PUBLISH' }],
    [
      officer,
      {
        type: 'AWARD',
        contractorOrgId: seeded.contractorOrgId,
        contractValueSek: 200_000_000,
        startDate: '2025-01-01',
        endDate: '2027-12-31',
        deadlines: { reportingPeriod: 'none' },
      },
    ],
    [contractor, { type: 'SUBMIT_PLAN', description: 'Platser i alla etapper' }],
    [officer, { type: 'ACCEPT_PLAN' }],
  ] as const) {
    await request(base, key, `/api/v1/clauses/${clause.id}/events`, { body, expect: 200 });
  }
  const template = await request(base, contractor, `/api/v1/clauses/${clause.id}/placements`, {
    body: {
      participantRef: 'TEMPLATE',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-T', date: '2024-12-15' },
      role: 'målare',
      startDate: '2025-01-13',
      plannedEndDate: '2025-05-30',
      fte: 1,
      hoursPerWeek: 35,
    },
  });
  const report = await request(base, contractor, `/api/v1/clauses/${clause.id}/reports`, {
    body: { periodStart: '2025-01-01', periodEnd: '2025-01-31', totalLabourHours: 1000 },
  });

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  undo.push(() => client.end());
  progress(
    `generating ${CLAUSES} clauses, ${CLAUSES * PLACEMENTS_PER_CLAUSE} placements and ${CLAUSES * REPORTS_PER_CLAUSE} reports among ${SUPPLIERS} suppliers`,
  );
  // Copies rows of a table with some columns changed: every other column is taken as it is, named from the catalogue.
  const copy = async (table: string, changes: Record<string, string>, from: string) => {
    const columns = (
      await client.query<{ name: string }>(
        `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
        [table],
      )
    ).rows.map((r) => r.name);
    const values = columns.map((c) => changes[c] ?? `t.${c}`);
    await client.query(`insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from ${from}`);
  };
  await client.query(
    `insert into organisations (id, name, kind, created_at) select 'bench-supplier-' || n, 'Leverantör ' || n, 'supplier', now() from generate_series(1, ${SUPPLIERS}) n`,
  );
  await client.query(
    `create unlogged table copies as select n, gen_random_uuid()::text as id, 'bench-supplier-' || (1 + n % ${SUPPLIERS}) as supplier from generate_series(1, ${CLAUSES}) n`,
  );
  await copy('clauses', { id: 'copies.id', contractor_org_id: 'copies.supplier' }, `clauses t, copies where t.id = '${clause.id}'`);
  await copy('clause_history', { clause_id: 'copies.id' }, `clause_history t, copies where t.clause_id = '${clause.id}'`);
  await client.query(`insert into clause_progress (clause_id) select id from copies`);
  // Placements and reports in clause order, with ids that follow it, so each index grows at its end.
  await copy(
    'placements',
    {
      id: `copies.id || '-' || lpad(k::text, 3, '0')`,
      clause_id: 'copies.id',
      participant_ref: `'P-' || copies.n || '-' || k`,
      target_group: `(array['newcomers', 'youth-16-24', 'long-term-unemployed'])[1 + k % 3]`,
      state: `case when k % 3 = 0 then 'verified' else 'active' end`,
      ended_as: `case when k % 3 = 0 then 'completed' end`,
      end_date: `case when k % 3 = 0 then '2025-05-30' end`,
    },
    `placements t, copies, generate_series(1, ${PLACEMENTS_PER_CLAUSE}) k where t.id = '${template.id}' order by copies.id, k`,
  );
  await copy(
    'reports',
    {
      id: `copies.id || '-' || lpad(k::text, 2, '0')`,
      clause_id: 'copies.id',
      period_start: `to_char(date '2025-01-01' + make_interval(months => k - 1), 'YYYY-MM-DD')`,
      period_end: `to_char((date '2025-01-01' + make_interval(months => k))::date - 1, 'YYYY-MM-DD')`,
      state: `case when k % 2 = 0 then 'accepted' else 'submitted' end`,
    },
    `reports t, copies, generate_series(1, ${REPORTS_PER_CLAUSE}) k where t.id = '${report.id}' order by copies.id, k`,
  );
  await client.query('drop table copies');
  await client.query('analyze');

  // In this process rather than by a first request, which would outlast fetch's five minutes on a busy machine.
  progress('measuring every clause once (what events keep current as they happen)');
  const measuring = performance.now();
  const store = await openStore({ databaseUrl, poolSize: 2 });
  try {
    const buyer = await store.db.selectFrom('organisations').select('id').where('name', '=', BUYER).executeTakeFirstOrThrow();
    const actor = { userId: '', userName: 'Bänk', role: 'auditor', orgId: buyer.id, orgKind: 'buyer' } as const;
    await refreshProgress({ db: store.db, clock: systemClock }, actor);
  } finally {
    await store.close();
  }
  progress(`measured in ${((performance.now() - measuring) / 1000).toFixed(1)} s`);

  await server.stop();
}

/** A new auditor of the benchmark's buyer in a database generated earlier (the keys are stored hashed). */
async function auditorOf(databaseUrl: string): Promise<string> {
  const store = await openStore({ databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(store.db);
    const buyer = await store.db.selectFrom('organisations').select('id').where('name', '=', BUYER).executeTakeFirstOrThrow();
    return (await addUser({ db: store.db, clock: systemClock }, { orgId: buyer.id, role: 'auditor', name: 'Bänk Auditor' })).apiKey;
  } finally {
    await store.close();
  }
}

/** One run: a fresh server, the stale clauses measured by a first request, then the portfolio twice and the export timed. */
async function timeRun(databaseUrl: string, auditor: string) {
  const server = await startServer(databaseUrl);
  const base = server.baseUrl;
  const loadBefore = loadavg()[0]!;
  // Measures what is still stale (nothing, unless the rules changed since the database was kept).
  const warm = performance.now();
  await request(base, auditor, '/api/v1/portfolio?limit=1');
  const measuredSeconds = (performance.now() - warm) / 1000;

  const timed = async (path: string): Promise<Measurement> => {
    const latencies: number[] = [];
    for (let i = 0; i < 2 * SAMPLES; i++) {
      const started = performance.now();
      const answer = await request<{ totals: { clauses: number } }>(base, auditor, path);
      if (i >= SAMPLES) latencies.push(performance.now() - started);
      if (answer.totals.clauses === 0) throw new Error(`${path} found no clauses`);
    }
    return measurement(latencies, latencies.reduce((a, b) => a + b, 0) / 1000);
  };
  progress('timing the portfolio');
  const unfiltered = await timed('/api/v1/portfolio');
  const filtered = await timed(`/api/v1/portfolio?supplierOrgId=bench-supplier-7&state=delivery`);

  progress('timing the clauses export');
  const exportStarted = performance.now();
  const response = await fetch(`${base}/api/v1/exports/clauses.csv`, { headers: { authorization: `Bearer ${auditor}` } });
  const csv = await response.text();
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  const exportedRows = csv.trimEnd().split('\n').length - 1;
  if (response.status !== 200 || exportedRows !== CLAUSES + 1) throw new Error(`the export answered ${response.status} with ${exportedRows} rows`);
  await server.stop();
  return {
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    measuredSeconds,
    portfolio: { unfiltered, filtered, met: unfiltered.p95Ms < GOAL_PORTFOLIO_MS && filtered.p95Ms < GOAL_PORTFOLIO_MS },
    export: { rows: exportedRows, seconds: exportSeconds, met: exportSeconds < GOAL_EXPORT_SECONDS },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  let databaseUrl: string;
  let auditor: string;
  let generationSeconds: number | null = null;
  if (values.reuse) {
    databaseUrl = values.reuse;
    auditor = await auditorOf(databaseUrl);
  } else {
    const started = performance.now();
    const scratch = await seededScratchDatabase({ keep: values.keep });
    databaseUrl = scratch.databaseUrl;
    auditor = scratch.seeded.keys.auditor;
    await generate(databaseUrl, scratch.seeded);
    generationSeconds = (performance.now() - started) / 1000;
    progress(`generated in ${generationSeconds.toFixed(1)} s${values.keep ? `; kept at ${databaseUrl} (--reuse it)` : ''}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  await client.end();

  const results = [];
  for (let i = 1; i <= runs; i++) {
    progress(`run ${i} of ${runs}`);
    results.push(await timeRun(databaseUrl, auditor));
  }
  const result = {
    postgres,
    data: { clauses: CLAUSES + 1, placements: CLAUSES * PLACEMENTS_PER_CLAUSE + 1, reports: CLAUSES * REPORTS_PER_CLAUSE + 1, suppliers: SUPPLIERS + 1 },
    generationSeconds,
    goals: { portfolioP95Ms: GOAL_PORTFOLIO_MS, exportSeconds: GOAL_EXPORT_SECONDS },
    runs: results,
    met: results.every((r) => r.portfolio.met && r.export.met),
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const ms = (m: Measurement) => `p50 ${m.p50Ms.toFixed(1)} ms, p95 ${m.p95Ms.toFixed(1)} ms`;
  console.log(
    [
      `Klausul portfolio benchmark: PostgreSQL ${postgres}; ${result.data.clauses} clauses, ${result.data.placements} placements, ${result.data.reports} reports` +
        (generationSeconds === null ? ' (reused)' : `, generated in ${generationSeconds.toFixed(1)} s`),
      ...results.flatMap((r, i) => [
        `  run ${i + 1} (load average ${r.loadAverage.before.toFixed(2)} → ${r.loadAverage.after.toFixed(2)}; stale clauses measured in ${r.measuredSeconds.toFixed(1)} s)`,
        `    GET /portfolio                      ${ms(r.portfolio.unfiltered)} over ${SAMPLES} requests`,
        `    GET /portfolio?supplierOrgId&state  ${ms(r.portfolio.filtered)}`,
        `    GET /exports/clauses.csv            ${r.export.rows} rows in ${r.export.seconds.toFixed(2)} s`,
      ]),
      '',
      `Goals (worst of ${runs} run${runs === 1 ? '' : 's'})`,
      `  portfolio p95 < ${GOAL_PORTFOLIO_MS} ms (both)         ${Math.max(
        ...results.map((r) => Math.max(r.portfolio.unfiltered.p95Ms, r.portfolio.filtered.p95Ms)),
      )
        .toFixed(1)
        .padStart(7)} ms   ${met(results.every((r) => r.portfolio.met))}`,
      `  clauses export < ${GOAL_EXPORT_SECONDS} s              ${Math.max(...results.map((r) => r.export.seconds))
        .toFixed(2)
        .padStart(7)} s    ${met(results.every((r) => r.export.met))}`,
    ].join('\n'),
  );
}

await run(main);
