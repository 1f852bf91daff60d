/**
 * The programme report as a PDF a board can read (issue 21, item 4): a title
 * page with the key figures, bars drawn as vector graphics (placements per
 * year against the target, outcomes against the targets at each checkpoint),
 * the report's tables (src/web/programme-report-view.ts), page numbers, and
 * the document's title and language in its metadata. The font is Liberation
 * Sans (SIL Open Font License, src/http/fonts/LICENSE), embedded as a subset,
 * so å, ä, ö and the names of organisations (Sámi letters too) print as
 * typed on any reader.
 */
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { ProgrammeReport } from '../domain/programme-report-shape.ts';
import type { Bar } from '../web/charts.tsx';
import { wordsFor, type WebLanguage, type Words } from '../web/i18n.ts';
import {
  type Cell,
  cellText,
  dateRange,
  goalCharts,
  keyFigures,
  periodLabel,
  type ReportTable,
  reportSections,
  targetList,
  yearBars,
} from '../web/programme-report-view.ts';
import type { ProgrammeReportDocumentOptions } from './programme-report-xlsx.ts';

const FONT = fileURLToPath(new URL('./fonts/LiberationSans-Regular.ttf', import.meta.url));
const FONT_BOLD = fileURLToPath(new URL('./fonts/LiberationSans-Bold.ttf', import.meta.url));

const COLOUR = { ink: '#1d2733', muted: '#5b6675', line: '#d5dbe3', accent: '#0b5cab', soft: '#e6f0fa', track: '#edf1f5', ok: '#1d7a3a', warn: '#a15c00' };
const BAR_COLOUR: Record<string, string> = { onTrack: COLOUR.ok, atRisk: COLOUR.warn };
const MARGIN = 56;
/** The strip under the bottom margin where the page number goes. */
const FOOTER = 30;

type Doc = PDFKit.PDFDocument;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` still fits below the cursor. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  room(doc, size * 3);
  doc
    .moveDown(0.6)
    .font('bold')
    .fontSize(size)
    .fillColor(COLOUR.ink)
    .text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function note(doc: Doc, text: string): void {
  doc
    .font('body')
    .fontSize(9)
    .fillColor(COLOUR.muted)
    .text(text, MARGIN, doc.y + 2, { width: contentWidth(doc) });
  doc.moveDown(0.5);
}

function titlePage(doc: Doc, report: ProgrammeReport, words: Words, generatedAt: Date): void {
  const width = contentWidth(doc);
  doc.rect(0, 0, doc.page.width, 8).fill(COLOUR.accent);
  doc
    .font('bold')
    .fontSize(13)
    .fillColor(COLOUR.accent)
    .text(words.t('programmeReportTitle').toLocaleUpperCase(words.lang), MARGIN, 150, { width, characterSpacing: 1 });
  doc.moveDown(0.4).font('bold').fontSize(30).fillColor(COLOUR.ink).text(report.name, { width });
  doc.moveDown(0.5).font('body').fontSize(16).text(periodLabel(words, report.period), { width });
  doc
    .fontSize(13)
    .fillColor(COLOUR.muted)
    .text(dateRange(words, report.period.from, report.period.to), { width });
  doc
    .moveDown(1.2)
    .fontSize(11)
    .fillColor(COLOUR.ink)
    .text(`${words.t('programmeReportDate')}: ${words.date(generatedAt.toISOString())}`, { width });

  // The key figures as four boxes: what a board reads first.
  const figures = keyFigures(report, words);
  const gap = 10;
  const box = (width - gap * (figures.length - 1)) / figures.length;
  const top = doc.y + 36;
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(COLOUR.ink)
    .text(words.t('programmeReportPlacements'), MARGIN, top - 20, { width });
  figures.forEach(([label, value], i) => {
    const x = MARGIN + i * (box + gap);
    doc.rect(x, top, box, 70).fill(COLOUR.soft);
    doc.rect(x, top, 4, 70).fill(COLOUR.accent);
    doc
      .font('bold')
      .fontSize(24)
      .fillColor(COLOUR.ink)
      .text(value, x + 12, top + 10, { width: box - 18, lineBreak: false });
    doc
      .font('body')
      .fontSize(9.5)
      .fillColor(COLOUR.muted)
      .text(label, x + 12, top + 44, { width: box - 18 });
  });
  doc.y = top + 90;
  const targets = targetList(words, report.targets);
  if (targets.length > 0) {
    doc.font('bold').fontSize(11).fillColor(COLOUR.ink).text(words.t('programmeReportTargets'), MARGIN, doc.y, { width });
    doc.moveDown(0.3);
    const list = Math.min(width, 340);
    for (const [what, much] of targets) {
      const y = doc.y;
      doc
        .font('body')
        .fontSize(10)
        .fillColor(COLOUR.ink)
        .text(what, MARGIN, y, { width: list - 60 });
      const below = doc.y;
      doc.font('bold').text(much, MARGIN + list - 60, y, { width: 60, align: 'right' });
      doc.y = Math.max(below, doc.y) + 3;
    }
    doc.moveDown(1);
  }
  if (report.suppressed) {
    doc.font('bold').fontSize(10).fillColor(COLOUR.ink).text(words.t('programmeReportAbout'), MARGIN, doc.y, { width });
    note(doc, words.t('programmeReportSuppressedNote'));
  }
}

const BAR_ROW = 30;
const VALUE_WIDTH = 78;

/** Horizontal bars drawn as the web's BarChart draws them (src/web/charts.tsx): a track, the bar, and a line where it should reach. */
function barChart(doc: Doc, title: string, bars: Bar[]): void {
  const width = contentWidth(doc);
  room(doc, 24 + bars.length * BAR_ROW);
  doc.font('bold').fontSize(11).fillColor(COLOUR.ink).text(title, MARGIN, doc.y, { width });
  const span = width - VALUE_WIDTH;
  const max = Math.max(100, ...bars.flatMap((b) => [b.value ?? 0, b.marker ?? 0]));
  const x = (pct: number) => MARGIN + (Math.max(0, pct) / max) * span;
  let y = doc.y + 4;
  if (max > 100)
    doc
      .save()
      .moveTo(x(100), y)
      .lineTo(x(100), y + bars.length * BAR_ROW)
      .dash(2, { space: 2 })
      .strokeColor(COLOUR.muted)
      .lineWidth(0.5)
      .stroke()
      .restore();
  for (const bar of bars) {
    doc.font('body').fontSize(9).fillColor(COLOUR.ink).text(bar.label, MARGIN, y, { width: span, lineBreak: false, ellipsis: true });
    doc.roundedRect(MARGIN, y + 12, span, 10, 2).fill(COLOUR.track);
    const length = x(bar.value ?? 0) - MARGIN;
    if (length > 0) doc.roundedRect(MARGIN, y + 12, length, 10, 2).fill(BAR_COLOUR[bar.kind ?? ''] ?? COLOUR.accent);
    if (bar.marker !== null && bar.marker !== undefined)
      doc
        .save()
        .moveTo(x(bar.marker), y + 9)
        .lineTo(x(bar.marker), y + 25)
        .lineWidth(2)
        .strokeColor(COLOUR.ink)
        .stroke()
        .restore();
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(COLOUR.ink)
      .text(bar.valueText, MARGIN + span + 8, y + 12, { width: VALUE_WIDTH - 8, lineBreak: false });
    y += BAR_ROW;
  }
  doc.x = MARGIN;
  doc.y = y + 6;
}

const NUMBER_WIDTH = 76;
const PAD = 4;
const isNumeric = (cell: Cell | undefined) => !!cell && !('text' in cell);

/** A table with its header repeated on each page it runs onto; numbers right-aligned in narrow columns. */
function table(doc: Doc, words: Words, data: ReportTable): void {
  const width = contentWidth(doc);
  heading(doc, data.title, 11);
  if (data.rows.length === 0) {
    if (data.note) note(doc, data.note);
    return;
  }
  const numeric = data.columns.map((_, i) => data.rows.every((r) => isNumeric(r[i])));
  const textColumns = numeric.filter((n) => !n).length;
  const textWidth = textColumns === 0 ? 0 : (width - NUMBER_WIDTH * (data.columns.length - textColumns)) / textColumns;
  const widths = numeric.map((n) => (n ? (textColumns === 0 ? width / data.columns.length : NUMBER_WIDTH) : textWidth));
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const rowHeight = (texts: string[], font: string) => {
    doc.font(font).fontSize(9);
    return Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  };
  const draw = (texts: string[], font: string, background: string | null) => {
    const height = rowHeight(texts, font);
    const y = doc.y;
    if (background) doc.rect(MARGIN, y, width, height).fill(background);
    texts.forEach((t, i) => {
      doc
        .font(font)
        .fontSize(9)
        .fillColor(COLOUR.ink)
        .text(t, lefts[i]! + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: numeric[i] ? 'right' : 'left' });
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + width, y + height)
      .lineWidth(0.5)
      .strokeColor(COLOUR.line)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const header = () => draw(data.columns, 'bold', COLOUR.soft);
  room(
    doc,
    rowHeight(data.columns, 'bold') +
      rowHeight(
        data.rows[0]!.map((c) => cellText(words, c)),
        'body',
      ),
  );
  header();
  for (const cells of data.rows) {
    const texts = cells.map((c) => cellText(words, c));
    if (doc.y + rowHeight(texts, 'body') > bottom(doc)) {
      doc.addPage();
      header();
    }
    draw(texts, 'body', null);
  }
  if (data.note) note(doc, data.note);
}

/** "Sida 2 av 5" at the foot of every page, written once all pages are known. */
function pageNumbers(doc: Doc, words: Words, name: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // text below the bottom margin would otherwise start a new page
    const y = doc.page.height - margin + FOOTER / 2;
    doc.font('body').fontSize(8).fillColor(COLOUR.muted);
    doc.text(name, MARGIN, y, { width: contentWidth(doc) / 2, lineBreak: false, ellipsis: true });
    doc.text(fill(words.t('programmeReportPageOf'), { n: String(i + 1), total: String(count) }), MARGIN, y, {
      width: contentWidth(doc),
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}

export async function programmeReportPdf(report: ProgrammeReport, language: WebLanguage, options: ProgrammeReportDocumentOptions = {}): Promise<Buffer> {
  const words = wordsFor(language);
  const generatedAt = options.generatedAt ?? new Date();
  const title = `${words.t('programmeReportTitle')}: ${report.name}, ${periodLabel(words, report.period).toLocaleLowerCase(language)}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: language === 'sv' ? 'sv-SE' : 'en-GB',
    displayTitle: true,
    info: { Title: title, Author: 'Klausul', Creator: 'Klausul', Subject: words.t('programmeReportTitle'), CreationDate: generatedAt, ModDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  titlePage(doc, report, words, generatedAt);
  for (const section of reportSections(report, words)) {
    // The summary and the outcomes open with their charts on a page of their own; the tables after them follow on.
    if (section.id === 'summary' || section.id === 'outcomes') {
      doc.addPage();
      doc
        .font('bold')
        .fontSize(18)
        .fillColor(COLOUR.ink)
        .text(section.title, MARGIN, MARGIN, { width: contentWidth(doc) });
      doc.moveDown(0.5);
    }
    if (section.id === 'summary' && report.perYear.length > 0) barChart(doc, words.t('programmeReportPerYear'), yearBars(report, words));
    if (section.id === 'outcomes') for (const chart of goalCharts(report, words)) barChart(doc, chart.title, chart.bars);
    for (const data of section.tables) table(doc, words, data);
  }
  pageNumbers(doc, words, report.name);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
