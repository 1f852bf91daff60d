/**
 * Clause texts are Liquid templates (liquidjs) rendered with language-aware
 * filters: `sek` (money), `num` (numbers), `groups` (target groups, "a, b or c",
 * in the words of the text's wording), `list` (any strings, "a, b and c").
 * Texts may `{% include 'shared/….liquid' %}` the paragraphs every kind
 * shares (templates/shared/), and read, beside their parameters, `language`,
 * `wording` (1 or 2) and `matchingBodyIsArbetsformedlingen`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Liquid, type Template } from 'liquidjs';
import { formatNumber, formatSek, type Language } from '../src/domain/money.ts';
import { isArbetsformedlingen } from './common.ts';
import { targetGroupLabelsOf, type TargetGroup, type TextWording } from '../src/domain/target-groups.ts';

const engine = new Liquid({ strictFilters: true, root: fileURLToPath(new URL('.', import.meta.url)), extname: '.liquid', cache: true });

type FilterThis = { context: { environments?: unknown } };
type Environment = { language?: Language; wording?: TextWording };

const environmentOf = (scope: FilterThis) => (scope.context.environments ?? {}) as Environment;

function languageOf(scope: FilterThis): Language {
  return environmentOf(scope).language === 'en' ? 'en' : 'sv';
}

const listFormat = (language: Language, type: 'conjunction' | 'disjunction') => new Intl.ListFormat(language === 'sv' ? 'sv' : 'en-GB', { type });

engine.registerFilter('sek', function (this: FilterThis, value: number) {
  return formatSek(value, languageOf(this));
});
engine.registerFilter('num', function (this: FilterThis, value: number) {
  return formatNumber(value, languageOf(this));
});
engine.registerFilter('groups', function (this: FilterThis, groups: TargetGroup[]) {
  const language = languageOf(this);
  // Every text is compiled with its wording; were one not, the frozen words of version 1 are the safe reading.
  const labels = targetGroupLabelsOf(environmentOf(this).wording ?? 1);
  return listFormat(language, 'disjunction').format(groups.map((group) => labels[group][language]));
});
engine.registerFilter('list', function (this: FilterThis, items: string[]) {
  return listFormat(languageOf(this), 'conjunction').format(items);
});

export interface ClauseText {
  render(language: Language, params: object): string;
}

function compile(sources: Record<Language, string>, wording: TextWording): ClauseText {
  const parsed: Record<Language, Template[]> = { sv: engine.parse(sources.sv), en: engine.parse(sources.en) };
  return {
    render(language, params) {
      // Whether to say "anvisas av Arbetsförmedlingen" or "matchas av …" (templates/common.ts, isArbetsformedlingen).
      const matchingBodyIsArbetsformedlingen = isArbetsformedlingen((params as { matchingBody?: string }).matchingBody);
      const text = engine.renderSync(parsed[language], { ...params, language, wording, matchingBodyIsArbetsformedlingen }) as string;
      // Paragraphs are separated by one blank line however the optional parts fell out.
      return text
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    },
  };
}

/** Loads `<name>.sv.liquid` and `<name>.en.liquid` beside the template module, to be read in the given wording. */
export function loadClauseText(baseUrl: URL, name: string, wording: TextWording): ClauseText {
  const read = (language: Language) => readFileSync(new URL(`./${name}.${language}.liquid`, baseUrl), 'utf8');
  return compile({ sv: read('sv'), en: read('en') }, wording);
}

/** Short one-line texts kept beside the template definition. */
export const inlineText = compile;
