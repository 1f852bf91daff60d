/**
 * The programme report as an Excel workbook (issue 21, item 4): a sheet per
 * section of the report (src/web/programme-report-view.ts), headings in the
 * language asked for, counts as numbers and suppressed counts as the text
 * '<3', shares as percentages. The same figures as the page and the PDF.
 */
import ExcelJS from 'exceljs';
import type { ProgrammeReport } from '../domain/programme-report-shape.ts';
import { wordsFor, type WebLanguage } from '../web/i18n.ts';
import { type Cell, dateRange, periodLabel, reportSections } from '../web/programme-report-view.ts';

export interface ProgrammeReportDocumentOptions {
  /** When the report was made, for its date; now unless given. */
  generatedAt?: Date | undefined;
}

const BOLD = { bold: true } as const;
const TITLE = { bold: true, size: 14 } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };

/** A cell's value as the workbook holds it: a number, a fraction shown as a percentage, or text. A string cell is never read as a formula. */
function put(target: ExcelJS.Cell, cell: Cell): void {
  if ('text' in cell) target.value = cell.text;
  else if ('count' in cell) {
    target.value = cell.count;
    if (cell.count === '<3') target.alignment = { horizontal: 'right' };
  } else if (cell.pct !== null) {
    target.value = Number((cell.pct / 100).toFixed(6)); // 0.216, not 0.21600000000000003
    target.numFmt = '0.0%';
  }
}

export async function programmeReportXlsx(report: ProgrammeReport, language: WebLanguage, options: ProgrammeReportDocumentOptions = {}): Promise<Buffer> {
  const words = wordsFor(language);
  const generatedAt = options.generatedAt ?? new Date();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Klausul';
  workbook.title = `${words.t('programmeReportTitle')}: ${report.name}`;
  workbook.created = generatedAt;
  workbook.modified = generatedAt;

  for (const [index, section] of reportSections(report, words).entries()) {
    const sheet = workbook.addWorksheet(section.sheet);
    let widths: number[] = [];
    const line = (values: string[], font?: Partial<ExcelJS.Font>) => {
      const row = sheet.addRow(values);
      if (font) row.font = font;
      return row;
    };
    if (index === 0) {
      // The first sheet says what the workbook is: the programme, the period, the day it was made, and how small numbers are shown.
      line([`${words.t('programmeReportTitle')}: ${report.name}`], TITLE);
      line([words.t('period'), `${periodLabel(words, report.period)}, ${dateRange(words, report.period.from, report.period.to)}`]);
      line([words.t('programmeReportDate'), words.date(generatedAt.toISOString())]);
      if (report.suppressed) line([words.t('programmeReportSuppressedNote')]);
      line([]);
    }
    for (const table of section.tables) {
      line([table.title], BOLD);
      const header = line(table.columns, BOLD);
      header.eachCell((cell) => {
        cell.fill = HEADER_FILL;
      });
      for (const cells of table.rows) {
        const row = sheet.addRow([]);
        for (const [i, cell] of cells.entries()) put(row.getCell(i + 1), cell);
      }
      if (table.note) line([table.note]);
      line([]);
      widths = table.columns.map((column, i) => Math.max(widths[i] ?? 10, column.length + 2, ...table.rows.map((r) => String(textOf(r[i])).length + 2)));
    }
    widths.forEach((width, i) => {
      sheet.getColumn(i + 1).width = Math.min(width, 60);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const textOf = (cell: Cell | undefined): string | number => (!cell ? '' : 'text' in cell ? cell.text : 'count' in cell ? cell.count : (cell.pct ?? ''));
