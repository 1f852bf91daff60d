/**
 * npm run bench:portfolio [-- --json]   (npm run bench runs it last)
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
 * kept it, before anything is timed. Everything runs in a scratch database
 * that is dropped afterwards; a failed request fails the run, a missed goal
 * does not.
 */
import pg from 'pg';
import { measurement, type Measurement, progress, request, run, seededScratchDatabase, startServer, undo, wantsJson } from './support.ts';

const CLAUSES = 10_000;
const PLACEMENTS_PER_CLAUSE = 100;
const REPORTS_PER_CLAUSE = 20;
const SUPPLIERS = 20;
const SAMPLES = 50;
const GOAL_PORTFOLIO_MS = 100;
const GOAL_EXPORT_SECONDS = 5;

async function main(): Promise<void> {
  const json = wantsJson();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  const base = server.baseUrl;
  const { officer, contractor, auditor } = seeded.keys;

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
  const postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  progress(
    `generating ${CLAUSES} clauses, ${CLAUSES * PLACEMENTS_PER_CLAUSE} placements and ${CLAUSES * REPORTS_PER_CLAUSE} reports among ${SUPPLIERS} suppliers`,
  );
  const copy = (table: string, changes: string, from: string) =>
    client.query(`insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || ${changes})).* from ${from}`);
  await client.query(
    `insert into organisations (id, name, kind, created_at) select 'bench-supplier-' || n, 'Leverantör ' || n, 'supplier', now() from generate_series(1, ${SUPPLIERS}) n`,
  );
  await client.query(
    `create unlogged table copies as select n, gen_random_uuid()::text as id, 'bench-supplier-' || (1 + n % ${SUPPLIERS}) as supplier from generate_series(1, ${CLAUSES}) n`,
  );
  await copy('clauses', `jsonb_build_object('id', copies.id, 'contractor_org_id', copies.supplier)`, `clauses t, copies where t.id = '${clause.id}'`);
  await copy('clause_history', `jsonb_build_object('clause_id', copies.id)`, `clause_history t, copies where t.clause_id = '${clause.id}'`);
  await client.query(`insert into clause_progress (clause_id) select id from copies`);
  await copy(
    'placements',
    `jsonb_build_object('id', gen_random_uuid()::text, 'clause_id', copies.id, 'participant_ref', 'P-' || copies.n || '-' || k,
       'target_group', (array['newcomers', 'youth-16-24', 'long-term-unemployed'])[1 + k % 3],
       'state', case when k % 3 = 0 then 'verified' else 'active' end,
       'ended_as', case when k % 3 = 0 then 'completed' end, 'end_date', case when k % 3 = 0 then '2025-05-30' end)`,
    `placements t, copies, generate_series(1, ${PLACEMENTS_PER_CLAUSE}) k where t.id = '${template.id}'`,
  );
  await copy(
    'reports',
    `jsonb_build_object('id', gen_random_uuid()::text, 'clause_id', copies.id,
       'period_start', to_char(date '2025-01-01' + make_interval(months => k - 1), 'YYYY-MM-DD'),
       'period_end', to_char((date '2025-01-01' + make_interval(months => k))::date - 1, 'YYYY-MM-DD'),
       'state', case when k % 2 = 0 then 'accepted' else 'submitted' end)`,
    `reports t, copies, generate_series(1, ${REPORTS_PER_CLAUSE}) k where t.id = '${report.id}'`,
  );
  await client.query('drop table copies');
  await client.query('analyze');

  progress('measuring every clause once (what events keep current as they happen)');
  const warm = performance.now();
  await request(base, auditor, '/api/v1/portfolio?limit=1');
  progress(`measured in ${((performance.now() - warm) / 1000).toFixed(1)} s`);

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

  const result = {
    postgres,
    data: { clauses: CLAUSES + 1, placements: CLAUSES * PLACEMENTS_PER_CLAUSE + 1, reports: CLAUSES * REPORTS_PER_CLAUSE + 1, suppliers: SUPPLIERS + 1 },
    portfolio: { unfiltered, filtered, goalMs: GOAL_PORTFOLIO_MS, met: unfiltered.p95Ms < GOAL_PORTFOLIO_MS && filtered.p95Ms < GOAL_PORTFOLIO_MS },
    export: { rows: exportedRows, seconds: exportSeconds, goalSeconds: GOAL_EXPORT_SECONDS, met: exportSeconds < GOAL_EXPORT_SECONDS },
  };
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log(
    [
      `Klausul portfolio benchmark: PostgreSQL ${postgres}; ${result.data.clauses} clauses, ${result.data.placements} placements, ${result.data.reports} reports`,
      `  GET /portfolio                      p50 ${unfiltered.p50Ms.toFixed(1)} ms, p95 ${unfiltered.p95Ms.toFixed(1)} ms over ${SAMPLES} requests`,
      `  GET /portfolio?supplierOrgId&state  p50 ${filtered.p50Ms.toFixed(1)} ms, p95 ${filtered.p95Ms.toFixed(1)} ms`,
      `  GET /exports/clauses.csv            ${exportedRows} rows in ${exportSeconds.toFixed(2)} s`,
      '',
      'Goals',
      `  portfolio p95 < ${GOAL_PORTFOLIO_MS} ms (both)         ${Math.max(unfiltered.p95Ms, filtered.p95Ms).toFixed(1).padStart(7)} ms   ${met(result.portfolio.met)}`,
      `  clauses export < ${GOAL_EXPORT_SECONDS} s              ${exportSeconds.toFixed(2).padStart(7)} s    ${met(result.export.met)}`,
    ].join('\n'),
  );
}

await run(main);
