/** The template library. Old versions stay listed so clauses drafted with them keep rendering and computing. */
import { dialogueV1, dialogueV2 } from './dialogue/index.ts';
import { employmentV1, employmentV2 } from './employment/index.ts';
import { localHiringV1, localHiringV2 } from './local-hiring/index.ts';
import { placementsV1, placementsV2 } from './placements/index.ts';
import { trainingV1, trainingV2 } from './training/index.ts';
import type { ClauseTemplate } from './types.ts';

export type { ClauseTemplate, ClauseKind, MeasureDefinition, PromisedSchedule } from './types.ts';
export { LANGUAGES } from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: each template has its own params type; the library holds them all
const library: ClauseTemplate<any>[] = [
  employmentV1,
  placementsV1,
  localHiringV1,
  trainingV1,
  dialogueV1,
  // Version 2 (issue 18): legal basis, the sanction ladder, the glossary's words (docs/glossary.md). New drafts use these.
  employmentV2,
  placementsV2,
  localHiringV2,
  trainingV2,
  dialogueV2,
];

/**
 * Adds a template version to the library (a deployment adds new versions; old ones stay). Returns what takes it out
 * again: tests that add one share their process with other test files (vitest.config.ts, isolate: false).
 */
// biome-ignore lint/suspicious/noExplicitAny: any template version, whatever its params type
export function registerTemplate(template: ClauseTemplate<any>): () => void {
  if (findTemplate(template.id, template.version)) throw new Error(`template ${template.id}@${template.version} is already registered`);
  library.push(template);
  return () => {
    const index = library.indexOf(template);
    if (index >= 0) library.splice(index, 1);
  };
}

/** The newest version of each template, in library order. */
export function latestTemplates(): ClauseTemplate[] {
  const latest = new Map<string, ClauseTemplate>();
  for (const template of library) {
    const seen = latest.get(template.id);
    if (!seen || seen.version < template.version) latest.set(template.id, template);
  }
  return [...latest.values()];
}

/** The id of every template in the library (a clause's kind), in library order. */
export function templateIds(): string[] {
  return [...new Set(library.map((t) => t.id))];
}

export function templateVersions(id: string): ClauseTemplate[] {
  return library.filter((t) => t.id === id).sort((a, b) => a.version - b.version);
}

export function findTemplate(id: string, version?: number): ClauseTemplate | undefined {
  if (version === undefined) return latestTemplates().find((t) => t.id === id);
  return library.find((t) => t.id === id && t.version === version);
}
