/**
 * npm run bench:delivery [-- --json] [-- --only import|fulfilment]   (npm run bench runs it after the lifecycle benchmark)
 *
 * Delivery at scale, on PostgreSQL, through `klausul serve` over HTTP:
 *  - imports 10 CSV files of 10,000 placements each into one clause in
 *    delivery, one after the other. Goal: 100,000 rows in under 7 s in all.
 *  - measures fulfilment of a clause with 10,000 verified placements: GET
 *    /api/v1/clauses/{id} (one read of the clause and its placements'
 *    facts, then the measurement), and the measurement alone in this process.
 *    Goal: under 30 ms.
 *
 * `--only import` or `--only fulfilment` runs one part. The import also
 * reports the CPU per row of the server and of this database's PostgreSQL
 * backends (Linux), and both parts the load average before and after.
 *
 * Everything runs in a scratch database that is dropped afterwards. A failed
 * request fails the run (exit 1); a missed goal does not.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findTemplate } from '../templates/index.ts';
import { openStore } from '../src/db/create-db.ts';
import { findClauseWithFacts } from '../src/db/clauses.ts';
import type { ClauseContext } from '../workflows/social-clause.ts';
import { cpuWindow, type CpuPerOperation } from './cpu.ts';
import { measurement, type Measurement, progress, request, run, type Seed, seededScratchDatabase, type Server, startServer, undo } from './support.ts';

const FILES = 10;
const ROWS_PER_FILE = 10_000;
const GOAL_IMPORT_SECONDS = 7;
const GOAL_FULFILMENT_MS = 30;
/** Sequential GETs of the clause with 10,000 placements, after as many warm-up GETs. */
const FULFILMENT_SAMPLES = 50;

const HEADER = 'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek';
/** The clause's target groups: registration refuses a placement outside them. */
const GROUPS = ['newcomers', 'youth-16-24', 'long-term-unemployed', 'disability'];
const ROLES = ['målare', 'snickare', 'elektriker', 'lokalvårdare', 'markarbetare'];

/** One file of placements with pseudonymous references unique to the file; a 12-week placement each. */
function placementsCsv(file: string, rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const start = `2024-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    const end = `2025-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    lines.push(
      `${file}-${String(i).padStart(5, '0')},${GROUPS[i % GROUPS.length]},Arbetsförmedlingen,AF-${file}-${i},2023-12-15,${ROLES[i % ROLES.length]},Etapp ${1 + (i % 4)},${start},${end},"${i % 3 === 0 ? '0,5' : '1'}",${30 + (i % 10)}`,
    );
  }
  return lines.join('\n');
}

/** A placements clause awarded on 2024-01-01 with its plan accepted: in delivery. */
async function clauseInDelivery(baseUrl: string, seeded: Seed, count: number): Promise<string> {
  const { officer, contractor } = seeded.keys;
  const tender = await request(baseUrl, officer, '/api/v1/tenders', { body: { reference: `BENCH-${count}-${Date.now()}`, title: 'Leveransmätning' } });
  const params = {
    count,
    minWeeks: 12,
    hoursPerWeek: 30,
    targetGroups: GROUPS,
    matchingBody: 'Arbetsförmedlingen',
    vite: { sekPerMissingPlacement: 50_000, capPct: 5 },
  };
  const clause = await request(baseUrl, officer, `/api/v1/tenders/${tender.id}/clauses`, { body: { templateId: 'placements', language: 'sv', params } });
  const steps: Array<[string, object]> = [
    [officer, { type: 'PUBLISH' }],
    [officer, { type: 'AWARD', contractorOrgId: seeded.contractorOrgId, contractValueSek: 900_000_000, startDate: '2024-01-01', endDate: '2027-12-31' }],
    [contractor, { type: 'SUBMIT_PLAN', description: 'Platser i alla etapper' }],
    [officer, { type: 'ACCEPT_PLAN' }],
  ];
  for (const [key, body] of steps) await request(baseUrl, key, `/api/v1/clauses/${clause.id}/events`, { body, expect: 200 });
  return clause.id;
}

type ImportReport = {
  files: number;
  rowsPerFile: number;
  seconds: number;
  rowsPerSecond: number;
  slowestFileSeconds: number;
  /** CPU milliseconds per imported row: the server, this database's PostgreSQL backends, this process. */
  cpuPerRow: CpuPerOperation;
  goalSeconds: number;
  met: boolean;
};

type FulfilmentReport = {
  placements: number;
  measured: number;
  overHttp: Measurement;
  measurementOnlyMs: number;
  goalMs: number;
  met: boolean;
};

interface Report {
  postgres: string;
  /** Left out when `--only fulfilment` skips it. */
  import?: ImportReport;
  /** Left out when `--only import` skips it. */
  fulfilment?: FulfilmentReport;
  loadAverage: { before: number[]; after: number[] };
}

/** 10 files of 10,000 rows into one clause, one after the other. */
async function importFiles(server: Server, seeded: Seed, pool: pg.Pool): Promise<ImportReport> {
  const { contractor } = seeded.keys;
  const importClause = await clauseInDelivery(server.baseUrl, seeded, 100);
  const files = Array.from({ length: FILES }, (_, i) => placementsCsv(`F${i}`, ROWS_PER_FILE));
  // One small file first, so start-up costs stay out of the figures.
  await request(server.baseUrl, contractor, `/api/v1/clauses/${importClause}/placements/import`, { csv: placementsCsv('WARM', 100) });
  progress(`importing ${FILES} files of ${ROWS_PER_FILE} placements`);
  const fileSeconds: number[] = [];
  const cpu = await cpuWindow(pool, server.pid);
  for (const csv of files) {
    const started = performance.now();
    const answer = await request<{ imported: number }>(server.baseUrl, contractor, `/api/v1/clauses/${importClause}/placements/import`, { csv });
    fileSeconds.push((performance.now() - started) / 1000);
    if (answer.imported !== ROWS_PER_FILE) throw new Error(`a file imported ${answer.imported} rows, not ${ROWS_PER_FILE}`);
  }
  const cpuPerRow = await cpu(FILES * ROWS_PER_FILE);
  const seconds = fileSeconds.reduce((a, b) => a + b, 0);
  return {
    files: FILES,
    rowsPerFile: ROWS_PER_FILE,
    seconds,
    rowsPerSecond: (FILES * ROWS_PER_FILE) / seconds,
    slowestFileSeconds: Math.max(...fileSeconds),
    cpuPerRow,
    goalSeconds: GOAL_IMPORT_SECONDS,
    met: seconds < GOAL_IMPORT_SECONDS,
  };
}

/** A clause with 10,000 verified placements: its GET over HTTP, and the measurement alone. */
async function measureFulfilment(server: Server, seeded: Seed, pool: pg.Pool, databaseUrl: string): Promise<FulfilmentReport> {
  const { contractor, auditor } = seeded.keys;
  const measuredClause = await clauseInDelivery(server.baseUrl, seeded, ROWS_PER_FILE);
  await request(server.baseUrl, contractor, `/api/v1/clauses/${measuredClause}/placements/import`, { csv: placementsCsv('M', ROWS_PER_FILE) });
  // Walking 10,000 placements through START, COMPLETE and VERIFY over HTTP is the lifecycle benchmark's
  // business; here the rows are set to what verification leaves behind, so measurement has all of them to count.
  await pool.query(
    `update placements set state = 'verified', ended_as = 'completed', end_date = planned_end_date, outcome = 'employment' where clause_id = $1`,
    [measuredClause],
  );
  progress(`measuring fulfilment of a clause with ${ROWS_PER_FILE} verified placements`);
  const latencies: number[] = [];
  let measured = 0;
  for (let i = 0; i < 2 * FULFILMENT_SAMPLES; i++) {
    const started = performance.now();
    const clause = await request<{ fulfilment: { measured: number } }>(server.baseUrl, auditor, `/api/v1/clauses/${measuredClause}`);
    if (i >= FULFILMENT_SAMPLES) latencies.push(performance.now() - started);
    measured = clause.fulfilment.measured;
  }
  const overHttp = measurement(latencies, latencies.reduce((a, b) => a + b, 0) / 1000);

  // The measurement alone: the template's pure function over the facts read once.
  const store = await openStore({ databaseUrl, poolSize: 1 });
  undo.push(() => store.close());
  const { row, facts } = (await findClauseWithFacts(store.db, measuredClause))!;
  const template = findTemplate(row.template_id, row.template_version)!;
  const context = row.snapshot.context as ClauseContext;
  const delivery = { ...facts, contractStart: '2024-01-01', today: new Date().toISOString().slice(0, 10) };
  const runs: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    template.measureDelivery(row.params, context.target, delivery, null);
    runs.push(performance.now() - started);
  }
  const measurementOnlyMs = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { placements: ROWS_PER_FILE, measured, overHttp, measurementOnlyMs, goalMs: GOAL_FULFILMENT_MS, met: overHttp.p95Ms < GOAL_FULFILMENT_MS };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
  if (values.only !== undefined && values.only !== 'import' && values.only !== 'fulfilment') {
    throw new Error('--only takes import or fulfilment');
  }
  const loadBefore = loadavg();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  undo.push(() => server.stop());
  progress(`server at ${server.baseUrl}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  undo.push(() => pool.end());

  const imported = values.only === 'fulfilment' ? undefined : await importFiles(server, seeded, pool);
  const fulfilment = values.only === 'import' ? undefined : await measureFulfilment(server, seeded, pool, databaseUrl);

  const postgres = (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  const report: Report = { postgres, import: imported, fulfilment, loadAverage: { before: loadBefore, after: loadavg() } };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(3)} ms`);
  const load = (averages: number[]) => averages.map((a) => a.toFixed(2)).join(' ');
  console.log(
    [
      `Klausul delivery benchmark: PostgreSQL ${postgres}; load average ${load(report.loadAverage.before)} before, ${load(report.loadAverage.after)} after`,
      ...(imported
        ? [
            `  import       ${imported.files} CSV files × ${imported.rowsPerFile} placements: ${imported.seconds.toFixed(2)} s in all ` +
              `(${Math.round(imported.rowsPerSecond)} rows/s, slowest file ${imported.slowestFileSeconds.toFixed(2)} s)`,
            `               CPU per row: server ${ms(imported.cpuPerRow.serverMs)} (kernel ${ms(imported.cpuPerRow.serverSystemMs)}), ` +
              `PostgreSQL ${ms(imported.cpuPerRow.postgresMs)}, benchmark ${ms(imported.cpuPerRow.benchmarkProcessMs)}`,
          ]
        : []),
      ...(fulfilment
        ? [
            `  fulfilment   clause with ${fulfilment.placements} verified placements (measured ${fulfilment.measured}): ` +
              `GET /clauses/{id} p50 ${fulfilment.overHttp.p50Ms.toFixed(1)} ms, p95 ${fulfilment.overHttp.p95Ms.toFixed(1)} ms ` +
              `over ${FULFILMENT_SAMPLES} requests; the measurement alone ${fulfilment.measurementOnlyMs.toFixed(1)} ms`,
          ]
        : []),
      '',
      'Goals',
      ...(imported ? [`  100,000 rows imported in < ${GOAL_IMPORT_SECONDS} s      ${imported.seconds.toFixed(2).padStart(7)} s   ${met(imported.met)}`] : []),
      ...(fulfilment
        ? [
            `  fulfilment of 10,000 placements < ${GOAL_FULFILMENT_MS} ms   ${fulfilment.overHttp.p95Ms.toFixed(1).padStart(6)} ms   ${met(fulfilment.met)} (p95 over HTTP)`,
          ]
        : []),
    ].join('\n'),
  );
}

await run(main);
