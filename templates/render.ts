/**
 * Clause texts are Liquid templates (liquidjs) rendered with language-aware
 * filters: `sek` (money), `num` (numbers), `groups` (target groups, "a, b or c"),
 * `list` (any strings, "a, b and c").
 */
import { readFileSync } from 'node:fs';
import { Liquid, type Template } from 'liquidjs';
import { formatNumber, formatSek, type Language } from '../src/domain/money.ts';
import { TARGET_GROUP_LABELS, type TargetGroup } from '../src/domain/target-groups.ts';

const engine = new Liquid({ strictFilters: true });

type FilterThis = { context: { environments?: unknown } };

function languageOf(scope: FilterThis): Language {
  const env = scope.context.environments as { language?: Language } | undefined;
  return env?.language === 'en' ? 'en' : 'sv';
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
  return listFormat(language, 'disjunction').format(groups.map((group) => TARGET_GROUP_LABELS[group][language]));
});
engine.registerFilter('list', function (this: FilterThis, items: string[]) {
  return listFormat(languageOf(this), 'conjunction').format(items);
});

export interface ClauseText {
  render(language: Language, params: object): string;
}

function compile(sources: Record<Language, string>): ClauseText {
  const parsed: Record<Language, Template[]> = { sv: engine.parse(sources.sv), en: engine.parse(sources.en) };
  return {
    render(language, params) {
      const text = engine.renderSync(parsed[language], { ...params, language }) as string;
      // Paragraphs are separated by one blank line however the optional parts fell out.
      return text
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    },
  };
}

/** Loads `<name>.sv.liquid` and `<name>.en.liquid` beside the template module. */
export function loadClauseText(baseUrl: URL, name: string): ClauseText {
  const read = (language: Language) => readFileSync(new URL(`./${name}.${language}.liquid`, baseUrl), 'utf8');
  return compile({ sv: read('sv'), en: read('en') });
}

/** Short one-line texts kept beside the template definition. */
export const inlineText = compile;
