/**
 * npm run bench:deadlines [-- --json]   (npm run bench runs it last)
 *
 * 10,000 deadlines falling due at once, fired by two `klausul serve`
 * instances against one PostgreSQL. Goal: all fired within 10 s, each once.
 *
 * One clause is carried to commitment.awaitingPlan through the API (its
 * plan-due deadline scheduled by the engine), then copied 9,999 times in SQL
 * with its history and deadline, so each deadline belongs to its own clause.
 * With both instances running, every deadline is moved to "now" in one
 * statement: they fall due at once. The clock stops when none is left
 * scheduled; then each must have exactly one history row written by the system.
 *
 * Everything runs in a scratch database that is dropped afterwards. A failed
 * request fails the run (exit 1); a missed goal does not.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { progress, request, run, seededScratchDatabase, startServer, undo, wantsJson } from './support.ts';

const DEADLINES = 10_000;
const INSTANCES = 2;
const GOAL_SECONDS = 10;

async function main(): Promise<void> {
  const json = wantsJson();
  const { databaseUrl, seeded } = await seededScratchDatabase();
  const servers = [];
  for (let i = 0; i < INSTANCES; i++) servers.push(await startServer(databaseUrl));
  const { officer } = seeded.keys;
  const baseUrl = servers[0]!.baseUrl;

  // One clause awaiting its plan, with its plan-due deadline three weeks ahead.
  const tender = await request(baseUrl, officer, '/api/v1/tenders', { body: { reference: `BENCH-DL-${Date.now()}`, title: 'Fristmätning' } });
  const params = { count: 2, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['newcomers'], matchingBody: 'Arbetsförmedlingen' };
  const clause = await request(baseUrl, officer, `/api/v1/tenders/${tender.id}/clauses`, { body: { templateId: 'placements', language: 'sv', params } });
  for (const body of [
    { type: 'PUBLISH' },
    { type: 'AWARD', contractorOrgId: seeded.contractorOrgId, contractValueSek: 10_000_000, startDate: '2027-01-01', endDate: '2028-12-31' },
  ]) {
    await request(baseUrl, officer, `/api/v1/clauses/${clause.id}/events`, { body, expect: 200 });
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  undo.push(() => client.end());
  const postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  progress(`copying the clause ${DEADLINES - 1} times, with its history and deadline`);
  const copy = (table: string, changes: string, from: string) =>
    client.query(`insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || ${changes})).* from ${from}`);
  await client.query('begin');
  await client.query(`create temporary table copies on commit drop as select gen_random_uuid()::text as id from generate_series(2, ${DEADLINES})`);
  await copy('clauses', `jsonb_build_object('id', copies.id)`, `clauses t, copies where t.id = '${clause.id}'`);
  await copy('clause_history', `jsonb_build_object('clause_id', copies.id)`, `clause_history t, copies where t.clause_id = '${clause.id}'`);
  await copy(
    'deadlines',
    `jsonb_build_object('id', gen_random_uuid()::text, 'clause_id', copies.id)`,
    `deadlines t, copies where t.clause_id = '${clause.id}'`,
  );
  await client.query('commit');
  const scheduled = Number((await client.query(`select count(*) from deadlines where status = 'scheduled'`)).rows[0].count);
  if (scheduled !== DEADLINES) throw new Error(`expected ${DEADLINES} scheduled deadlines, found ${scheduled}`);

  progress(`${DEADLINES} deadlines fall due now; ${INSTANCES} instances fire them`);
  const started = performance.now();
  await client.query(`update deadlines set due_at = now() where status = 'scheduled'`);
  let left = DEADLINES;
  while (left > 0) {
    await sleep(50);
    left = Number((await client.query(`select count(*) from deadlines where status = 'scheduled'`)).rows[0].count);
    if (performance.now() - started > 120_000) throw new Error(`${left} deadlines still scheduled after 120 s`);
  }
  const seconds = (performance.now() - started) / 1000;

  // Exactly once: one system history row per deadline, none twice.
  const check = await client.query<{ fired: string; rows: string; twice: string }>(`
    select (select count(*) from deadlines where status = 'fired') as fired,
           (select count(*) from clause_history where request_id like 'deadline:%' and actor_role = 'system') as rows,
           (select count(*) from (select request_id from clause_history where request_id like 'deadline:%' group by request_id having count(*) > 1) t) as twice`);
  const { fired, rows, twice } = check.rows[0]!;
  if (Number(fired) !== DEADLINES || Number(rows) !== DEADLINES || Number(twice) !== 0) {
    throw new Error(`not exactly once: ${fired} fired, ${rows} history rows, ${twice} fired twice`);
  }
  await Promise.all(servers.map((server) => server.stop()));

  const report = {
    postgres,
    deadlines: DEADLINES,
    instances: INSTANCES,
    seconds,
    perSecond: DEADLINES / seconds,
    exactlyOnce: true,
    goalSeconds: GOAL_SECONDS,
    met: seconds < GOAL_SECONDS,
  };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(
    [
      `Klausul deadlines benchmark: PostgreSQL ${postgres}`,
      `  ${DEADLINES} deadlines due at once, fired by ${INSTANCES} instances: ${seconds.toFixed(2)} s (${Math.round(report.perSecond)}/s), each exactly once`,
      '',
      'Goals',
      `  10,000 deadlines fired in < ${GOAL_SECONDS} s   ${seconds.toFixed(2).padStart(7)} s   ${report.met ? 'met' : 'NOT MET'}`,
    ].join('\n'),
  );
}

await run(main);
