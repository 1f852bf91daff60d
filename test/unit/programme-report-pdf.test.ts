/**
 * The programme report as a PDF a board reads (issue 21, item 4), opened again
 * with pdf.js and read as text: the title page, the figures and headings in
 * the language asked for, '<3' where a figure is suppressed, page numbers that
 * add up, the document's title and language, and the font embedded.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { programmeReportPdf } from '../../src/http/programme-report-pdf.ts';
import { EMPTY_REPORT, OPEN_REPORT, SUPPRESSED_REPORT } from '../fixtures/programme-report.ts';

const MADE = new Date('2026-12-06T09:00:00Z');

interface ReadPdf {
  pages: string[];
  title: unknown;
  raw: string;
}

/** Text without its spaces: pdf.js may hand back a word in pieces where the font kerns or a cell wraps. */
const squash = (text: string) => text.replace(/\s/g, '');

/** Each page's text as one line, words in the order they were written. */
async function read(buffer: Buffer): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), disableFontFace: true, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, title: (info as Record<string, unknown>).Title, raw: buffer.toString('latin1') };
}

describe('the programme report PDF', () => {
  it('opens with a title page: the programme, the period, the date of the report, its key figures and targets', async () => {
    const { pages } = await read(await programmeReportPdf(OPEN_REPORT, 'sv', { generatedAt: MADE }));
    const title = pages[0]!;
    for (const text of [
      'PROGRAMRAPPORT',
      'Alla kan arbeta – Härnösand',
      'Hela programperioden',
      '1 jan. 2025 – 31 dec. 2026',
      'Rapportens datum: 6 dec. 2026',
      '47 Påbörjade',
      '31 Genomförda',
      '6 Avslutade i förtid',
      '10 Pågående',
      'Programmets mål',
      'Bättre självskattad anställningsbarhet 20 %',
    ])
      expect(title).toContain(text);
    expect(title).not.toContain('<3');
  });

  it('draws the charts and sets out the tables in Swedish, with every figure of the report', async () => {
    const { pages } = await read(await programmeReportPdf(OPEN_REPORT, 'sv', { generatedAt: MADE }));
    const text = pages.join(' ');
    for (const heading of [
      'Sammanfattning',
      'Påbörjade platser per år mot målet',
      'Utfall mot målen: Vid avslut',
      'Utfall mot målen: 6 månader efter avslut',
      'Utfall vid avslut och vid uppföljningarna',
      'Platser som bryter könsstereotypa mönster',
      'Egna arbetsplatser per värdorganisation',
      'Per kontrakt',
      'Per leverantör',
    ])
      expect(text).toContain(heading);
    // The bars' figures, then the tables' rows as read across.
    expect(text).toContain('2025 · mål 30 34');
    expect(text).toContain('2026 · mål 30 13');
    expect(text).toContain('2025 34 30 113,3 %');
    expect(text).toContain('Studier Vid avslut 35 % 32,4 % Under målet');
    expect(text).toContain('Anställning 6 månader efter avslut 25 % 35 % Når målet');
    expect(text).toContain('Registrerade utfall 37 20');
    expect(text).toContain('Ny praktikplats 8 3');
    expect(text).toContain('Eget företag 3 0');
    expect(text).toContain('Självskattad anställningsbarhet: bättre 0 11');
    expect(text).toContain('Härnösands kommun, äldreomsorgen 12 8 1 3');
    expect(text).toContain('Städ & Fönsterputs i Härnösand AB 14 8 2 4');
    for (const code of ['furtherPlacement', 'selfEmployment', 'month6', 'month12', 'employability ', 'endedEarly']) expect(text).not.toContain(code);
  });

  it('numbers its pages "Sida n av N" and carries its title and language', async () => {
    const buffer = await programmeReportPdf(OPEN_REPORT, 'sv', { generatedAt: MADE });
    const { pages, title, raw } = await read(buffer);
    expect(pages).toHaveLength(4);
    for (const [i, page] of pages.entries()) expect(page).toContain(`Sida ${i + 1} av 4`);
    expect(title).toBe('Programrapport: Alla kan arbeta – Härnösand, hela programperioden');
    expect(raw).toContain('/Lang (sv-SE)');
    // Liberation Sans, embedded (a TrueType font file in the PDF), not a standard font left to the reader.
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it("shows suppressed figures as '<3' and says so on the title page, in English", async () => {
    const { pages, title, raw } = await read(await programmeReportPdf(SUPPRESSED_REPORT, 'en', { generatedAt: MADE }));
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('Calendar year 2026');
    expect(pages[0]).toContain('<3 Ended early');
    expect(pages[0]).toContain('Figures under 3 are shown as <3.');
    const text = pages.join(' ');
    expect(text).toContain('Employment At the end 25 % – –');
    expect(text).toContain('Employment <3');
    expect(text).toContain('<3 No target –');
    expect(squash(text)).toContain(squash('ÖH 2026/7 Nybyggnad Storsjöstrand Skanska Sverige AB 9 5 <3 <3'));
    expect(text).toContain('No placements here in the period.');
    expect(text).toContain('Page 3 of 3');
    expect(title).toBe('Programme report: Innanförskapsakademin, calendar year 2026');
    expect(raw).toContain('/Lang (en-GB)');
    for (const swedish of ['Sida', 'Påbörjade', 'Utfall', 'Mål ']) expect(text).not.toContain(swedish);
  });
});

describe('the programme report PDF at the edges', () => {
  it('runs a long table onto further pages with its header repeated, and numbers them all', async () => {
    const contracts = Array.from({ length: 70 }, (_, i) => ({
      clauseId: `clause-${i}`,
      tenderReference: `ÖH 2026/${100 + i}`,
      title: `Upphandling nummer ${i + 1}`,
      supplierName: 'Skanska Sverige AB',
      started: 3 + i,
      completed: 3,
      endedEarly: '<3' as const,
      ongoing: 3,
    }));
    const { pages } = await read(await programmeReportPdf({ ...OPEN_REPORT, byContract: contracts }, 'sv', { generatedAt: MADE }));
    const withContracts = pages.filter((page) => page.includes('ÖH 2026/1'));
    expect(withContracts.length).toBeGreaterThan(1);
    for (const page of withContracts)
      expect(squash(page)).toContain(squash('Diarienummer Upphandling Leverantör Påbörjade Genomförda Avslutade i förtid Pågående'));
    expect(squash(pages.join(' '))).toContain(squash('ÖH 2026/169 Upphandling nummer 70 Skanska Sverige AB 72 3 <3 3'));
    for (const [i, page] of pages.entries()) expect(page).toContain(`Sida ${i + 1} av ${pages.length}`);
  });

  it('makes a report of a programme with nothing in it yet', async () => {
    const { pages } = await read(await programmeReportPdf(EMPTY_REPORT, 'sv', { generatedAt: MADE }));
    const text = pages.join(' ');
    expect(text).toContain('Programmet har inga mål för utfallen.');
    expect(text).toContain('Inga platser här under perioden.');
  });
});
