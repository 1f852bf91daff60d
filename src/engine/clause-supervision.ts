/**
 * What a clause's GET answer says of its supervisors (issue 22): whether its
 * terms require a trained supervisor before a placement starts, and how many
 * supervisors its openings and placements name, of whom how many are trained
 * (a training record dated today or earlier).
 */
import { isoDay } from '../domain/dates.ts';
import { clauseSupervisorCounts } from '../db/supervisors.ts';
import { findTemplate } from '../../templates/index.ts';
import type { ClauseView } from './clause-view.ts';
import type { EngineDeps } from './deps.ts';

export async function withSupervision(deps: EngineDeps, views: ClauseView[]): Promise<ClauseView[]> {
  const counts = await clauseSupervisorCounts(
    deps.db,
    views.map((v) => v.id),
    isoDay(deps.clock.now()),
  );
  return views.map((v) => ({
    ...v,
    requiresTrainedSupervisor: findTemplate(v.templateId, v.templateVersion)?.requiresTrainedSupervisor?.(v.params) ?? false,
    supervisors: counts.get(v.id) ?? { named: 0, trained: 0 },
  }));
}
