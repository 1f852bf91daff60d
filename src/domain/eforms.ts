/**
 * eForms notice fields for a social clause's lot (BT-06, BT-775, BT-70, BT-777),
 * with codes and labels from the eForms SDK codelists in reference/eforms/.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Language } from './money.ts';

interface CodeRow {
  code: string;
  en: string;
  sv: string;
}
interface FieldRow {
  id: string;
  name: string;
  codelist: string;
  xpath: string;
}

const readCsv = <T>(name: string): T[] =>
  parse(readFileSync(new URL(`../../reference/eforms/${name}`, import.meta.url)), { columns: true, skip_empty_lines: true }) as T[];

const codelists: Record<string, CodeRow[]> = {
  'social-objective': readCsv<CodeRow>('social-objective.csv'),
  'strategic-procurement': readCsv<CodeRow>('strategic-procurement.csv'),
};
const fields = new Map(readCsv<FieldRow>('fields.csv').map((row) => [row.id, row]));

/** eForms multilingual text is keyed by ISO 639-3 language codes. */
const ISO_639_3: Record<Language, string> = { sv: 'SWE', en: 'ENG' };

function code(list: string, value: string): CodeRow {
  const row = codelists[list]?.find((r) => r.code === value);
  if (!row) throw new Error(`${value} is not in the eForms ${list} codelist`);
  return row;
}

function field(id: string) {
  const row = fields.get(id);
  if (!row) throw new Error(`${id} is not in reference/eforms/fields.csv`);
  return { id: row.id, name: row.name, codelist: row.codelist || null, xpath: row.xpath };
}

export interface EformsInput {
  language: Language;
  text: string;
  summary: string;
  socialObjectives: string[];
}

export function eformsLotFields(input: EformsInput) {
  const strategic = code('strategic-procurement', 'soc-obj');
  const objectives = input.socialObjectives.map((c) => code('social-objective', c));
  const lang = ISO_639_3[input.language];
  return {
    'BT-06-Lot': { ...field('BT-06-Lot'), value: strategic.code, label: { en: strategic.en, sv: strategic.sv } },
    'BT-775-Lot': { ...field('BT-775-Lot'), value: objectives.map((o) => o.code), labels: objectives.map((o) => ({ code: o.code, en: o.en, sv: o.sv })) },
    'BT-70-Lot': { ...field('BT-70-Lot'), value: { [lang]: input.text } },
    'BT-777-Lot': { ...field('BT-777-Lot'), value: { [lang]: input.summary } },
  };
}
