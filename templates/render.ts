/**
 * Clause texts are Liquid templates (liquidjs) rendered with language-aware
 * filters: `sek` (money), `num` (numbers), `groups` (target groups as a list
 * in natural language).
 */
import { readFileSync } from 'node:fs';
import { Liquid, type Template } from 'liquidjs';
import { formatNumber, formatSek, type Language } from '../src/domain/money.ts';
import { TARGET_GROUP_LABELS, type TargetGroup } from '../src/domain/target-groups.ts';

const engine = new Liquid({ strictFilters: true });

function languageOf(scope: { environments?: unknown }): Language {
  const env = scope.environments as { language?: Language } | undefined;
  return env?.language === 'en' ? 'en' : 'sv';
}

engine.registerFilter('sek', function (this: { context: { environments?: unknown } }, value: number) {
  return formatSek(value, languageOf(this.context));
});
engine.registerFilter('num', function (this: { context: { environments?: unknown } }, value: number) {
  return formatNumber(value, languageOf(this.context));
});
engine.registerFilter('groups', function (this: { context: { environments?: unknown } }, groups: TargetGroup[]) {
  const language = languageOf(this.context);
  const labels = groups.map((group) => TARGET_GROUP_LABELS[group][language]);
  return new Intl.ListFormat(language === 'sv' ? 'sv' : 'en-GB', { type: 'disjunction' }).format(labels);
});

export interface ClauseText {
  render(language: Language, params: object): string;
}

/** Loads `<name>.sv.liquid` and `<name>.en.liquid` beside the template module once. */
export function loadClauseText(baseUrl: URL, name: string): ClauseText {
  const parsed: Record<Language, Template[]> = {
    sv: engine.parse(readFileSync(new URL(`./${name}.sv.liquid`, baseUrl), 'utf8')),
    en: engine.parse(readFileSync(new URL(`./${name}.en.liquid`, baseUrl), 'utf8')),
  };
  return {
    render(language, params) {
      const text = engine.renderSync(parsed[language], { ...params, language }) as string;
      // Paragraphs are separated by one blank line however the optional parts fell out.
      return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
    },
  };
}
