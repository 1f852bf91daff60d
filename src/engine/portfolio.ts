/**
 * The portfolio (issue 6): the clauses an organisation buys or delivers, with
 * target, delivery, overdue deadlines, projected outcome and sanction exposure,
 * summed per supplier and per target group. Clauses whose stored progress lags
 * behind their events are measured again first; the sums are SQL's.
 */
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { portfolio, type PortfolioFilter } from '../db/progress.ts';
import type { EngineDeps } from './deps.ts';
import { refreshProgress } from './progress.ts';

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function getPortfolio(deps: EngineDeps, actor: Actor, filter: PortfolioFilter, page: { limit: number; offset: number }) {
  await refreshProgress(deps, actor);
  const today = isoDay(deps.clock.now());
  const found = await portfolio(deps.db, actor.orgId, filter, today, page);
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
  };
}
