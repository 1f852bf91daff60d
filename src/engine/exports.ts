/** Exports of what an organisation may see, page by page (issue 6). */
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { portfolioClausesAfter, type PortfolioFilter } from '../db/progress.ts';
import { placementExportPage, tenderNames, type PageAfter, type PlacementExportFilter } from '../db/exports.ts';
import type { EngineDeps } from './deps.ts';
import { refreshProgress } from './progress.ts';

const PAGE = 5_000;

export const PLACEMENT_EXPORT_COLUMNS = [
  'clauseId',
  'tenderReference',
  'supplier',
  'participantRef',
  'targetGroup',
  'attestationIssuer',
  'attestationDate',
  'role',
  'site',
  'startDate',
  'plannedEndDate',
  'endDate',
  'endedAs',
  'endReasonCode',
  'outcome',
  'fte',
  'hoursPerWeek',
  'state',
  'subcontractor',
] as const;

export const CLAUSE_EXPORT_COLUMNS = [
  'clauseId',
  'tenderId',
  'kind',
  'state',
  'supplierOrgId',
  'supplierName',
  'contractStart',
  'contractEnd',
  'unit',
  'target',
  'delivered',
  'pct',
  'overdue',
  'projection',
  'exposureSek',
] as const;

/**
 * The portfolio's clauses, as the portfolio shows them (measured again first
 * where stale), a page at a time; each with its tender's reference and title
 * besides its id, for files read by people (tenderReference, tenderTitle).
 */
export async function* clauseExport(deps: EngineDeps, actor: Actor, filter: PortfolioFilter): AsyncGenerator<Array<Record<string, unknown>>> {
  await refreshProgress(deps, actor);
  const today = isoDay(deps.clock.now());
  let after: string | null = null;
  for (;;) {
    const page = await portfolioClausesAfter(deps.db, actor.orgId, filter, today, after, PAGE);
    if (page.length === 0) return;
    const tenders = await tenderNames(
      deps.db,
      page.map((c) => c.tenderId),
    );
    yield page.map((c) => ({ ...c, tenderReference: tenders.get(c.tenderId)?.reference ?? null, tenderTitle: tenders.get(c.tenderId)?.title ?? null }));
    after = page.at(-1)!.clauseId;
    if (page.length < PAGE) return;
  }
}

/** The placements of every clause the actor's organisation may see, a page at a time. */
export async function* placementExport(deps: EngineDeps, actor: Actor, filter: PlacementExportFilter): AsyncGenerator<Array<Record<string, unknown>>> {
  let after: PageAfter = null;
  for (;;) {
    const page = await placementExportPage(deps.db, actor.orgId, filter, after, PAGE);
    if (page.length === 0) return;
    yield page;
    const last = page.at(-1)!;
    after = { clauseId: last.clauseId, id: last.id };
    if (page.length < PAGE) return;
  }
}
