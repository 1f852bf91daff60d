/**
 * The programme pages' routes (issue 21, item 6): the programmes the user's
 * organisation is a member of, one programme with its report for a year or
 * the whole period, and the report as a workbook or a PDF, served to the
 * signed-in user as the other exports are (pages/exports.tsx).
 */
import type { Hono } from 'hono';
import type { EngineDeps } from '../../engine/deps.ts';
import { getProgrammePage, getProgrammeReport, listProgrammes } from '../../engine/programmes.ts';
import type { OrgKind } from '../../domain/roles.ts';
import { programmeReportFile, type ProgrammeReportFormat } from '../../http/programme-report-file.ts';
import { guarded, page } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { ProgrammeList, ProgrammePage } from './programmes.tsx';

/** The year asked for; an empty choice is the whole period (the engine refuses a year outside the programme). */
const yearQuery = (value: string | undefined): string | undefined => (value ? value : undefined);

export function programmePageRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/programmes', (c) =>
    guarded(c, async () => {
      const words = c.get('words');
      const programmes = await listProgrammes(deps, c.get('actor')!);
      const items = programmes.map((p) => ({
        id: p.id,
        name: p.name,
        startDate: p.startDate,
        endDate: p.endDate,
        members: p.members.length,
        clauses: p.clauseCount,
      }));
      return page(c, words.t('programmeReportProgrammes'), <ProgrammeList words={words} programmes={items} />);
    }),
  );
  app.get('/programmes/:id', (c) =>
    guarded(c, async () => {
      const words = c.get('words');
      const year = yearQuery(c.req.query('year'));
      const { programme, report, years } = await getProgrammePage(deps, c.get('actor')!, c.req.param('id'), year);
      const members = programme.members.map((m) => ({ orgId: m.orgId, name: m.name, kind: m.kind as OrgKind }));
      return page(
        c,
        programme.name,
        <ProgrammePage words={words} programme={{ ...programme, members }} report={report} years={years} selectedYear={report.period.year} canDownload />,
      );
    }),
  );
  const file = (format: ProgrammeReportFormat) =>
    app.get(`/programmes/:id/report.${format}`, (c) =>
      guarded(c, async () => {
        const report = await getProgrammeReport(deps, c.get('actor')!, c.req.param('id'), yearQuery(c.req.query('year')));
        return programmeReportFile(report, format, c.get('words').lang, { generatedAt: deps.clock.now() });
      }),
    );
  file('xlsx');
  file('pdf');
}
