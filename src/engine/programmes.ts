/**
 * Programmes (issue 21, items 1, 4 and 5): create one, add members and
 * clauses, set the estimate's parameters, and read the programme, its history,
 * its report and its estimate. Who may do what: src/domain/programmes.ts.
 * Every change moves the programme's version and appends a history row.
 */
import { randomUUID } from 'node:crypto';
import { canSeeClause } from '../domain/access.ts';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import { trainingsOf } from '../db/supervisors.ts';
import { computeProgrammeReport, programmeYears, reportPeriod, suppressProgrammeReport } from '../domain/programme-report.ts';
import type { ProgrammeReport, ProgrammeTargets } from '../domain/programme-report-shape.ts';
import { managesProgramme, mayCreateProgramme, newProgrammeInput, programmeClauseInput, programmeMemberInput, seesUnsuppressed } from '../domain/programmes.ts';
import type { Actor } from '../domain/roles.ts';
import { estimateParametersInput, estimateProgramme, type EstimateParameters, type SocioEconomicEstimate } from '../domain/socio-economic-estimate.ts';
import { clauseNames, findClause } from '../db/clauses.ts';
import {
  changeProgramme,
  findProgramme,
  includesClause,
  insertMember,
  insertProgramme,
  insertProgrammeClause,
  isMember,
  listMembers,
  listProgrammeClauses,
  listProgrammeHistory,
  listProgrammesOfMember,
  lockProgramme,
  organisationKind,
  programmePlacements,
  recordedFollowUps,
  type ProgrammeChange,
  type ProgrammeRow,
} from '../db/programmes.ts';
import { json, type Db } from '../db/schema.ts';
import type { RequestContext } from './apply.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';

export interface ProgrammeView {
  id: string;
  name: string;
  ownerOrgId: string;
  startDate: string;
  endDate: string;
  targets: ProgrammeTargets;
  members: Array<{ orgId: string; name: string; kind: string; addedAt: string }>;
  /** The included clauses the caller may see (as its buyer or contractor); clauseCount counts them all. */
  clauses: Array<{ clauseId: string; buyerOrgId: string; addedAt: string }>;
  clauseCount: number;
  estimateParameters: EstimateParameters | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

async function present(db: Db, actor: Actor, row: ProgrammeRow): Promise<ProgrammeView> {
  const members = await listMembers(db, row.id);
  const clauses = await listProgrammeClauses(db, row.id);
  const visible = clauses.filter((c) => canSeeClause(actor, { buyerOrgId: c.buyerOrgId, contractorOrgId: c.contractorOrgId }));
  return {
    id: row.id,
    name: row.name,
    ownerOrgId: row.owner_org_id,
    startDate: row.start_date,
    endDate: row.end_date,
    targets: row.targets as ProgrammeTargets,
    members: members.map((m) => ({ orgId: m.orgId, name: m.name, kind: m.kind, addedAt: m.addedAt.toISOString() })),
    clauses: visible.map((c) => ({ clauseId: c.clauseId, buyerOrgId: c.buyerOrgId, addedAt: c.addedAt.toISOString() })),
    clauseCount: clauses.length,
    estimateParameters: row.estimate_parameters as EstimateParameters | null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The programme, if the actor's organisation is a member; otherwise not_found, as for any foreign resource. */
export async function loadVisibleProgramme(db: Db, actor: Actor, id: string): Promise<ProgrammeRow> {
  const row = await findProgramme(db, id);
  if (!row || !(await isMember(db, id, actor.orgId))) throw notFound('Programme', id);
  return row;
}

const changeBy = (ctx: RequestContext, at: Date, type: string, payload: Record<string, unknown>): ProgrammeChange => ({
  type,
  payload,
  actorUserId: ctx.actor.userId,
  actorRole: ctx.actor.role,
  actorOrgId: ctx.actor.orgId,
  at,
  requestId: ctx.requestId ?? null,
});

function requireManager(actor: Actor, programme: ProgrammeRow, what: string): void {
  if (!managesProgramme(actor, programme.owner_org_id)) {
    throw new KlausulError(
      'forbidden',
      `${what} is the task of the programme owner's officer or matcher; you are signed in as ${actor.role} of another organisation or role.`,
      {
        requiredRole: 'officer or matcher',
      },
    );
  }
}

export async function createProgramme(deps: EngineDeps, ctx: RequestContext, raw: unknown): Promise<Answer<ProgrammeView> & { replayed: boolean }> {
  const { actor } = ctx;
  if (!mayCreateProgramme(actor)) {
    throw new KlausulError('forbidden', `A programme is created by a buyer's officer or a matching body's matcher; you are signed in as ${actor.role}.`, {
      requiredRole: 'officer or matcher',
    });
  }
  const input = acceptInput(newProgrammeInput, raw, 'programme');
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const at = deps.clock.now();
      await insertProgramme(
        trx,
        {
          id,
          name: input.name,
          owner_org_id: actor.orgId,
          start_date: input.startDate,
          end_date: input.endDate,
          targets: input.targets as Record<string, number>,
          created_by: actor.userId,
        },
        changeBy(ctx, at, 'CREATE', { input }),
      );
      const answer = { status: 201, body: await present(trx, ctx.actor, (await findProgramme(trx, id))!) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export async function listProgrammes(deps: EngineDeps, actor: Actor): Promise<ProgrammeView[]> {
  const rows = await listProgrammesOfMember(deps.db, actor.orgId);
  const views: ProgrammeView[] = [];
  for (const row of rows) views.push(await present(deps.db, actor, row));
  return views;
}

export async function getProgramme(deps: EngineDeps, actor: Actor, id: string): Promise<ProgrammeView> {
  return present(deps.db, actor, await loadVisibleProgramme(deps.db, actor, id));
}

export async function getProgrammeHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleProgramme(deps.db, actor, id);
  const visible = new Set(
    (await listProgrammeClauses(deps.db, id))
      .filter((c) => canSeeClause(actor, { buyerOrgId: c.buyerOrgId, contractorOrgId: c.contractorOrgId }))
      .map((c) => c.clauseId),
  );
  // A clause the caller may not see is not named, here as in the programme itself.
  const shownPayload = (row: { type: string; payload: Record<string, unknown> }) =>
    row.type === 'ADD_CLAUSE' && !visible.has(row.payload.clauseId as string) ? { ...row.payload, clauseId: null } : row.payload;
  return (await listProgrammeHistory(deps.db, id)).map((row) => ({
    seq: row.seq,
    type: row.type,
    actorRole: row.actor_role,
    actorOrgId: row.actor_org_id,
    actorUserId: row.actor_user_id,
    at: row.at.toISOString(),
    requestId: row.request_id,
    payload: shownPayload(row),
  }));
}

/** A change under the programme's lock: `apply` checks what must hold under it and writes; the programme's view is the answer. */
function changeUnderLock(
  deps: EngineDeps,
  ctx: RequestContext,
  id: string,
  apply: (trx: Db, programme: ProgrammeRow, at: Date) => Promise<void>,
): Promise<Answer<ProgrammeView> & { replayed: boolean }> {
  return idempotent(deps, ctx.actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      await apply(trx, (await lockProgramme(trx, id))!, deps.clock.now());
      const answer = { status: 200, body: await present(trx, ctx.actor, (await findProgramme(trx, id))!) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

/** Adds a member organisation: a buyer, a matching body or a supplier (the owner's officer or matcher). */
export async function addProgrammeMember(deps: EngineDeps, ctx: RequestContext, id: string, raw: unknown) {
  const programme = await loadVisibleProgramme(deps.db, ctx.actor, id);
  requireManager(ctx.actor, programme, 'Adding a member');
  const { orgId } = acceptInput(programmeMemberInput, raw, 'member');
  if (!(await organisationKind(deps.db, orgId))) {
    throw validationError('No such organisation', [{ path: 'orgId', message: 'send the id of an existing buyer, matching body or supplier' }]);
  }
  return changeUnderLock(deps, ctx, id, async (trx, locked, at) => {
    if (await isMember(trx, id, orgId)) throw new KlausulError('conflict', `Organisation ${orgId} is already a member of the programme.`);
    await insertMember(trx, id, orgId, ctx.actor.userId, at);
    await changeProgramme(trx, locked, changeBy(ctx, at, 'ADD_MEMBER', { orgId }));
  });
}

/** Includes a member buyer's clause (the owner's officer or matcher, or the clause's own buyer's officer). */
export async function addProgrammeClause(deps: EngineDeps, ctx: RequestContext, id: string, raw: unknown) {
  const { actor } = ctx;
  const programme = await loadVisibleProgramme(deps.db, actor, id);
  const ownBuyer = actor.orgKind === 'buyer' && actor.role === 'officer';
  if (!managesProgramme(actor, programme.owner_org_id) && !ownBuyer) {
    throw new KlausulError(
      'forbidden',
      `Clauses are added by the programme owner's officer or matcher, or by a member buyer's officer (its own clauses); you are signed in as ${actor.role}.`,
      { requiredRole: 'officer or matcher' },
    );
  }
  const { clauseId } = acceptInput(programmeClauseInput, raw, 'clause');
  const clause = await findClause(deps.db, clauseId);
  // One answer for a clause that does not exist and one of a non-member: the refusal tells nothing of other buyers' clauses.
  if (!clause || !(await isMember(deps.db, id, clause.buyer_org_id))) {
    throw validationError('Not a clause of a member buyer', [
      { path: 'clauseId', message: 'send the id of a clause whose buyer is a member of the programme (add the buyer first)' },
    ]);
  }
  if (!managesProgramme(actor, programme.owner_org_id) && clause.buyer_org_id !== actor.orgId) {
    throw new KlausulError('forbidden', "A member buyer's officer adds only its own organisation's clauses.", { requiredRole: 'officer' });
  }
  return changeUnderLock(deps, ctx, id, async (trx, locked, at) => {
    if (await includesClause(trx, id, clauseId)) throw new KlausulError('conflict', `Clause ${clauseId} is already in the programme.`);
    await insertProgrammeClause(trx, id, clauseId, actor.userId, at);
    await changeProgramme(trx, locked, changeBy(ctx, at, 'ADD_CLAUSE', { clauseId }));
  });
}

/** Sets the parameters of the socio-economic estimate (the owner's officer or matcher). */
export async function setEstimateParameters(deps: EngineDeps, ctx: RequestContext, id: string, raw: unknown) {
  const programme = await loadVisibleProgramme(deps.db, ctx.actor, id);
  requireManager(ctx.actor, programme, 'Setting the estimate’s parameters');
  const parameters = acceptInput(estimateParametersInput, raw, 'estimate parameters');
  return changeUnderLock(deps, ctx, id, async (trx, locked, at) => {
    await changeProgramme(trx, locked, changeBy(ctx, at, 'SET_ESTIMATE_PARAMETERS', { parameters }), { estimate_parameters: json(parameters) });
  });
}

/** `?year=`: a calendar year the programme spans, or none for its whole period. */
function yearOf(programme: ProgrammeRow, raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const years = programmeYears({ startDate: programme.start_date, endDate: programme.end_date });
  const year = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!years.includes(year)) {
    throw validationError('No such year in the programme', [
      { path: 'year', message: `send a calendar year from ${years[0]} to ${years.at(-1)}, or leave year out for the whole period` },
    ]);
  }
  return year;
}

async function reportInputs(db: Db, programme: ProgrammeRow) {
  const placements = await programmePlacements(db, programme.id);
  const followUps = await recordedFollowUps(
    db,
    placements.map((p) => p.id),
  );
  const subject = {
    id: programme.id,
    name: programme.name,
    startDate: programme.start_date,
    endDate: programme.end_date,
    targets: programme.targets as ProgrammeTargets,
  };
  // The training dates of the supervisors the placements name: whether each was trained by the period's end.
  const trainings = await trainingsOf(db, [...new Set(placements.flatMap((p) => (p.supervisorId ? [p.supervisorId] : [])))]);
  const trainingDates = new Map<string, string[]>();
  for (const t of trainings) trainingDates.set(t.supervisor_id, [...(trainingDates.get(t.supervisor_id) ?? []), t.date]);
  return { placements, followUps, subject, trainingDates };
}

async function viewerSeesUnsuppressed(db: Db, actor: Actor, programmeId: string): Promise<boolean> {
  return seesUnsuppressed(
    actor,
    (await listMembers(db, programmeId)).map((m) => m.orgId),
  );
}

/** The report for a year or the whole period; suppressed for everyone but a member matching body's matcher. */
export async function getProgrammeReport(deps: EngineDeps, actor: Actor, id: string, rawYear?: string): Promise<ProgrammeReport> {
  return reportOf(deps.db, actor, await loadVisibleProgramme(deps.db, actor, id), rawYear);
}

async function reportOf(db: Db, actor: Actor, programme: ProgrammeRow, rawYear?: string): Promise<ProgrammeReport> {
  const year = yearOf(programme, rawYear);
  const { placements, followUps, subject, trainingDates } = await reportInputs(db, programme);
  const report = computeProgrammeReport(subject, placements, followUps, year, trainingDates);
  return (await viewerSeesUnsuppressed(db, actor, programme.id)) ? report : suppressProgrammeReport(report);
}

/** What the programme's web page shows: its scope with the clauses the viewer may see named, the report, and the years to choose. */
export async function getProgrammePage(deps: EngineDeps, actor: Actor, id: string, rawYear?: string) {
  const row = await loadVisibleProgramme(deps.db, actor, id);
  const programme = await present(deps.db, actor, row);
  const report = await reportOf(deps.db, actor, row, rawYear);
  const names = await clauseNames(
    deps.db,
    programme.clauses.map((c) => c.clauseId),
  );
  const clauses = programme.clauses.flatMap((c) => {
    const named = names.get(c.clauseId);
    return named ? [{ clauseId: c.clauseId, tenderReference: named.tenderReference, title: named.tenderTitle, supplierName: named.supplierName }] : [];
  });
  return { programme: { ...programme, clauses }, report, years: programmeYears(programme) };
}

export async function getProgrammeEstimate(
  deps: EngineDeps,
  actor: Actor,
  id: string,
): Promise<{ programmeId: string; period: { from: string; to: string }; parameters: EstimateParameters } & SocioEconomicEstimate> {
  const programme = await loadVisibleProgramme(deps.db, actor, id);
  const parameters = programme.estimate_parameters as EstimateParameters | null;
  if (!parameters) {
    throw new KlausulError(
      'conflict',
      "The programme's owner has set no estimate parameters yet; its officer or matcher sends them with PUT /api/v1/programmes/{id}/estimate-parameters.",
    );
  }
  const { placements, followUps, subject } = await reportInputs(deps.db, programme);
  const period = reportPeriod(subject, null);
  const suppress = !(await viewerSeesUnsuppressed(deps.db, actor, id));
  return { programmeId: id, period, parameters, ...estimateProgramme(placements, followUps, parameters, period, suppress) };
}
