/** Drafting a clause from a template: validate parameters, render the text, compute the target. */
import { z } from 'zod';
import { findTemplate, LANGUAGES, type ClauseTemplate } from '../../templates/index.ts';
import type { ClauseTerms } from '../../workflows/social-clause.ts';
import { issuesFromZod, KlausulError, validationError, type ValidationIssue } from '../domain/errors.ts';
import type { Target, ViteTerms } from '../domain/fulfilment.ts';
import type { Language } from '../domain/money.ts';
import { acceptInput } from './command.ts';

/** A clause to draft in a tender, from any entrance. */
export const clauseDraftInput = z.strictObject({
  templateId: z.string().min(1).max(100).meta({ example: 'placements' }),
  templateVersion: z.int().positive().max(1_000_000).optional().meta({ description: 'Defaults to the newest version' }),
  language: z
    .string()
    .max(10)
    .meta({ example: 'sv', description: `One of the template's languages (${LANGUAGES.join(', ')})` }),
  params: z.record(z.string(), z.unknown()).meta({ description: "Parameters; see the template's paramsSchema" }),
});
export type ClauseDraftInput = z.infer<typeof clauseDraftInput>;

/** What a preview of a draft is asked for: nothing is stored. */
export const previewInput = z.strictObject({
  language: z.string().max(10).meta({ example: 'sv' }),
  params: z.record(z.string(), z.unknown()),
  contractValueSek: z.int().positive().max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'To see a proportional target' }),
  version: z.int().positive().max(1_000_000).optional().meta({ description: 'Defaults to the newest version' }),
});

/** The clause text and target the parameters would give, or what is wrong with them; judged like a draft, and nothing stored. */
export function previewDraft(templateId: string, raw: unknown) {
  const input = acceptInput(previewInput, raw, 'preview');
  const template = templateOrNotFound(templateId, input.version);
  const language = requireLanguage(template, input.language);
  const result = draftFromTemplate(template, language, input.params, input.contractValueSek ?? null);
  return {
    templateId: template.id,
    templateVersion: template.version,
    language,
    text: result.ok ? result.terms.text : null,
    target: result.ok ? result.target : null,
    issues: result.ok ? [] : result.issues,
  };
}

export function templateOrNotFound(id: string, version?: number): ClauseTemplate {
  const template = findTemplate(id, version);
  if (!template) {
    throw new KlausulError(
      'not_found',
      `There is no template ${id}${version !== undefined ? ` version ${version}` : ''}. GET /api/v1/templates lists the templates and their versions.`,
    );
  }
  return template;
}

export function requireLanguage(template: ClauseTemplate, language: string): Language {
  if (!(template.languages as readonly string[]).includes(language)) {
    throw validationError(`Template ${template.id} is not offered in ${language}`, [
      { path: 'language', message: `send one of ${template.languages.join(', ')}` },
    ]);
  }
  return language as Language;
}

export interface Draft {
  terms: ClauseTerms;
  target: Target;
  vite: ViteTerms | null;
}

export type DraftResult = ({ ok: true } & Draft) | { ok: false; issues: ValidationIssue[] };

export function draftFromTemplate(template: ClauseTemplate, language: Language, rawParams: unknown, contractValueSek: number | null = null): DraftResult {
  const parsed = template.paramsSchema.safeParse(rawParams);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues, 'params') };
  const params = parsed.data as Record<string, unknown>;
  return {
    ok: true,
    terms: { language, params, text: template.render(language, params) },
    target: template.target(params, contractValueSek),
    vite: template.vite(params),
  };
}

/** As draftFromTemplate, but bad parameters are a `validation` error. */
export function draftOrThrow(template: ClauseTemplate, language: Language, rawParams: unknown): Draft {
  const result = draftFromTemplate(template, language, rawParams);
  if (!result.ok) throw validationError(`The parameters do not fit template ${template.id} version ${template.version}`, result.issues);
  return result;
}
