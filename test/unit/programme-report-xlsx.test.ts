/**
 * The programme report as an Excel workbook (issue 21, item 4), opened again
 * with ExcelJS as a spreadsheet program would: a sheet per part of the report
 * with its headings in the language asked for, counts as numbers, suppressed
 * counts as the text '<3', shares as percentages.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { programmeReportXlsx } from '../../src/http/programme-report-xlsx.ts';
import { EMPTY_REPORT, OPEN_REPORT, SUPPRESSED_REPORT } from '../fixtures/programme-report.ts';

const MADE = new Date('2026-12-06T09:00:00Z');

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  return workbook;
}

/** The sheet's rows as arrays of cell values, from column A. */
const rowsOf = (sheet: ExcelJS.Worksheet): unknown[][] => {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = Array.from({ length: row.cellCount }, (_, i) => row.getCell(i + 1).value);
  });
  return Array.from(rows, (r) => r ?? []);
};
/** The row that starts with this label. */
const rowStarting = (sheet: ExcelJS.Worksheet, label: string) => rowsOf(sheet).find((r) => r[0] === label);
/** The rows of the table under this title: its header, then its body up to the blank row after it. */
function tableUnder(sheet: ExcelJS.Worksheet, title: string): unknown[][] {
  const rows = rowsOf(sheet);
  const start = rows.findIndex((r) => r[0] === title && r.length === 1);
  expect(start, `table "${title}" on sheet ${sheet.name}`).toBeGreaterThanOrEqual(0);
  const end = rows.findIndex((r, i) => i > start && r.every((v) => v === null || v === undefined));
  return rows.slice(start + 1, end === -1 ? rows.length : end);
}

describe('the programme report workbook', () => {
  it('has a sheet per part of the report, named in Swedish for a Swedish reader and in English for an English one', async () => {
    const sv = await open(await programmeReportXlsx(OPEN_REPORT, 'sv', { generatedAt: MADE }));
    expect(sv.worksheets.map((s) => s.name)).toEqual(['Sammanfattning', 'Utfall', 'Könsmönster', 'Per värdorganisation', 'Per kontrakt', 'Per leverantör']);
    const en = await open(await programmeReportXlsx(OPEN_REPORT, 'en', { generatedAt: MADE }));
    expect(en.worksheets.map((s) => s.name)).toEqual(['Summary', 'Outcomes', 'Gender patterns', 'By host', 'By contract', 'By supplier']);
    expect(sv.title).toBe('Programrapport: Alla kan arbeta – Härnösand');
  });

  it('says on its first sheet what it is: the programme, the period and the day it was made', async () => {
    const summary = (await open(await programmeReportXlsx(OPEN_REPORT, 'sv', { generatedAt: MADE }))).getWorksheet('Sammanfattning')!;
    expect(summary.getCell('A1').value).toBe('Programrapport: Alla kan arbeta – Härnösand');
    expect(rowStarting(summary, 'Period')).toEqual(['Period', 'Hela programperioden, 1 jan. 2025 – 31 dec. 2026']);
    expect(rowStarting(summary, 'Rapportens datum')).toEqual(['Rapportens datum', '6 dec. 2026']);
    expect(rowsOf(summary).flat()).not.toContain('Siffror under 3 redovisas som <3.');
  });

  it('writes counts as numbers and shares as percentages, per year against the target', async () => {
    const summary = (await open(await programmeReportXlsx(OPEN_REPORT, 'sv', { generatedAt: MADE }))).getWorksheet('Sammanfattning')!;
    expect(tableUnder(summary, 'Platser')).toEqual([
      ['Påbörjade', 'Genomförda', 'Avslutade i förtid', 'Pågående'],
      [47, 31, 6, 10],
    ]);
    const perYear = tableUnder(summary, 'Påbörjade platser per år mot målet');
    expect(perYear[0]).toEqual(['År', 'Påbörjade', 'Mål', 'Andel av målet']);
    expect(perYear.slice(1)).toEqual([
      ['2025', 34, 30, 1.133],
      ['2026', 13, 30, 0.433],
    ]);
    const share = summary.getCell(`D${rowsOf(summary).findIndex((r) => r[0] === '2025') + 1}`);
    expect(share.numFmt).toBe('0.0%');
  });

  it('sets the outcomes at each checkpoint beside the targets, in words rather than codes', async () => {
    const outcomes = (await open(await programmeReportXlsx(OPEN_REPORT, 'sv', { generatedAt: MADE }))).getWorksheet('Utfall')!;
    expect(tableUnder(outcomes, 'Utfall mot målen')).toEqual([
      ['Utfall', 'Tillfälle', 'Mål', 'Uppnått', 'Läge'],
      ['Studier', 'Vid avslut', 0.35, 0.324, 'Under målet'],
      ['Ny praktikplats', 'Vid avslut', 0.2, 0.216, 'Når målet'],
      ['Anställning', 'Vid avslut', 0.25, 0.243, 'Under målet'],
      ['Anställning', '6 månader efter avslut', 0.25, 0.35, 'Når målet'],
      ['Bättre självskattad anställningsbarhet', '6 månader efter avslut', 0.2, 0.55, 'Når målet'],
      ['– betyder att inget utfall har registrerats ännu, eller att andelen inte redovisas för att skydda enskilda deltagare.'],
    ]);
    const atCheckpoints = tableUnder(outcomes, 'Utfall vid avslut och vid uppföljningarna');
    expect(atCheckpoints[0]).toEqual(['Utfall', 'Vid avslut', '6 månader efter avslut']);
    expect(atCheckpoints).toContainEqual(['Registrerade utfall', 37, 20]);
    expect(atCheckpoints).toContainEqual(['Eget företag', 3, 0]);
    expect(atCheckpoints).toContainEqual(['Självskattad anställningsbarhet: bättre', 0, 11]);
    const words = rowsOf(outcomes)
      .flat()
      .filter((v): v is string => typeof v === 'string');
    for (const code of ['furtherPlacement', 'selfEmployment', 'month6', 'employability', 'end']) expect(words).not.toContain(code);
  });

  it('lists placements per host, contract and supplier, and the gender-pattern-breaking ones against their target', async () => {
    const workbook = await open(await programmeReportXlsx(OPEN_REPORT, 'en', { generatedAt: MADE }));
    expect(tableUnder(workbook.getWorksheet('By contract')!, 'By contract')).toEqual([
      ['Tender reference', 'Tender', 'Supplier', 'Started', 'Completed', 'Ended early', 'Under way'],
      ['ÖH 2025/114', 'Ombyggnad av kvarteret Åsen', 'Skanska Sverige AB', 21, 15, 3, 3],
      ['HK 2025-31', 'Städning av skolor', 'Städ & Fönsterputs i Härnösand AB', 14, 8, 2, 4],
    ]);
    expect(tableUnder(workbook.getWorksheet('By host')!, 'Own workplaces by host organisation')[1]).toEqual(['Härnösands kommun, äldreomsorgen', 12, 8, 1, 3]);
    expect(tableUnder(workbook.getWorksheet('Gender patterns')!, 'Placements that break gender-stereotyped patterns')).toEqual([
      ['Placements', 'Target', 'Standing'],
      [4, 3, 'Meets the target'],
    ]);
  });

  it("writes a suppressed count as the text '<3', says why, and leaves a suppressed share empty", async () => {
    const workbook = await open(await programmeReportXlsx(SUPPRESSED_REPORT, 'sv', { generatedAt: MADE }));
    const summary = workbook.getWorksheet('Sammanfattning')!;
    expect(rowStarting(summary, 'Period')).toEqual(['Period', 'Kalenderåret 2026, 1 jan. 2026 – 31 dec. 2026']);
    expect(
      rowsOf(summary)
        .flat()
        .some((v) => typeof v === 'string' && v.startsWith('Siffror under 3 redovisas som <3.')),
    ).toBe(true);
    expect(tableUnder(summary, 'Platser')[1]).toEqual([9, 5, '<3', '<3']);
    const outcomes = workbook.getWorksheet('Utfall')!;
    expect(tableUnder(outcomes, 'Utfall mot målen')[1]).toEqual(['Anställning', 'Vid avslut', 0.25, null, '–']);
    expect(tableUnder(outcomes, 'Utfall vid avslut och vid uppföljningarna')).toContainEqual(['Anställning', '<3']);
    expect(tableUnder(workbook.getWorksheet('Könsmönster')!, 'Platser som bryter könsstereotypa mönster')[1]).toEqual(['<3', 'Inget mål', '–']);
    expect(tableUnder(workbook.getWorksheet('Per värdorganisation')!, 'Egna arbetsplatser per värdorganisation')).toEqual([
      ['Värdorganisation', 'Påbörjade', 'Genomförda', 'Avslutade i förtid', 'Pågående'],
      ['Inga platser här under perioden.'],
    ]);
  });

  it('makes a workbook of a programme with nothing in it yet', async () => {
    const workbook = await open(await programmeReportXlsx(EMPTY_REPORT, 'sv', { generatedAt: MADE }));
    expect(tableUnder(workbook.getWorksheet('Utfall')!, 'Utfall mot målen')).toEqual([
      ['Utfall', 'Tillfälle', 'Mål', 'Uppnått', 'Läge'],
      ['Programmet har inga mål för utfallen.'],
    ]);
    expect(tableUnder(workbook.getWorksheet('Sammanfattning')!, 'Platser')[1]).toEqual([0, 0, 0, 0]);
  });
});
