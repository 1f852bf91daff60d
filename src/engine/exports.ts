/** Exports of what an organisation may see, page by page (issue 6). */
import type { Actor } from '../domain/roles.ts';
import { placementExportPage, type PageAfter, type PlacementExportFilter } from '../db/exports.ts';
import type { EngineDeps } from './deps.ts';

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
  'outcome',
  'fte',
  'hoursPerWeek',
  'state',
] as const;

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
