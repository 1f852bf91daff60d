/** The supervisor register (migration 0023): one module for its SQL. */
import { seenBy } from './clauses.ts';
import { matchesFilter, type PortfolioFilter } from './progress.ts';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db, SupervisorRow, SupervisorTrainingRow } from './schema.ts';

export async function insertSupervisor(db: Db, row: Omit<SupervisorRow, 'removed_at'>): Promise<SupervisorRow> {
  return db
    .insertInto('supervisors')
    .values({ ...row, removed_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findSupervisor = (db: Db, id: string): Promise<SupervisorRow | undefined> =>
  db.selectFrom('supervisors').selectAll().where('id', '=', id).executeTakeFirst();

/** An employer's supervisors, removed ones too (they keep their trainings), by name. */
export const listSupervisorsOf = (db: Db, employerOrgId: string): Promise<SupervisorRow[]> =>
  db
    .selectFrom('supervisors')
    .selectAll()
    .where('employer_org_id', '=', employerOrgId)
    .orderBy('removed_at', 'desc')
    .orderBy('name')
    .orderBy('created_at')
    .execute();

/** The trainings of these supervisors, oldest first. */
export async function trainingsOf(db: Db, supervisorIds: readonly string[]): Promise<SupervisorTrainingRow[]> {
  if (supervisorIds.length === 0) return [];
  return db
    .selectFrom('supervisor_trainings')
    .selectAll()
    .where('supervisor_id', 'in', [...supervisorIds])
    .orderBy('date')
    .orderBy('recorded_at')
    .execute();
}

export const insertTraining = (db: Db, row: SupervisorTrainingRow): Promise<SupervisorTrainingRow> =>
  db.insertInto('supervisor_trainings').values(row).returningAll().executeTakeFirstOrThrow();

/** Removes the supervisor's name and e-mail: what the register keeps of them is the trainings, without a name. */
export const removeSupervisorIdentity = (db: Db, id: string, at: Date): Promise<SupervisorRow | undefined> =>
  db
    .updateTable('supervisors')
    .set({ name: null, email: null, removed_at: at })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();

/** The supervisors named by the openings and placements of these clauses (ids, or a query of ids), with each clause. */
function namedBy(db: Db, ids: string[] | ReturnType<typeof portfolioClauses>) {
  return db
    .selectFrom('placements')
    .select(['clause_id', 'supervisor_id'])
    .where('clause_id', 'in', ids)
    .where('supervisor_id', 'is not', null)
    .union(db.selectFrom('openings').select(['clause_id', 'supervisor_id']).where('clause_id', 'in', ids).where('supervisor_id', 'is not', null))
    .as('n');
}

/** How many distinct supervisors, and how many of them with a training dated on or before `day`. */
const namedAndTrained = (day: string) => (eb: ExpressionBuilder<Database & { n: { clause_id: string; supervisor_id: string | null } }, 'n'>) => [
  eb.fn.count<string>('n.supervisor_id').distinct().as('named'),
  eb.fn
    .count<string>('n.supervisor_id')
    .distinct()
    .filterWhere((w) =>
      w.exists(w.selectFrom('supervisor_trainings as t').select('t.id').whereRef('t.supervisor_id', '=', 'n.supervisor_id').where('t.date', '<=', day)),
    )
    .as('trained'),
];

/** Per clause: the supervisors its openings and placements name, and how many are trained by `day`. */
export async function clauseSupervisorCounts(db: Db, clauseIds: readonly string[], day: string): Promise<Map<string, { named: number; trained: number }>> {
  if (clauseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(namedBy(db, [...clauseIds]))
    .select('n.clause_id')
    .select(namedAndTrained(day))
    .groupBy('n.clause_id')
    .execute();
  // clause_id is never null here: namedBy selects the clauses asked for (a programme's own-workplace placements have none).
  return new Map(rows.map((r) => [r.clause_id as string, { named: Number(r.named), trained: Number(r.trained) }]));
}

const portfolioClauses = (db: Db, orgId: string, filter: PortfolioFilter) =>
  db.selectFrom('clauses as c').select('c.id').where(seenBy(orgId)).where(matchesFilter(filter));

/** Over an organisation's portfolio: the distinct supervisors its clauses name, and how many are trained by `day`. */
export async function portfolioSupervisorCounts(db: Db, orgId: string, filter: PortfolioFilter, day: string): Promise<{ named: number; trained: number }> {
  const row = await db
    .selectFrom(namedBy(db, portfolioClauses(db, orgId, filter)))
    .select(namedAndTrained(day))
    .executeTakeFirstOrThrow();
  return { named: Number(row.named), trained: Number(row.trained) };
}
