/**
 * Matching (issue 7): the contractor's placement openings, the matching body's
 * proposals of pseudonymous candidates, suggestions from its candidate pool,
 * and the outcomes that follow placements, one module each.
 */
export * from './candidates.ts';
export * from './openings.ts';
export * from './outcomes.ts';
export * from './proposals.ts';
