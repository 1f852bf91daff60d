/**
 * The portfolio (issue 6): the clauses an organisation buys or delivers, with
 * target, delivery, overdue deadlines, projected outcome and sanction exposure,
 * summed per supplier and per target group. Clauses whose stored progress lags
 * behind their events are measured again first; the sums are SQL's.
 */
import { COUNTED_PLACEMENT_STATES, COUNTED_REPORT_STATES, FINAL_CLAUSE_TOP_STATES } from '../../workflows/states.ts';
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { placementsPerMonth } from '../db/delivery-months.ts';
import { tenderNames } from '../db/exports.ts';
import { portfolio, type PortfolioFilter } from '../db/progress.ts';
import { listTendersVisibleTo } from '../db/tenders.ts';
import { reservedContracts } from '../db/reserved.ts';
import { portfolioSupervisorCounts } from '../db/supervisors.ts';
import { portfolioSubcontracting } from '../db/subcontractors.ts';
import type { EngineDeps } from './deps.ts';
import { getPortfolioOutcomes } from './outcomes.ts';
import { refreshProgress } from './progress.ts';

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function getPortfolio(deps: EngineDeps, actor: Actor, filter: PortfolioFilter, page: { limit: number; offset: number }) {
  await refreshProgress(deps, actor);
  const today = isoDay(deps.clock.now());
  // The sums and the reserved, supervised and subcontracted figures read the same stored progress and rows: they run side by side on the pool.
  const [found, others] = await Promise.all([portfolio(deps.db, actor.orgId, filter, today, page), reservedAndSupervised(deps, actor, filter, today)]);
  // In all: the sum of the per-supplier sums PostgreSQL made (a row per supplier and unit).
  const total = (field: 'clauses' | 'overdue' | 'onTrack' | 'atRisk' | 'willMiss' | 'exposureSek') =>
    found.bySupplier.reduce((sum, s) => sum + num(s[field]), 0);
  const totals = {
    clauses: total('clauses'),
    overdue: total('overdue'),
    onTrack: total('onTrack'),
    atRisk: total('atRisk'),
    willMiss: total('willMiss'),
    exposureSek: total('exposureSek'),
  };
  return {
    asOf: today,
    totals,
    bySupplier: found.bySupplier.map((s) => ({
      supplierOrgId: s.supplierOrgId,
      supplierName: s.supplierName,
      unit: s.unit,
      clauses: num(s.clauses),
      target: numOrNull(s.target),
      delivered: numOrNull(s.delivered),
      pct: numOrNull(s.pct),
      overdue: num(s.overdue),
      onTrack: num(s.onTrack),
      atRisk: num(s.atRisk),
      willMiss: num(s.willMiss),
      exposureSek: num(s.exposureSek),
    })),
    byTargetGroup: found.byTargetGroup.map((g) => ({ targetGroup: g.targetGroup, unit: g.unit, clauses: num(g.clauses), delivered: num(g.delivered) })),
    clauses: found.clauses.map(({ share: _share, ...c }) => ({
      ...c,
      target: numOrNull(c.target),
      delivered: num(c.delivered),
      pct: numOrNull(c.pct),
      exposureSek: numOrNull(c.exposureSek),
    })),
    page: { ...page, total: totals.clauses },
    ...others,
  };
}

/** Reserved contracts with their declared shares, the supervisors named under the portfolio's clauses, and what subcontractors delivered (issue 22). */
async function reservedAndSupervised(deps: EngineDeps, actor: Actor, filter: PortfolioFilter, today: string) {
  const [declarations, supervisors, subcontracting] = await Promise.all([
    reservedContracts(deps.db, actor.orgId, filter),
    portfolioSupervisorCounts(deps.db, actor.orgId, filter, today),
    portfolioSubcontracting(deps.db, actor.orgId, filter, { countedPlacements: COUNTED_PLACEMENT_STATES, countedReports: COUNTED_REPORT_STATES }),
  ]);
  return {
    reserved: {
      contracts: declarations.length,
      declarations: declarations.map(({ declaredPct, ...d }) => ({ ...d, reservedShareDeclaredPct: declaredPct })),
    },
    supervisors,
    subcontracting,
  };
}

/** The most clauses the overview lists and draws; beyond them it says how many more there are. */
export const OVERVIEW_CLAUSES = 200;

const DAY = 86_400_000;
/** The share of a contract's days gone by `today` (0 before it starts, 1 after it ends). */
function elapsedShare(start: string | null, end: string | null, today: string): number | null {
  if (!start || !end) return null;
  const days = (Date.parse(end) - Date.parse(start)) / DAY + 1;
  return days > 0 ? Math.min(Math.max(((Date.parse(today) - Date.parse(start)) / DAY + 1) / days, 0), 1) : null;
}

/**
 * The overview page's figures (issue 19, item 8): the portfolio with its
 * filters, each clause with its tender's reference and title and the pace it
 * should keep (the share of the target due by now: a running total in
 * proportion to the contract's days gone; a share of hours, and a closed
 * clause, all of it), what followed ended placements against the programme
 * targets, and placements month by month.
 */
export async function getOverview(deps: EngineDeps, actor: Actor, filter: PortfolioFilter) {
  const found = await getPortfolio(deps, actor, filter, { limit: OVERVIEW_CLAUSES, offset: 0 });
  const [tenders, outcomes, months] = await Promise.all([
    tenderNames(
      deps.db,
      found.clauses.map((c) => c.tenderId),
    ),
    getPortfolioOutcomes(deps, actor, filter),
    placementsPerMonth(deps.db, actor.orgId, filter),
  ]);
  const closed = new Set<string>(FINAL_CLAUSE_TOP_STATES);
  const clauses = found.clauses.map((c) => {
    const share = elapsedShare(c.contractStart, c.contractEnd, found.asOf);
    const runningTotal = c.unit !== null && !c.unit.startsWith('percent');
    const expectedPct = share === null ? null : closed.has(c.state.split('.')[0]!) || !runningTotal ? 100 : Math.floor(share * 1000) / 10;
    const tender = tenders.get(c.tenderId);
    return { ...c, tenderReference: tender?.reference ?? null, tenderTitle: tender?.title ?? null, expectedPct };
  });
  // What the filters offer: every tender and supplier of the unfiltered portfolio.
  const all = Object.values(filter).some((v) => v !== undefined) ? await getPortfolio(deps, actor, {}, { limit: 1, offset: 0 }) : found;
  const tenderChoices = await listTendersVisibleTo(deps.db, actor.orgId);
  const choices = {
    tenders: tenderChoices.map((t) => ({ id: t.id, reference: t.reference, title: t.title })),
    suppliers: [...new Map(all.bySupplier.filter((s) => s.supplierOrgId).map((s) => [s.supplierOrgId!, s.supplierName ?? s.supplierOrgId!])).entries()].map(
      ([id, name]) => ({ id, name }),
    ),
  };
  return { ...found, clauses, outcomes, months, choices };
}
