/**
 * The programme page and the programme list (issue 21, item 6) rendered to
 * HTML: the scope, the report's figures, charts and tables, the year chooser
 * and the downloads, in Swedish and in English, with no code shown as a word.
 */
import { describe, expect, it } from 'vitest';
import { wordsFor, type WebLanguage } from '../../src/web/i18n.ts';
import { ProgrammeList, ProgrammePage } from '../../src/web/pages/programmes.tsx';
import { checkpointLabel, FOLLOW_UP_STATUSES, goalLabel, memberKindLabel, statusLabel } from '../../src/web/programme-report-view.ts';
import { CHECKPOINTS, type ProgrammeReport } from '../../src/domain/programme-report-shape.ts';
import { ORG_KINDS } from '../../src/domain/roles.ts';
import { EMPTY_REPORT, OPEN_REPORT, PROGRAMME_SCOPE, SUPPRESSED_REPORT } from '../fixtures/programme-report.ts';

const PROGRAMME = PROGRAMME_SCOPE;

async function render(lang: WebLanguage, report: ProgrammeReport = OPEN_REPORT, options: { selectedYear?: number | null; canDownload?: boolean } = {}) {
  const html = String(
    await ProgrammePage({
      words: wordsFor(lang),
      programme: PROGRAMME,
      report,
      years: [2025, 2026],
      selectedYear: options.selectedYear ?? null,
      canDownload: options.canDownload ?? true,
    }),
  );
  // The text a reader sees: tags, and the attributes with them, left out.
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return { html, text };
}

/** Codes the report carries that a page must never show as words. */
const CODES = ['furtherPlacement', 'selfEmployment', 'month1', 'month6', 'month12', 'endedEarly', 'matching_body', 'genderPatternBreaking', 'employabilityPct'];

describe('the programme page', () => {
  it('shows the scope: targets, members by their part, and the clauses with links', async () => {
    const { html, text } = await render('sv');
    expect(text).toContain('Programmets omfattning');
    expect(text).toContain('Påbörjade platser per år 30');
    expect(text).toContain('Studier 35 %');
    expect(text).toContain('Arbetsmarknadsenheten Härnösand Matchningsansvarig');
    expect(text).toContain('Härnösands kommun Upphandlande organisation');
    expect(html).toContain('href="/app/clauses/clause-1"');
    expect(text).toContain('ÖH 2025/114');
  });

  it("shows the report's figures, its charts and tables, in Swedish", async () => {
    const { html, text } = await render('sv');
    expect(text).toContain('Programrapport: hela programperioden');
    for (const figure of ['Påbörjade 47', 'Genomförda 31', 'Avslutade i förtid 6', 'Pågående 10']) expect(text).toContain(figure);
    expect(html).toContain('id="chart-programme-years-caption"');
    expect(text).toContain('2025 · mål 30 34');
    expect(html).toContain('id="chart-programme-end-caption"');
    expect(html).toContain('id="chart-programme-month6-caption"');
    expect(text).toContain('Utfall mot målen: 6 månader efter avslut');
    expect(text).toContain('Studier Vid avslut 35 % 32,4 % Under målet');
    expect(text).toContain('Registrerade utfall 37 20');
    expect(text).toContain('Platser som bryter könsstereotypa mönster');
    expect(text).toContain('Städ & Fönsterputs i Härnösand AB 14 8 2 4');
    for (const code of CODES) expect(text, code).not.toContain(code);
    for (const english of ['Started', 'Outcome', 'Target', 'Placements', 'Download']) expect(text, english).not.toContain(english);
  });

  it('is as complete in English', async () => {
    const { text } = await render('en');
    expect(text).toContain('Programme report: the whole programme period');
    expect(text).toContain("The programme's scope");
    expect(text).toContain('Started 47');
    expect(text).toContain('Studies At the end 35 % 32.4 % Below the target');
    expect(text).toContain('Outcomes against the targets: 6 months after the end');
    expect(text).toContain('Arbetsmarknadsenheten Härnösand Matching body');
    for (const code of CODES) expect(text, code).not.toContain(code);
    for (const swedish of ['Påbörjade', 'Utfall', 'Mål ', 'Ladda ned', 'Hela']) expect(text, swedish).not.toContain(swedish);
  });

  it('offers the years and the whole period, and downloads for the year shown', async () => {
    const whole = await render('sv');
    expect(whole.html).toContain('<form method="get" action="/app/programmes/prog-1"');
    expect(whole.html).toMatch(/<option value="" selected="">Hela programperioden<\/option>/);
    expect(whole.html).toContain('href="/app/programmes/prog-1/report.pdf"');
    expect(whole.html).toContain('href="/app/programmes/prog-1/report.xlsx"');
    const year = await render('sv', SUPPRESSED_REPORT, { selectedYear: 2026 });
    expect(year.html).toMatch(/<option value="2026" selected="">2026<\/option>/);
    expect(year.html).toContain('href="/app/programmes/prog-1/report.pdf?year=2026"');
    expect(year.html).toContain('href="/app/programmes/prog-1/report.xlsx?year=2026"');
    const without = await render('sv', OPEN_REPORT, { canDownload: false });
    expect(without.html).not.toContain('report.pdf');
  });

  it("shows suppressed figures as '<3' and says why", async () => {
    const { text } = await render('sv', SUPPRESSED_REPORT, { selectedYear: 2026 });
    expect(text).toContain('Programrapport: kalenderåret 2026');
    expect(text).toContain('Siffror under 3 redovisas som <3.');
    expect(text).toContain('Avslutade i förtid <3');
    expect(text).toContain('Anställning Vid avslut 25 % – –');
    expect(text).toContain('Inga platser här under perioden.');
    expect((await render('sv')).text).not.toContain('Siffror under 3');
  });
});

it('shows a programme with nothing in it yet without charts, saying so', async () => {
  const { html, text } = await render('sv', EMPTY_REPORT, { selectedYear: 2026 });
  expect(html).not.toContain('<svg');
  expect(text).toContain('Programmet har inga mål för utfallen.');
  expect(text).toContain('Påbörjade 0');
});

describe('the programme list', () => {
  it('lists the programmes with their period and scope, or says there are none', async () => {
    const words = wordsFor('sv');
    const html = String(
      await ProgrammeList({
        words,
        programmes: [{ id: 'prog-1', name: 'Alla kan arbeta', startDate: '2025-01-01', endDate: '2026-12-31', members: 3, clauses: 2 }],
      }),
    );
    expect(html).toContain('<a href="/app/programmes/prog-1">Alla kan arbeta</a>');
    expect(html).toContain('1 jan. 2025 – 31 dec. 2026');
    expect(String(await ProgrammeList({ words: wordsFor('en'), programmes: [] }))).toContain('Your organisation is not a member of any programme yet.');
  });
});

describe("the report's codes in words", () => {
  it('names every checkpoint, status, goal and kind of member in both languages, never by its code', () => {
    for (const lang of ['sv', 'en'] as const) {
      const words = wordsFor(lang);
      const labels = [
        ...CHECKPOINTS.map((c) => [c, checkpointLabel(words, c)]),
        ...FOLLOW_UP_STATUSES.map((s) => [s, statusLabel(words, s)]),
        ...(['studies', 'furtherPlacement', 'employment', 'selfEmployment', 'employability'] as const).map((g) => [g, goalLabel(words, g)]),
        ...ORG_KINDS.map((k) => [k, memberKindLabel(words, k)]),
      ];
      for (const [code, label] of labels) expect(label, `${lang} ${code}`).not.toBe(code);
    }
    expect(checkpointLabel(wordsFor('sv'), 'month6')).toBe('6 månader efter avslut');
    expect(statusLabel(wordsFor('sv'), 'furtherPlacement')).toBe('Ny praktikplats');
    expect(statusLabel(wordsFor('en'), 'selfEmployment')).toBe('Self-employment');
  });
});
