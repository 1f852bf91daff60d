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
 * `--only` runs one part (the other is left out of the report). Beside the
 * latency it prints the CPU per read of the server and of this database's
 * PostgreSQL backends, which move less with the machine's load, and the
 * import its CPU per row; both print the load average before and after.
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
import { measurement, type Measurement, progress, request, run, type Seed, seededScratchDatabase, startServer, undo } from './support.ts';

const FILES = 10;
const ROWS_PER_FILE = 10_000;
const GOAL_IMPORT_SECONDS = 7;
const GOAL_FULFILMENT_MS = 30;
/** Sequential GETs of the clause with 10,000 placements, after as many warm-up GETs. */
const FULFILMENT_SAMPLES = 50;
/** Sequential events on that clause, after two warm-up events. */
const EVENT_SAMPLES = 20;

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

interface ImportReport {
  files: number;
  rowsPerFile: number;
  seconds: number;
  rowsPerSecond: number;
  slowestFileSeconds: number;
  /** CPU milliseconds per imported row: the server, this database's PostgreSQL backends, this process. */
  cpuPerRow: CpuPerOperation;
  goalSeconds: number;
  met: boolean;
}

interface FulfilmentReport {
  placements: number;
  measured: number;
  overHttp: Measurement;
  /** CPU per GET over the measured requests. */
  cpu: CpuPerOperation;
  /** Bytes of the answer. */
  answerBytes: number;
  measurementOnlyMs: number;
  /** Events on the same clause (a written notice and its answer, in turns), each answered with the clause measured: latency and CPU per event. */
  events: { count: number; p50Ms: number; cpu: CpuPerOperation };
  goalMs: number;
  met: boolean;
}

interface Report {
  postgres: string;
  import?: ImportReport;
  fulfilment?: FulfilmentReport;
  loadAverage: { before: number[]; after?: number[] };
}

const PARTS = ['import', 'fulfilment'] as const;
type Part = (typeof PARTS)[number];

function options(): { json: boolean; parts: Part[] } {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
  if (values.only !== undefined && !PARTS.includes(values.only as Part)) throw new Error(`--only takes ${PARTS.join(' or ')}, not ${values.only}`);
  return { json: values.json, parts: values.only === undefined ? [...PARTS] : [values.only as Part] };
}

/** 10 files of 10,000 rows into one clause, one after the other. */
async function importPart(baseUrl: string, serverPid: number, seeded: Seed, pool: pg.Pool): Promise<ImportReport> {
  const { contractor } = seeded.keys;
  const importClause = await clauseInDelivery(baseUrl, seeded, 100);
  const files = Array.from({ length: FILES }, (_, i) => placementsCsv(`F${i}`, ROWS_PER_FILE));
  // One small file first, so start-up costs stay out of the figures.
  await request(baseUrl, contractor, `/api/v1/clauses/${importClause}/placements/import`, { csv: placementsCsv('WARM', 100) });
  progress(`importing ${FILES} files of ${ROWS_PER_FILE} placements`);
  const fileSeconds: number[] = [];
  const cpu = await cpuWindow(pool, serverPid);
  for (const csv of files) {
    const started = performance.now();
    const answer = await request<{ imported: number }>(baseUrl, contractor, `/api/v1/clauses/${importClause}/placements/import`, { csv });
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

/** A clause with 10,000 verified placements, read over HTTP as the auditor; then its measurement alone. */
async function fulfilmentPart(baseUrl: string, serverPid: number, databaseUrl: string, seeded: Seed, pool: pg.Pool): Promise<FulfilmentReport> {
  const { contractor, auditor } = seeded.keys;
  const measuredClause = await clauseInDelivery(baseUrl, seeded, ROWS_PER_FILE);
  await request(baseUrl, contractor, `/api/v1/clauses/${measuredClause}/placements/import`, { csv: placementsCsv('M', ROWS_PER_FILE) });
  // Walking 10,000 placements through START, COMPLETE and VERIFY over HTTP is the lifecycle benchmark's
  // business; here the rows are set to what verification leaves behind, so measurement has all of them to count.
  await pool.query(
    `update placements set state = 'verified', ended_as = 'completed', end_date = planned_end_date, outcome = 'employment' where clause_id = $1`,
    [measuredClause],
  );
  progress(`measuring fulfilment of a clause with ${ROWS_PER_FILE} verified placements`);
  const latencies: number[] = [];
  let measured = 0;
  let answerBytes = 0;
  let cpu: Awaited<ReturnType<typeof cpuWindow>> | undefined;
  for (let i = 0; i < 2 * FULFILMENT_SAMPLES; i++) {
    if (i === FULFILMENT_SAMPLES) cpu = await cpuWindow(pool, serverPid);
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/clauses/${measuredClause}`, { headers: { authorization: `Bearer ${auditor}` } });
    const text = await response.text();
    if (i >= FULFILMENT_SAMPLES) latencies.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`GET /clauses/{id} answered ${response.status}: ${text.slice(0, 500)}`);
    answerBytes = Buffer.byteLength(text);
    measured = (JSON.parse(text) as { fulfilment: { measured: number } }).fulfilment.measured;
  }
  const cpuPerRead = await cpu!(FULFILMENT_SAMPLES);
  const overHttp = measurement(latencies, latencies.reduce((a, b) => a + b, 0) / 1000);

  // Events read the clause with its facts too, and answer with it measured.
  const { officer } = seeded.keys;
  const notice = () => ({ type: 'REQUEST_CORRECTION', reason: 'Rapportera platserna', dueDate: '2099-12-31' });
  const answer = { type: 'REPORT_CORRECTION', description: 'Rapporterat' };
  const eventLatencies: number[] = [];
  let eventCpu: Awaited<ReturnType<typeof cpuWindow>> | undefined;
  for (let i = 0; i < EVENT_SAMPLES + 2; i++) {
    if (i === 2) eventCpu = await cpuWindow(pool, serverPid);
    const started = performance.now();
    await request(baseUrl, i % 2 === 0 ? officer : contractor, `/api/v1/clauses/${measuredClause}/events`, {
      body: i % 2 === 0 ? notice() : answer,
      expect: 200,
    });
    if (i >= 2) eventLatencies.push(performance.now() - started);
  }
  const events = { count: EVENT_SAMPLES, p50Ms: measurement(eventLatencies, 1).p50Ms, cpu: await eventCpu!(EVENT_SAMPLES) };

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
  return {
    placements: ROWS_PER_FILE,
    measured,
    overHttp,
    cpu: cpuPerRead,
    answerBytes,
    measurementOnlyMs,
    events,
    goalMs: GOAL_FULFILMENT_MS,
    met: overHttp.p95Ms < GOAL_FULFILMENT_MS,
  };
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const cpuMs = (ms: number | undefined) => (ms === undefined ? '?' : ms.toFixed(2));

function printed({ postgres, import: imported, fulfilment, loadAverage }: Report): string {
  const load = (averages: number[] | undefined) => (averages ?? []).map((a) => a.toFixed(2)).join(' ');
  const lines = [`Klausul delivery benchmark: PostgreSQL ${postgres}; load average ${load(loadAverage.before)} before, ${load(loadAverage.after)} after`];
  const goals = ['', 'Goals'];
  if (imported) {
    lines.push(
      `  import       ${imported.files} CSV files × ${imported.rowsPerFile} placements: ${imported.seconds.toFixed(2)} s in all ` +
        `(${Math.round(imported.rowsPerSecond)} rows/s, slowest file ${imported.slowestFileSeconds.toFixed(2)} s)`,
      `               CPU ms per row: server ${cpuMs(imported.cpuPerRow.serverMs)}, PostgreSQL (this database's backends) ${cpuMs(imported.cpuPerRow.postgresMs)}`,
    );
    goals.push(`  100,000 rows imported in < ${GOAL_IMPORT_SECONDS} s      ${imported.seconds.toFixed(2).padStart(7)} s   ${met(imported.met)}`);
  }
  if (fulfilment) {
    lines.push(
      `  fulfilment   clause with ${fulfilment.placements} verified placements (measured ${fulfilment.measured}): ` +
        `GET /clauses/{id} p50 ${fulfilment.overHttp.p50Ms.toFixed(1)} ms, p95 ${fulfilment.overHttp.p95Ms.toFixed(1)} ms ` +
        `over ${FULFILMENT_SAMPLES} requests; the measurement alone ${fulfilment.measurementOnlyMs.toFixed(1)} ms`,
      `               CPU ms per read: server ${cpuMs(fulfilment.cpu.serverMs)}, PostgreSQL (this database's backends) ${cpuMs(fulfilment.cpu.postgresMs)}; ` +
        `answer ${(fulfilment.answerBytes / 1024).toFixed(1)} KB`,
      `               ${fulfilment.events.count} events on it (REQUEST_CORRECTION, REPORT_CORRECTION): p50 ${fulfilment.events.p50Ms.toFixed(1)} ms, ` +
        `CPU ms per event: server ${cpuMs(fulfilment.events.cpu.serverMs)}, PostgreSQL ${cpuMs(fulfilment.events.cpu.postgresMs)}`,
    );
    goals.push(
      `  fulfilment of 10,000 placements < ${GOAL_FULFILMENT_MS} ms   ${fulfilment.overHttp.p95Ms.toFixed(1).padStart(6)} ms   ${met(fulfilment.met)} (p95 over HTTP)`,
    );
  }
  return [...lines, ...goals].join('\n');
}

async function main(): Promise<void> {
  const { json, parts } = options();
  const loadBefore = loadavg();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const server = await startServer(databaseUrl);
  undo.push(() => server.stop());
  progress(`server at ${server.baseUrl}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  undo.push(() => pool.end());

  const report: Report = {
    postgres: (await pool.query<{ server_version: string }>('show server_version')).rows[0]!.server_version,
    loadAverage: { before: loadBefore },
  };
  if (parts.includes('import')) report.import = await importPart(server.baseUrl, server.pid, seeded, pool);
  if (parts.includes('fulfilment')) report.fulfilment = await fulfilmentPart(server.baseUrl, server.pid, databaseUrl, seeded, pool);
  report.loadAverage.after = loadavg();
  console.log(json ? JSON.stringify(report, null, 2) : printed(report));
}

await run(main);
