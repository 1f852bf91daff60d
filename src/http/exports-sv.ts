/**
 * The Swedish Excel variant of the exports (issue 19, item 10): the same rows
 * with Swedish headers, tender references instead of ids, and states, units
 * and target groups in words (docs/glossary.md). A CSV file is written as
 * Excel in a Swedish locale reads it (semicolons, decimal commas, a
 * byte-order mark); a workbook keeps numbers as numbers and dates as dates.
 */
import { findTemplate } from '../../templates/index.ts';
import type { EarlyEndReason } from '../../workflows/placement.ts';
import { decimalComma } from '../domain/spreadsheet.ts';
import { clauseStateLabel, earlyEndReasonLabel, eventLabel, itemStateLabel, wordsFor, type WordKey } from '../web/i18n.ts';

/** The variant an export route takes as `?variant=`. */
export const EXPORT_VARIANTS = ['excel-sv'] as const;

type Row = Record<string, unknown>;
/** A cell of the Swedish file: text, a number (a decimal comma in CSV) or a calendar date. */
export type SwedishCell = string | number | Date;
/** A column of the Swedish file: its header, and its cell from a row of the export. */
export interface SwedishColumn {
  header: string;
  cell: (row: Row) => SwedishCell;
  /** Whether its cells are calendar dates (a workbook formats them as such). */
  dated?: boolean;
}

/** A cell as a Swedish CSV file writes it: numbers with a decimal comma, dates as YYYY-MM-DD. */
export const csvCell = (value: SwedishCell): string =>
  typeof value === 'number' ? decimalComma(value) : value instanceof Date ? value.toISOString().slice(0, 10) : value;

const sv = wordsFor('sv');
const text = (key: string) => (row: Row) => (row[key] === null || row[key] === undefined ? '' : String(row[key]));
const number = (key: string) => (row: Row) => (typeof row[key] === 'number' || (typeof row[key] === 'string' && row[key] !== '') ? Number(row[key]) : '');
/** A calendar date (YYYY-MM-DD), at midnight UTC so that no zone moves it to another day. */
const date = (key: string) => (row: Row) =>
  typeof row[key] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(row[key]) ? new Date(`${row[key]}T00:00:00Z`) : text(key)(row);
const dateColumn = (header: string, key: string): SwedishColumn => ({ header, cell: date(key), dated: true });
const PROJECTION_WORDS: Record<string, WordKey> = { onTrack: 'onTrack', atRisk: 'atRisk', willMiss: 'willMiss' };
const ENDED_AS_EVENTS: Record<string, string> = { completed: 'COMPLETE', endedEarly: 'END_EARLY', discontinued: 'DISCONTINUE' };

export const CLAUSE_COLUMNS_SV: SwedishColumn[] = [
  { header: 'Diarienummer', cell: text('tenderReference') },
  { header: 'Upphandling', cell: text('tenderTitle') },
  { header: 'Klausul', cell: (row) => findTemplate(String(row.kind))?.title.sv ?? String(row.kind) },
  { header: 'Läge', cell: (row) => clauseStateLabel('sv', String(row.state)) },
  { header: 'Leverantör', cell: text('supplierName') },
  dateColumn('Kontraktets start', 'contractStart'),
  dateColumn('Kontraktets slut', 'contractEnd'),
  { header: 'Enhet', cell: (row) => (row.unit ? sv.unit(String(row.unit)) : '') },
  { header: 'Mål', cell: number('target') },
  { header: 'Levererat', cell: number('delivered') },
  { header: 'Andel av målet (%)', cell: number('pct') },
  { header: 'Passerade tidsgränser', cell: number('overdue') },
  { header: 'Prognos', cell: (row) => (PROJECTION_WORDS[String(row.projection)] ? sv.t(PROJECTION_WORDS[String(row.projection)]!) : '') },
  { header: 'Vitesrisk (kr)', cell: number('exposureSek') },
];

export const PLACEMENT_COLUMNS_SV: SwedishColumn[] = [
  { header: 'Diarienummer', cell: text('tenderReference') },
  { header: 'Leverantör', cell: text('supplier') },
  { header: 'Deltagarreferens', cell: text('participantRef') },
  { header: 'Målgrupp', cell: (row) => (row.targetGroup ? sv.targetGroup(row.targetGroup) : '') },
  { header: 'Intyg utfärdat av', cell: text('attestationIssuer') },
  dateColumn('Intygets datum', 'attestationDate'),
  { header: 'Yrkesroll', cell: text('role') },
  { header: 'Arbetsplats', cell: text('site') },
  dateColumn('Startdatum', 'startDate'),
  dateColumn('Planerat slutdatum', 'plannedEndDate'),
  dateColumn('Slutdatum', 'endDate'),
  { header: 'Avslutad som', cell: (row) => (row.endedAs ? eventLabel('sv', ENDED_AS_EVENTS[String(row.endedAs)] ?? String(row.endedAs)) : '') },
  { header: 'Skäl', cell: (row) => (row.endReasonCode ? earlyEndReasonLabel('sv', row.endReasonCode as EarlyEndReason) : '') },
  { header: 'Utfall', cell: (row) => (row.outcome ? sv.option('outcome', { value: String(row.outcome), label: String(row.outcome) }) : '') },
  { header: 'Andel av heltid', cell: number('fte') },
  { header: 'Timmar per vecka', cell: number('hoursPerWeek') },
  { header: 'Läge', cell: (row) => itemStateLabel('sv', 'placement', String(row.state)) },
  { header: 'Underleverantör', cell: text('subcontractor') },
];
