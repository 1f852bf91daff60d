/**
 * The Swedish Excel variant of the CSV exports (issue 19, item 10): the same
 * rows, written as Excel in a Swedish locale reads them (semicolons, decimal
 * commas, a byte-order mark), with Swedish headers, tender references instead
 * of ids, and states, units and target groups in words (docs/glossary.md).
 */
import { findTemplate } from '../../templates/index.ts';
import type { EarlyEndReason } from '../../workflows/placement.ts';
import { decimalComma } from '../domain/spreadsheet.ts';
import { clauseStateLabel, earlyEndReasonLabel, eventLabel, itemStateLabel, wordsFor, type WordKey } from '../web/i18n.ts';

/** The variant a CSV export route takes as `?variant=`. */
export const EXPORT_VARIANTS = ['excel-sv'] as const;

type Row = Record<string, unknown>;
/** A column of the Swedish file: its header, and its cell from a row of the export. */
export interface SwedishColumn {
  header: string;
  cell: (row: Row) => string;
}

const sv = wordsFor('sv');
const text = (key: string) => (row: Row) => (row[key] === null || row[key] === undefined ? '' : String(row[key]));
const number = (key: string) => (row: Row) =>
  typeof row[key] === 'number' || (typeof row[key] === 'string' && row[key] !== '') ? decimalComma(Number(row[key])) : '';
const PROJECTION_WORDS: Record<string, WordKey> = { onTrack: 'onTrack', atRisk: 'atRisk', willMiss: 'willMiss' };
const ENDED_AS_EVENTS: Record<string, string> = { completed: 'COMPLETE', endedEarly: 'END_EARLY', discontinued: 'DISCONTINUE' };

export const CLAUSE_COLUMNS_SV: SwedishColumn[] = [
  { header: 'Diarienummer', cell: text('tenderReference') },
  { header: 'Upphandling', cell: text('tenderTitle') },
  { header: 'Klausul', cell: (row) => findTemplate(String(row.kind))?.title.sv ?? String(row.kind) },
  { header: 'Läge', cell: (row) => clauseStateLabel('sv', String(row.state)) },
  { header: 'Leverantör', cell: text('supplierName') },
  { header: 'Kontraktets start', cell: text('contractStart') },
  { header: 'Kontraktets slut', cell: text('contractEnd') },
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
  { header: 'Intygets datum', cell: text('attestationDate') },
  { header: 'Yrkesroll', cell: text('role') },
  { header: 'Arbetsplats', cell: text('site') },
  { header: 'Startdatum', cell: text('startDate') },
  { header: 'Planerat slutdatum', cell: text('plannedEndDate') },
  { header: 'Slutdatum', cell: text('endDate') },
  { header: 'Avslutad som', cell: (row) => (row.endedAs ? eventLabel('sv', ENDED_AS_EVENTS[String(row.endedAs)] ?? String(row.endedAs)) : '') },
  { header: 'Skäl', cell: (row) => (row.endReasonCode ? earlyEndReasonLabel('sv', row.endReasonCode as EarlyEndReason) : '') },
  { header: 'Utfall', cell: (row) => (row.outcome ? sv.option('outcome', { value: String(row.outcome), label: String(row.outcome) }) : '') },
  { header: 'Andel av heltid', cell: number('fte') },
  { header: 'Timmar per vecka', cell: number('hoursPerWeek') },
  { header: 'Läge', cell: (row) => itemStateLabel('sv', 'placement', String(row.state)) },
  { header: 'Underleverantör', cell: text('subcontractor') },
];
