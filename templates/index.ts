/** The template library. Old versions stay listed so clauses drafted with them keep rendering and computing. */
import { placementsV1 } from './placements/index.ts';
import type { ClauseTemplate } from './types.ts';

export type { ClauseTemplate } from './types.ts';
export { LANGUAGES } from './types.ts';

const ALL: ClauseTemplate<any>[] = [placementsV1];

/** The newest version of each template. */
export function latestTemplates(): ClauseTemplate[] {
  const latest = new Map<string, ClauseTemplate>();
  for (const template of ALL) {
    const seen = latest.get(template.id);
    if (!seen || seen.version < template.version) latest.set(template.id, template);
  }
  return [...latest.values()];
}

export function findTemplate(id: string, version?: number): ClauseTemplate | undefined {
  if (version === undefined) return latestTemplates().find((t) => t.id === id);
  return ALL.find((t) => t.id === id && t.version === version);
}
