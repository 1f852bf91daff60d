/** Programmes (migration 0019): their rows, members, clauses and history, and what their report is computed from. */
import { sql, type Selectable } from 'kysely';
import type { ReportFollowUp, ReportPlacement } from '../domain/programme-report.ts';
import type { OrgKind } from '../domain/roles.ts';
import { json, type Db, type FollowUpStatus, type ProgrammeHistoryTable, type ProgrammesTable } from './schema.ts';

export type ProgrammeRow = Selectable<ProgrammesTable>;
export type ProgrammeHistoryRow = Selectable<ProgrammeHistoryTable>;

/** A history row as a change records it; its seq is the programme's version the change produced. */
export interface ProgrammeChange {
  type: string;
  payload: Record<string, unknown>;
  actorUserId: string;
  actorRole: string;
  actorOrgId: string;
  at: Date;
  requestId: string | null;
}

export interface ProgrammeMember {
  orgId: string;
  name: string;
  kind: OrgKind;
  addedAt: Date;
}

export async function findProgramme(db: Db, id: string): Promise<ProgrammeRow | undefined> {
  return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The programme's row, locked until the transaction ends: changes to a programme take turns. */
export async function lockProgramme(trx: Db, id: string): Promise<ProgrammeRow | undefined> {
  return trx.selectFrom('programmes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Programmes the organisation is a member of, by name. */
export async function listProgrammesOfMember(db: Db, orgId: string): Promise<ProgrammeRow[]> {
  return db
    .selectFrom('programmes as p')
    .innerJoin('programme_members as m', 'm.programme_id', 'p.id')
    .selectAll('p')
    .where('m.org_id', '=', orgId)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}

export async function listMembers(db: Db, programmeId: string): Promise<ProgrammeMember[]> {
  const rows = await db
    .selectFrom('programme_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'o.name', 'o.kind', 'm.added_at'])
    .where('m.programme_id', '=', programmeId)
    .orderBy('m.added_at')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, name: r.name, kind: r.kind, addedAt: r.added_at }));
}

export async function listProgrammeClauses(
  db: Db,
  programmeId: string,
): Promise<Array<{ clauseId: string; buyerOrgId: string; contractorOrgId: string | null; addedAt: Date }>> {
  const rows = await db
    .selectFrom('programme_clauses as pc')
    .innerJoin('clauses as c', 'c.id', 'pc.clause_id')
    .select(['pc.clause_id', 'c.buyer_org_id', 'c.contractor_org_id', 'pc.added_at'])
    .where('pc.programme_id', '=', programmeId)
    .orderBy('pc.added_at')
    .orderBy('pc.clause_id')
    .execute();
  return rows.map((r) => ({ clauseId: r.clause_id, buyerOrgId: r.buyer_org_id, contractorOrgId: r.contractor_org_id, addedAt: r.added_at }));
}

export async function isMember(db: Db, programmeId: string, orgId: string): Promise<boolean> {
  const row = await db.selectFrom('programme_members').select('org_id').where('programme_id', '=', programmeId).where('org_id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}

export async function includesClause(db: Db, programmeId: string, clauseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('programme_clauses')
    .select('clause_id')
    .where('programme_id', '=', programmeId)
    .where('clause_id', '=', clauseId)
    .executeTakeFirst();
  return row !== undefined;
}

async function recordChange(trx: Db, programmeId: string, seq: number, change: ProgrammeChange): Promise<void> {
  await trx
    .insertInto('programme_history')
    .values({
      programme_id: programmeId,
      seq,
      type: change.type,
      payload: json(change.payload),
      actor_user_id: change.actorUserId,
      actor_role: change.actorRole,
      actor_org_id: change.actorOrgId,
      at: change.at,
      request_id: change.requestId,
    })
    .execute();
}

/** A new programme at version 1, its owner as its first member, and its CREATE history row. */
export async function insertProgramme(
  trx: Db,
  programme: Omit<ProgrammeRow, 'version' | 'created_at' | 'updated_at' | 'estimate_parameters'>,
  change: ProgrammeChange,
): Promise<void> {
  await trx
    .insertInto('programmes')
    .values({ ...programme, targets: json(programme.targets), estimate_parameters: null, version: 1, created_at: change.at, updated_at: change.at })
    .execute();
  await trx
    .insertInto('programme_members')
    .values({ programme_id: programme.id, org_id: programme.owner_org_id, added_by: change.actorUserId, added_at: change.at })
    .execute();
  await recordChange(trx, programme.id, 1, change);
}

/** Moves a locked programme to its next version with the change's history row and whatever else the change writes. */
export async function changeProgramme(
  trx: Db,
  programme: ProgrammeRow,
  change: ProgrammeChange,
  columns: { estimate_parameters?: string } = {},
): Promise<void> {
  const version = programme.version + 1;
  await trx
    .updateTable('programmes')
    .set({ ...columns, version, updated_at: change.at })
    .where('id', '=', programme.id)
    .execute();
  await recordChange(trx, programme.id, version, change);
}

export async function insertMember(trx: Db, programmeId: string, orgId: string, addedBy: string, at: Date): Promise<void> {
  await trx.insertInto('programme_members').values({ programme_id: programmeId, org_id: orgId, added_by: addedBy, added_at: at }).execute();
}

export async function insertProgrammeClause(trx: Db, programmeId: string, clauseId: string, addedBy: string, at: Date): Promise<void> {
  await trx.insertInto('programme_clauses').values({ programme_id: programmeId, clause_id: clauseId, added_by: addedBy, added_at: at }).execute();
}

export async function listProgrammeHistory(db: Db, programmeId: string): Promise<ProgrammeHistoryRow[]> {
  return db.selectFrom('programme_history').selectAll().where('programme_id', '=', programmeId).orderBy('seq').execute();
}

const started = sql<boolean>`exists (select 1 from item_history h where h.item_id = p.id and h.type = 'START')`;

/** What the report reads of every placement, wherever it was made. */
const PLACEMENT_COLUMNS = ['p.id', 'p.start_date', 'p.state', 'p.ended_as', 'p.outcome', 'p.supervisor_id'] as const;

/** Every placement the programme counts: its own-workplace placements and those under its clauses. */
export async function programmePlacements(db: Db, programmeId: string): Promise<ReportPlacement[]> {
  const own = await db
    .selectFrom('placements as p')
    .innerJoin('organisations as host', 'host.id', 'p.host_org_id')
    .select(PLACEMENT_COLUMNS)
    .select(['p.breaks_gender_pattern', 'p.host_org_id', 'host.name as host_name'])
    .select(started.as('started'))
    .where('p.programme_id', '=', programmeId)
    .execute();
  const underClauses = await db
    .selectFrom('programme_clauses as pc')
    .innerJoin('clauses as c', 'c.id', 'pc.clause_id')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .innerJoin('placements as p', 'p.clause_id', 'c.id')
    .leftJoin('openings as op', 'op.id', 'p.opening_id')
    .leftJoin('organisations as supplier', 'supplier.id', 'c.contractor_org_id')
    .select(PLACEMENT_COLUMNS)
    .select(['c.id as clause_id', 't.reference', 't.title', 'c.contractor_org_id'])
    .select(['op.breaks_gender_pattern', 'supplier.name as supplier_name'])
    .select(started.as('started'))
    .where('pc.programme_id', '=', programmeId)
    .execute();
  const common = (r: {
    id: string;
    start_date: string;
    state: string;
    ended_as: ReportPlacement['endedAs'];
    outcome: string | null;
    started: boolean;
    supervisor_id: string | null;
  }) => ({
    id: r.id,
    supervisorId: r.supervisor_id,
    startDate: r.start_date,
    started: Boolean(r.started),
    state: r.state,
    endedAs: r.ended_as,
    outcome: r.outcome as FollowUpStatus | null,
  });
  return [
    ...own.map((r) => ({
      ...common(r),
      breaksGenderPattern: r.breaks_gender_pattern === true,
      source: { kind: 'own' as const, hostOrgId: r.host_org_id!, hostName: r.host_name },
    })),
    ...underClauses.map((r) => ({
      ...common(r),
      breaksGenderPattern: r.breaks_gender_pattern === true,
      source: {
        kind: 'clause' as const,
        clauseId: r.clause_id,
        tenderReference: r.reference,
        title: r.title,
        supplierOrgId: r.contractor_org_id,
        supplierName: r.supplier_name,
      },
    })),
  ];
}

/** The recorded follow-ups of the placements. */
export async function recordedFollowUps(db: Db, placementIds: readonly string[]): Promise<ReportFollowUp[]> {
  if (placementIds.length === 0) return [];
  const rows = await db
    .selectFrom('follow_ups')
    .select(['placement_id', 'months', 'status', 'employability'])
    .where('state', '=', 'recorded')
    .where(sql<boolean>`placement_id = any(${[...placementIds]}::text[])`)
    .execute();
  return rows.flatMap((r) => (r.status ? [{ placementId: r.placement_id, months: r.months, status: r.status, employability: r.employability }] : []));
}

/** The organisation's kind, if it exists. */
export async function organisationKind(db: Db, orgId: string): Promise<OrgKind | undefined> {
  return (await db.selectFrom('organisations').select('kind').where('id', '=', orgId).executeTakeFirst())?.kind;
}
