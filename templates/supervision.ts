/**
 * The trained-supervisor requirement (issue 22) as a parameter of version 2
 * of the templates whose participants have a supervisor at the workplace
 * (placements, training): when set, the text says so and a placement starts
 * only with a supervisor trained by its start (src/domain/supervision.ts).
 */
import { z } from 'zod';
import type { ClauseTemplate, ParamLabels } from './types.ts';

export const trainedSupervisor = z
  .boolean()
  .default(false)
  .describe("Each participant's supervisor must have taken supervisor training (handledarutbildning) before the placement starts");

const TRAINED_SUPERVISOR_LABEL = {
  trainedSupervisor: {
    sv: 'Handledaren ska ha handledarutbildning innan platsen börjar',
    en: 'The supervisor must have supervisor training before the placement starts',
  },
} as const satisfies ParamLabels;

/** The template with the parameter's label and the rule's question. */
export function withTrainedSupervisor<Params extends { trainedSupervisor: boolean }>(template: ClauseTemplate<Params>): ClauseTemplate<Params> {
  return {
    ...template,
    labels: { ...template.labels, ...TRAINED_SUPERVISOR_LABEL },
    requiresTrainedSupervisor: (params) => params.trainedSupervisor,
  };
}
