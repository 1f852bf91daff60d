/**
 * The performance peer of `npm run bench:peer`: POST /peer/v1/clauses/{id}/events
 * built as a team would build it on DBOS Transact instead of writing an engine.
 * One DBOS workflow per event (its ID from the Idempotency-Key, scoped to the
 * user as Klausul scopes its keys; DBOS picks one otherwise), whose one step is
 * a DBOS transaction on the application's database (bench/peer-datasource.ts,
 * node-postgres): it locks and reads the clause, judges the event and writes,
 * and DBOS records the step's outcome in the same transaction and the
 * workflow and its step in its system database.
 *
 * What it shares with Klausul is the business logic a team would still need:
 * the statecharts (workflows/), the clause templates (templates/) and the pure
 * rules of src/domain (access, deadlines, measurement, the text guard). What it
 * does itself, not through src/engine or src/db: authentication (the API key's
 * hash looked up), the access, role and payload checks, the facts of AWARD,
 * RECORD_SHORTFALL, CLAIM_VITE and CONFIRM_FULFILLED (other events go to the
 * statechart as sent), the transition through xstate's public API (createActor
 * to restore, transition(): about 0.2 ms of CPU an event more than Klausul's
 * src/engine/runtime.ts, which builds no actors), and the writes Klausul
 * makes per event, one statement each (Klausul sends them as one): the
 * clause row with its version, one clause_history row (its hash chain and
 * personal digest are set by the database's trigger, as for Klausul), one
 * outbox row, the clause_progress bump, and the clause's deadlines cancelled
 * and scheduled as its new state needs. It reads the
 * clause's placements, reports, offers and deadlines with it, as Klausul does,
 * and answers with the clause's state, context, deadlines, measured fulfilment
 * and allowed events (bench:peer prints both answers' size).
 *
 * Counted once over one lifecycle in one process (pg's Client.query), the
 * peer sends about 31 statements an event to PostgreSQL, about 10 of them its
 * own SQL and the rest DBOS's checkpoints and workflow records; Klausul sends
 * about 4 (the key, the clause with its facts, the write).
 *
 * What it does not do: ETags and If-Match, refusing a reused Idempotency-Key
 * with another body (DBOS answers with the first workflow's outcome), the
 * sign-in throttle, the API's zod-openapi request validation and body guard,
 * Klausul's presentation of the answer (links, progress, words), nor creating
 * clauses: the benchmark drafts them through Klausul's API for both sides.
 * Refusals are answers (status and error) the workflow returns, so a replay
 * gives the same one; nothing is written with them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DBOS } from '@dbos-inc/dbos-sdk';
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import pg from 'pg';
import { createActor, transition, type AnyMachineSnapshot } from 'xstate';
import { findTemplate, type ClauseTemplate } from '../templates/index.ts';
import { statePath, workflowOf, type WorkflowDefinition } from '../workflows/index.ts';
import { termsSettled } from '../workflows/states.ts';
import { clauseRounds, type ClauseContext } from '../workflows/social-clause.ts';
import { canSeeClause, mayActAs, organisationsConcerned, type ClauseParties } from '../src/domain/access.ts';
import { clauseDeadlines, deadlineChanges, scheduleWithDefaults, type ScheduleSettings } from '../src/domain/deadlines.ts';
import { KlausulError } from '../src/domain/errors.ts';
import { computedVite, sanctionCap, type Fulfilment } from '../src/domain/fulfilment.ts';
import { inTargetGroups, type Delivery } from '../src/domain/measure.ts';
import { refuseUnacceptableText } from '../src/domain/personal-identity-number.ts';
import type { Actor } from '../src/domain/roles.ts';
import type { AppEnv } from '../src/http/env.ts';
import { NodePgDataSource } from './peer-datasource.ts';

export const PEER_NAME = 'DBOS Transact';
export const peerEventsPath = (clauseId: string) => `/peer/v1/clauses/${clauseId}/events`;

/** As many connections as Klausul's pool has (src/db/create-db.ts), for the application's transactions and for DBOS's system database. */
const POOL_SIZE = 20;
/** Sign-in reads one row by key hash; a few connections serve 16 callers. */
const AUTH_POOL_SIZE = 8;

interface Command {
  clauseId: string;
  actor: Actor;
  body: Record<string, unknown>;
  requestId: string | null;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const STATUS: Record<string, number> = { validation: 422, unauthorized: 401, forbidden: 403, not_found: 404, invalid_transition: 409 };
const refusal = (code: string, message: string): Answer => ({ status: STATUS[code] ?? 422, body: { error: { code, message } } });

/** The facts measurement reads, by the names src/domain/measure.ts gives them. */
const FACTS = `
  (select coalesce(json_agg(json_build_object('targetGroup', p.target_group, 'state', p.state, 'endedAs', p.ended_as, 'endReasonCode', p.end_reason_code,
     'startDate', p.start_date, 'plannedEndDate', p.planned_end_date, 'endDate', p.end_date, 'fte', p.fte, 'hoursPerWeek', p.hours_per_week)), '[]')
   from placements p where p.clause_id = c.id) as placements,
  (select coalesce(json_agg(json_build_object('state', r.state, 'periodStart', r.period_start, 'periodEnd', r.period_end,
     'totalLabourHours', r.total_labour_hours, 'localLabourHours', r.local_labour_hours, 'disadvantagedLabourHours', r.disadvantaged_labour_hours,
     'apprenticeHours', r.apprentice_hours, 'trainingHours', r.training_hours)), '[]')
   from reports r where r.clause_id = c.id) as reports,
  (select coalesce(json_agg(json_build_object('state', o.state, 'offeredDate', o.offered_date)), '[]') from offers o where o.clause_id = c.id) as offers,
  (select coalesce(json_agg(json_build_object('id', d.id, 'key', d.key, 'kind', d.kind, 'dueAt', d.due_at, 'status', d.status) order by d.due_at, d.key), '[]')
   from deadlines d where d.clause_id = c.id) as deadlines`;

interface ClauseRead {
  id: string;
  tender_id: string;
  buyer_org_id: string;
  contractor_org_id: string | null;
  matching_body_org_id: string | null;
  template_id: string;
  template_version: number;
  workflow_id: string;
  workflow_version: number;
  params: Record<string, unknown>;
  snapshot: Record<string, unknown>;
  state: string;
  top_state: string;
  version: number;
  placements: Delivery['placements'];
  reports: Delivery['reports'];
  offers: NonNullable<Delivery['offers']>;
  deadlines: Array<{ id: string; key: string; kind: string; dueAt: string; status: string }>;
}

const partiesOf = (row: ClauseRead): ClauseParties => ({
  buyerOrgId: row.buyer_org_id,
  contractorOrgId: row.contractor_org_id,
  matchingBodyOrgId: row.matching_body_org_id,
});

/** A row's delivery as its template counts it: placements outside the target groups never count. */
function measure(template: ClauseTemplate, row: ClauseRead, context: ClauseContext, now: Date, meetingDate = context.meetingRecord?.date ?? null): Fulfilment {
  const delivery: Delivery = {
    placements: inTargetGroups(row.placements, template.targetGroups(row.params)),
    reports: row.reports,
    offers: row.offers,
    contractStart: context.contract?.startDate ?? null,
    today: now.toISOString().slice(0, 10),
  };
  return template.measureDelivery(row.params, context.target, delivery, meetingDate);
}

type Resolved = { event: { type: string } & Record<string, unknown> } | { refused: Answer };

/** The facts the statechart's guards and actions need for the event, or a refusal of what it cannot judge. */
async function resolve(
  db: pg.PoolClient,
  template: ClauseTemplate,
  row: ClauseRead,
  context: ClauseContext,
  type: string,
  payload: Record<string, unknown>,
  now: Date,
): Promise<Resolved> {
  switch (type) {
    case 'AWARD': {
      const [supplier] = (await db.query<{ kind: string }>('select kind from organisations where id = $1', [payload.contractorOrgId])).rows;
      if (supplier?.kind !== 'supplier') return { refused: refusal('validation', `no supplier organisation has id ${String(payload.contractorOrgId)}`) };
      const promised = template.promisedSchedule(row.params).firstJobWithinMonths;
      const settings = { ...(payload.deadlines as ScheduleSettings | undefined), ...(promised === undefined ? {} : { firstJobWithinMonths: promised }) };
      return { event: { type, ...payload, target: template.target(row.params, payload.contractValueSek as number), schedule: scheduleWithDefaults(settings) } };
    }
    case 'RECORD_SHORTFALL':
      return { event: { type, ...payload, fulfilment: measure(template, row, context, now) } };
    case 'CONFIRM_FULFILLED': {
      const meetingDate = (payload.meetingRecord as { date: string } | undefined)?.date ?? null;
      return { event: { type, ...payload, fulfilment: measure(template, row, context, now, meetingDate) } };
    }
    case 'CLAIM_VITE':
    case 'IMPOSE_SANCTION': {
      const vite = template.vite(row.params);
      if (!vite) return { refused: refusal('validation', 'the clause carries no vite terms') };
      const contractValueSek = context.contract?.contractValueSek ?? 0;
      const asked = payload.amountSek as number | undefined;
      if (asked !== undefined && asked > sanctionCap(contractValueSek, vite)) return { refused: refusal('validation', 'vite above the cap') };
      return { event: { type, ...payload, amountSek: asked ?? computedVite(measure(template, row, context, now), contractValueSek, vite) } };
    }
    default:
      return { event: { type, ...payload } };
  }
}

/** The event types the actor may send now, as Klausul's allowedEvents lists them: the guards that judge facts get them. */
function allowedEvents(
  workflow: WorkflowDefinition,
  actor: Actor,
  parties: ClauseParties,
  snapshot: AnyMachineSnapshot,
  facts: { fulfilment: Fulfilment; termsAllowTermination: boolean },
): string[] {
  const probe = (type: string) =>
    type === 'CONFIRM_FULFILLED'
      ? { type, fulfilment: facts.fulfilment }
      : type === 'TERMINATE'
        ? { type, termsAllowTermination: facts.termsAllowTermination }
        : { type };
  return Object.entries(workflow.events)
    .filter(([type, def]) => !def.internal && !def.replacedBy && def.roles.some((role) => mayActAs(actor, role, parties)) && snapshot.can(probe(type)))
    .map(([type]) => type);
}

/** The DBOS transaction: read and lock the clause, judge the event, write what it changes. */
async function applyClauseEvent(dataSource: NodePgDataSource, { clauseId, actor, body, requestId }: Command): Promise<Answer> {
  const db = dataSource.client;
  const [row] = (await db.query<ClauseRead>(`select c.*, ${FACTS} from clauses c where c.id = $1 for no key update`, [clauseId])).rows;
  if (!row || !canSeeClause(actor, partiesOf(row))) return refusal('not_found', `No clause ${clauseId}`);
  const { type, ...rawPayload } = body;
  const workflow = workflowOf(row);
  const definition = typeof type === 'string' ? workflow.events[type] : undefined;
  if (!definition || definition.internal) return refusal('validation', 'Unknown event type');
  const eventType = type as string;
  if (!definition.roles.some((role) => mayActAs(actor, role, partiesOf(row)))) return refusal('forbidden', `${eventType} is not yours to send`);
  const parsed = definition.payload.safeParse(rawPayload);
  if (!parsed.success) return refusal('validation', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));

  const template = findTemplate(row.template_id, row.template_version)!;
  const snapshot = createActor(workflow.machine, { snapshot: row.snapshot as never }).getSnapshot() as AnyMachineSnapshot;
  const context = snapshot.context as ClauseContext;
  const now = new Date();
  const resolved = await resolve(db, template, row, context, eventType, parsed.data, now);
  if ('refused' in resolved) return resolved.refused;
  if (snapshot.status !== 'active' || !snapshot.can(resolved.event))
    return refusal('invalid_transition', `${eventType} is not possible while the clause is ${row.state}`);

  const [next] = transition(workflow.machine, snapshot, resolved.event);
  const nextContext = next.context as ClauseContext;
  const state = statePath(next.value);
  const version = row.version + 1;
  const changes = deadlineChanges(row.deadlines, nextContext.schedule ? clauseDeadlines(state, { ...nextContext, ...clauseRounds(nextContext) }, now) : []);
  const added = (changes?.add ?? []).map((d) => ({ id: randomUUID(), key: d.key, kind: d.kind, due_at: d.dueAt.toISOString(), event: d.event }));
  const { type: _type, ...payload } = resolved.event;
  const parties = { ...partiesOf(row), contractorOrgId: nextContext.contract?.contractorOrgId ?? row.contractor_org_id };
  const concerns = organisationsConcerned(parties);

  // Terms, target and contract change only while the terms are open (EDIT_DRAFT, AWARD).
  const terms = termsSettled(row.top_state)
    ? {}
    : {
        language: nextContext.language,
        params: JSON.stringify(nextContext.params),
        text: nextContext.text,
        target: JSON.stringify(nextContext.target),
        contract: JSON.stringify(nextContext.contract),
        contractor_org_id: nextContext.contract?.contractorOrgId ?? null,
        matching_body_org_id: nextContext.contract?.matchingBodyOrgId ?? null,
      };
  const columns = {
    snapshot: JSON.stringify(workflow.machine.getPersistedSnapshot(next)),
    state,
    top_state: state.split('.')[0]!,
    version,
    updated_at: now,
    ...terms,
  };
  const assignments = Object.keys(columns).map((column, i) => `${column} = $${i + 3}`);
  const updated = await db.query(`update clauses set ${assignments.join(', ')} where id = $1 and version = $2`, [
    clauseId,
    row.version,
    ...Object.values(columns),
  ]);
  if (updated.rowCount !== 1) throw new Error(`clause ${clauseId} moved on under its lock`);
  await db.query(
    `insert into clause_history (clause_id, seq, type, payload, actor_user_id, actor_role, actor_org_id, from_state, to_state, at, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [clauseId, version, eventType, JSON.stringify(payload), actor.userId, actor.role, actor.orgId, row.state, state, now, requestId],
  );
  const notice = { clauseId, subject: { kind: 'clause', id: clauseId }, event: eventType, fromState: row.state, toState: state, version };
  await db.query(
    `insert into outbox (clause_id, org_ids, type, payload, created_at, dispatched_at)
     values ($1, $2, $3, $4, $5::timestamptz, case when exists (select 1 from webhooks w where w.deleted_at is null and w.org_id = any($2::text[])) then null else $5::timestamptz end)`,
    [clauseId, concerns, `clause.${eventType}`, JSON.stringify({ ...notice, actorRole: actor.role, occurredAt: now.toISOString() }), now],
  );
  await db.query(
    `insert into clause_progress (clause_id, changed_at) values ($1, $2)
     on conflict (clause_id) do update set generation = clause_progress.generation + 1, changed_at = excluded.changed_at`,
    [clauseId, now],
  );
  if (changes && changes.cancel.length > 0) {
    await db.query(
      `update deadlines set status = 'cancelled', resolved_at = $3, resolved_by = $4 where clause_id = $1 and status = 'scheduled' and id = any($2)`,
      [clauseId, changes.cancel.map((d) => d.id), now, eventType],
    );
  }
  if (added.length > 0) {
    await db.query(
      `insert into deadlines (id, clause_id, key, kind, due_at, event, status, scheduled_at)
       select d.id, $1, d.key, d.kind, d.due_at, d.event, 'scheduled', $3
       from jsonb_to_recordset($2) as d(id text, key text, kind text, due_at timestamptz, event jsonb)
       on conflict (clause_id, key) do nothing`,
      [clauseId, JSON.stringify(added), now],
    );
  }

  const fulfilment = measure(template, row, nextContext, now);
  const cancelled = new Set(changes?.cancel.map((d) => d.id));
  const deadlines = [
    ...row.deadlines.map((d) => (cancelled.has(d.id) ? { ...d, status: 'cancelled' } : d)),
    ...added.map((d) => ({ id: d.id, key: d.key, kind: d.kind, dueAt: d.due_at, status: 'scheduled' })),
  ];
  return {
    status: 200,
    body: {
      id: clauseId,
      tenderId: row.tender_id,
      templateId: row.template_id,
      state,
      final: next.status === 'done',
      version,
      context: nextContext,
      fulfilment,
      deadlines,
      allowedEvents: allowedEvents(workflow, actor, parties, next, { fulfilment, termsAllowTermination: template.termination(row.params) }),
    },
  };
}

interface ActorRow {
  userId: string;
  userName: string;
  role: Actor['role'];
  orgId: string;
  orgKind: Actor['orgKind'];
}

export interface Peer {
  /** Adds the peer's route to Klausul's Hono app, behind its middleware (src/main.ts, ServeOptions.mount). */
  mount(app: Hono<AppEnv>): void;
  shutdown(): Promise<void>;
}

/**
 * Configures DBOS (its system database beside the application's), registers
 * the workflow and its transaction, and launches DBOS; `mount` then serves it.
 */
export async function launchPeer(databaseUrl: string, systemDatabaseUrl: string): Promise<Peer> {
  const dataSource = new NodePgDataSource('klausul', { connectionString: databaseUrl, max: POOL_SIZE });
  const applyEvent = dataSource.registerTransaction((command: Command) => applyClauseEvent(dataSource, command), { name: 'applyClauseEvent' });
  const clauseEvent = DBOS.registerWorkflow((command: Command) => applyEvent(command), { name: 'clauseEvent' });
  DBOS.setConfig({ name: 'klausul-peer', systemDatabaseUrl, systemDatabasePoolSize: POOL_SIZE, applicationVersion: 'bench', logLevel: 'warn' });
  await DBOS.launch();
  const auth = new pg.Pool({ connectionString: databaseUrl, max: AUTH_POOL_SIZE });

  const signedIn = async (authorization: string | undefined): Promise<Actor | undefined> => {
    const key = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!key) return undefined;
    const { rows } = await auth.query<ActorRow>(
      `select u.id as "userId", u.name as "userName", u.role, o.id as "orgId", o.kind as "orgKind"
       from api_keys k join users u on u.id = k.user_id join organisations o on o.id = u.org_id
       where k.key_hash = $1 and k.revoked_at is null`,
      [createHash('sha256').update(key).digest('hex')],
    );
    return rows[0];
  };

  return {
    mount(app) {
      app.post(peerEventsPath(':id'), async (c) => {
        const actor = await signedIn(c.req.header('authorization'));
        if (!actor) return c.json(refusal('unauthorized', 'Send a valid API key as "Authorization: Bearer <key>".').body, 401);
        const body = await c.req.json().catch(() => undefined);
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          return c.json(refusal('validation', 'Send the event as a JSON object.').body, 422);
        try {
          refuseUnacceptableText(body);
        } catch (error) {
          if (error instanceof KlausulError) return c.json(refusal(error.code, error.message).body, 422);
          throw error;
        }
        const command: Command = { clauseId: c.req.param('id')!, actor, body: body as Record<string, unknown>, requestId: c.get('requestId') ?? null };
        const key = c.req.header('idempotency-key');
        const answer = key ? await DBOS.withNextWorkflowID(`${actor.userId}:${key}`, () => clauseEvent(command)) : await clauseEvent(command);
        return c.json(answer.body, answer.status as ContentfulStatusCode);
      });
    },
    async shutdown() {
      await DBOS.shutdown();
      await auth.end();
    },
  };
}
