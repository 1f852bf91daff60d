/** Period reports: the contractor's hours for a period, accepted or queried by the buyer's auditor. */
import { randomUUID } from 'node:crypto';
import { latestWorkflow } from '../../workflows/index.ts';
import { reportInput, type ReportContext } from '../../workflows/period-report.ts';
import { organisationsConcerned } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { KlausulError, validationError } from '../domain/errors.ts';
import { findOverlappingReport, findReport, updateReportIfVersion } from '../db/items.ts';
import type { ReportRow } from '../db/schema.ts';
import type { RequestContext } from './apply.ts';
import { partiesOf } from './clauses.ts';
import { loadClauseForItems } from './subcontractors.ts';
import { acceptInput } from './command.ts';
import { createInstance } from './create.ts';
import type { EngineDeps } from './deps.ts';
import type { Answer } from './idempotency.ts';
import { REGISTERING_STATES } from '../../workflows/states.ts';
import { lockClauseRegistering, presentItem, requireClauseIn, requireContractor, type ItemView, contractOf } from './instances.ts';
import type { ItemKindSpec } from './items.ts';

export const reportSpec: ItemKindSpec<ReportRow> = {
  kind: 'report',
  noun: 'report',
  find: findReport,
  write: (db, row, context, change, entry) => {
    const c = context as unknown as ReportContext;
    const figures = {
      ...change,
      total_labour_hours: c.totalLabourHours,
      local_labour_hours: c.localLabourHours ?? null,
      disadvantaged_labour_hours: c.disadvantagedLabourHours ?? null,
      apprentice_hours: c.apprenticeHours ?? null,
      training_hours: c.trainingHours ?? null,
    };
    return updateReportIfVersion(db, row.id, row.version, figures, entry);
  },
  resolve: (_row, _clause, type, payload) => ({ type, ...payload }),
};

/** A period report: the contractor's hours for a period that has ended and overlaps no other report of the clause. */
export async function submitReport(deps: EngineDeps, ctx: RequestContext, clauseId: string, body: unknown): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const { clause, subcontractorOrgId } = await loadClauseForItems(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Submitting period reports', subcontractorOrgId);
  requireClauseIn(clause, REGISTERING_STATES, 'Period reports are submitted');
  const input = acceptInput(reportInput, body, 'period report');
  const contractStart = contractOf(clause).startDate;
  const today = isoDay(deps.clock.now());
  if (input.periodStart < contractStart) {
    throw validationError('The period starts before the contract', [
      { path: 'periodStart', message: `the contract starts on ${contractStart}; report from that day on` },
    ]);
  }
  if (input.periodEnd > today) {
    throw validationError('The period has not ended', [{ path: 'periodEnd', message: `report a period once it has ended (today is ${today})` }]);
  }
  return createInstance(deps, ctx, {
    subject: 'report',
    workflow: deps.reportWorkflow ?? latestWorkflow('period-report'),
    clauseId,
    concerns: organisationsConcerned({ ...partiesOf(clause), subcontractorOrgId }),
    progress: 'bump',
    instances: [
      {
        id: randomUUID(),
        // A subcontractor's report carries its organisation into its statechart: version 2 waits for the prime's approval.
        input: subcontractorOrgId ? { ...input, subcontractorOrgId } : input,
        columns: () => ({
          clause_id: clauseId,
          subcontractor_org_id: subcontractorOrgId,
          period_start: input.periodStart,
          period_end: input.periodEnd,
          total_labour_hours: input.totalLabourHours,
          local_labour_hours: input.localLabourHours ?? null,
          disadvantaged_labour_hours: input.disadvantagedLabourHours ?? null,
          apprentice_hours: input.apprenticeHours ?? null,
          training_hours: input.trainingHours ?? null,
        }),
      },
    ],
    lock: async (trx) => {
      await lockClauseRegistering(trx, clauseId, 'Period reports are submitted');
      // Each organisation reports its own workforce's hours: the contractor's periods may not overlap, nor one subcontractor's.
      const overlapping = await findOverlappingReport(trx, clauseId, input.periodStart, input.periodEnd, subcontractorOrgId);
      if (overlapping) {
        throw new KlausulError(
          'conflict',
          `The period overlaps report ${overlapping.id} (${overlapping.period_start} – ${overlapping.period_end}). Periods of one clause may not overlap for one organisation; resubmit that report if its figures change.`,
          { reportId: overlapping.id },
        );
      }
    },
    answer: ([first]) => presentItem(actor, clause, first!.row as unknown as ReportRow, first!.step.snapshot),
  });
}
