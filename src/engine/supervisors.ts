/**
 * The supervisor register (issue 22, item 1): an employer keeps its
 * supervisors (handledare) and what they were trained in, so that openings and
 * placements can name them and a clause can require a trained one before a
 * placement starts. Supervisors are staff, named, not participants: their
 * name and e-mail are removed on request and the trainings stay, unnamed.
 *
 * Who keeps the register: the employer organisation's contractors (a
 * supplier), officers (a buyer hosting placements itself) and admins; nobody
 * else sees it (404), an admin of another organisation included.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoDate } from '../../workflows/payloads.ts';
import { KlausulError, notFound, validationError, type ValidationIssue } from '../domain/errors.ts';
import type { Actor, ActorRole } from '../domain/roles.ts';
import { trainedBy } from '../domain/supervision.ts';
import { findOrganisation } from '../db/organisations.ts';
import type { Db, SupervisorRow, SupervisorTrainingRow } from '../db/schema.ts';
import { findSupervisor, insertSupervisor, insertTraining, listSupervisorsOf, removeSupervisorIdentity, trainingsOf } from '../db/supervisors.ts';
import type { RequestContext } from './apply.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import { isoDay } from '../domain/dates.ts';

/** The roles that keep their organisation's register. */
export const SUPERVISOR_KEEPERS: readonly ActorRole[] = ['contractor', 'officer', 'admin'];

export const supervisorInput = z.strictObject({
  name: z.string().trim().min(1, "the supervisor's name").max(200).meta({ example: 'Karin Lund' }),
  employerOrgId: z.string().min(1).optional().describe("The employer's organisation; leave out for your own"),
  email: z.email('an e-mail address, e.g. karin.lund@bygg.example').max(320).optional(),
});

export const trainingInput = z.strictObject({
  course: z.string().trim().min(1, 'the course, e.g. "Handledarutbildning"').max(200).meta({ example: 'Handledarutbildning' }),
  provider: z.string().trim().min(1, 'who gave it, e.g. "KIVO Härnösand"').max(200).meta({ example: 'KIVO Härnösand' }),
  date: isoDate.describe('The day the training was completed'),
});

export interface TrainingView {
  id: string;
  course: string;
  provider: string;
  date: string;
  recordedAt: string;
}

export interface SupervisorView {
  id: string;
  employerOrgId: string;
  /** Null once removed. */
  name: string | null;
  email: string | null;
  /** Has a training record dated today or earlier. */
  trained: boolean;
  trainings: TrainingView[];
  createdAt: string;
  removedAt: string | null;
}

const presentTraining = (t: SupervisorTrainingRow): TrainingView => ({
  id: t.id,
  course: t.course,
  provider: t.provider,
  date: t.date,
  recordedAt: t.recorded_at.toISOString(),
});

function present(row: SupervisorRow, trainings: SupervisorTrainingRow[], today: string): SupervisorView {
  return {
    id: row.id,
    employerOrgId: row.employer_org_id,
    name: row.name,
    email: row.email,
    trained: trainedBy(trainings, today),
    trainings: trainings.map(presentTraining),
    createdAt: row.created_at.toISOString(),
    removedAt: row.removed_at?.toISOString() ?? null,
  };
}

const mayKeep = (actor: Actor, employerOrgId: string): boolean => SUPERVISOR_KEEPERS.includes(actor.role) && actor.orgId === employerOrgId;

function requireKeeper(actor: Actor): void {
  if (!SUPERVISOR_KEEPERS.includes(actor.role)) {
    throw new KlausulError(
      'forbidden',
      `The supervisor register is kept by the employer's contractors, officers and admins; you are signed in as ${actor.role}.`,
    );
  }
}

/** The supervisor, if the actor keeps its employer's register; otherwise not_found. */
async function loadKept(db: Db, actor: Actor, id: string): Promise<SupervisorRow> {
  const row = await findSupervisor(db, id);
  if (!row || !mayKeep(actor, row.employer_org_id)) throw notFound('Supervisor', id);
  return row;
}

async function view(deps: EngineDeps, row: SupervisorRow): Promise<SupervisorView> {
  return present(row, await trainingsOf(deps.db, [row.id]), isoDay(deps.clock.now()));
}

export async function registerSupervisor(deps: EngineDeps, ctx: RequestContext, raw: unknown): Promise<Answer<SupervisorView> & { replayed: boolean }> {
  const { actor } = ctx;
  requireKeeper(actor);
  const input = acceptInput(supervisorInput, raw, 'supervisor');
  const employerOrgId = input.employerOrgId ?? actor.orgId;
  if (!(await findOrganisation(deps.db, employerOrgId))) {
    throw validationError('No such employer', [{ path: 'employerOrgId', message: `no organisation has id ${employerOrgId}; leave it out for your own` }]);
  }
  if (!mayKeep(actor, employerOrgId)) {
    throw new KlausulError('forbidden', "You keep your own organisation's supervisors; leave employerOrgId out, or send your organisation's id.");
  }
  return idempotent(deps, actor.userId, ctx.idempotency, (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const row = await insertSupervisor(trx, {
        id: randomUUID(),
        employer_org_id: employerOrgId,
        name: input.name,
        email: input.email ?? null,
        created_by: actor.userId,
        created_at: deps.clock.now(),
      });
      const answer = { status: 201, body: present(row, [], isoDay(deps.clock.now())) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export async function listSupervisors(deps: EngineDeps, actor: Actor): Promise<SupervisorView[]> {
  if (!SUPERVISOR_KEEPERS.includes(actor.role)) return [];
  const rows = await listSupervisorsOf(deps.db, actor.orgId);
  const trainings = await trainingsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const today = isoDay(deps.clock.now());
  return rows.map((row) =>
    present(
      row,
      trainings.filter((t) => t.supervisor_id === row.id),
      today,
    ),
  );
}

export async function getSupervisor(deps: EngineDeps, actor: Actor, id: string): Promise<SupervisorView> {
  return view(deps, await loadKept(deps.db, actor, id));
}

export async function recordTraining(deps: EngineDeps, ctx: RequestContext, id: string, raw: unknown): Promise<Answer<SupervisorView> & { replayed: boolean }> {
  const { actor } = ctx;
  const row = await loadKept(deps.db, actor, id);
  const input = acceptInput(trainingInput, raw, 'training');
  const today = isoDay(deps.clock.now());
  if (input.date > today) {
    throw validationError('The training lies in the future', [{ path: 'date', message: `send the day it was completed, at the latest today (${today})` }]);
  }
  if (row.removed_at) throw new KlausulError('conflict', 'The supervisor was removed from the register; register them again to record training.');
  return idempotent(deps, actor.userId, ctx.idempotency, (remember) =>
    deps.db.transaction().execute(async (trx) => {
      await insertTraining(trx, { id: randomUUID(), supervisor_id: id, ...input, recorded_by: actor.userId, recorded_at: deps.clock.now() });
      const answer = { status: 201, body: present(row, await trainingsOf(trx, [id]), today) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

/** Removes the supervisor's name and e-mail; openings and placements that name them keep the id, and the trainings stay. */
export async function removeSupervisor(deps: EngineDeps, actor: Actor, id: string): Promise<SupervisorView> {
  const row = await loadKept(deps.db, actor, id);
  const removed = await removeSupervisorIdentity(deps.db, id, deps.clock.now());
  return view(deps, removed ?? row);
}

const unknownSupervisor = (supervisorId: string, path = 'supervisorId'): ValidationIssue => ({
  path,
  message: `your organisation's register has no supervisor ${supervisorId}; register them at POST /api/v1/supervisors first, or leave it out`,
});

/**
 * The supervisor an opening or placement names, checked: it exists, it is
 * the employer's (the organisation registering), and it has not been removed.
 * With its trainings, for the rule and for the opening's `supervisor.trained`.
 */
export async function namedSupervisor(db: Db, employerOrgId: string, supervisorId: string, path = 'supervisorId') {
  const row = await findSupervisor(db, supervisorId);
  if (!row || row.employer_org_id !== employerOrgId || row.removed_at) throw validationError('No such supervisor', [unknownSupervisor(supervisorId, path)]);
  return { row, trainings: await trainingsOf(db, [supervisorId]) };
}

/** A supervisor's trainings, by the id an opening or placement keeps (the supervisor may since have been removed). */
export const trainingsOfSupervisor = async (db: Db, supervisorId: string | null | undefined) =>
  supervisorId ? { trainings: await trainingsOf(db, [supervisorId]) } : null;

/** Rows naming a supervisor not in the organisation's register (or removed from it): one issue per row, numbered from 1. */
export async function supervisorIssues(db: Db, employerOrgId: string, inputs: ReadonlyArray<{ supervisorId?: string | undefined }>) {
  const issues: Array<ValidationIssue & { row: number }> = [];
  for (const [index, input] of inputs.entries()) {
    if (!input.supervisorId) continue;
    const row = await findSupervisor(db, input.supervisorId);
    if (!row || row.employer_org_id !== employerOrgId || row.removed_at) issues.push({ row: index + 1, ...unknownSupervisor(input.supervisorId) });
  }
  return issues;
}
