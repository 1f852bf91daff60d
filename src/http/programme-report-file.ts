/**
 * The programme report as a file to download (issue 21, item 4), the same for
 * GET /api/v1/programmes/{id}/report.xlsx|pdf and the web application's
 * /app/programmes/{id}/report.xlsx|pdf: the document, its media type, and a
 * file name that says which programme and which year.
 */
import type { ProgrammeReport } from '../domain/programme-report-shape.ts';
import { wordsFor, type WebLanguage } from '../web/i18n.ts';
import { programmeReportPdf } from './programme-report-pdf.ts';
import { type ProgrammeReportDocumentOptions, programmeReportXlsx } from './programme-report-xlsx.ts';

export const PROGRAMME_REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ProgrammeReportFormat = (typeof PROGRAMME_REPORT_FORMATS)[number];

export const PROGRAMME_REPORT_MEDIA_TYPES: Record<ProgrammeReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Letters without their accents, lower case, words joined by hyphens: "Alla kan arbeta – Härnösand" → "alla-kan-arbeta-harnosand". */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'program';

/** "programrapport-alla-kan-arbeta-2026.pdf"; the whole period is named by its first and last year. */
export function programmeReportFileName(report: ProgrammeReport, format: ProgrammeReportFormat, language: WebLanguage): string {
  const when = report.period.year ?? `${report.period.from.slice(0, 4)}-${report.period.to.slice(0, 4)}`;
  return `${slug(wordsFor(language).t('programmeReportTitle'))}-${slug(report.name)}-${when}.${format}`;
}

export async function programmeReportFile(
  report: ProgrammeReport,
  format: ProgrammeReportFormat,
  language: WebLanguage,
  options: ProgrammeReportDocumentOptions = {},
): Promise<Response> {
  const body = format === 'pdf' ? await programmeReportPdf(report, language, options) : await programmeReportXlsx(report, language, options);
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': PROGRAMME_REPORT_MEDIA_TYPES[format],
      'content-disposition': `attachment; filename="${programmeReportFileName(report, format, language)}"`,
      'cache-control': 'no-store',
    },
  });
}
