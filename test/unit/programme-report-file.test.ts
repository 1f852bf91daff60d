/**
 * The programme report as a download (issue 21, item 4): the answer the API
 * and the web application both give, with the document's media type and a
 * file name that says which programme and which period.
 */
import { describe, expect, it } from 'vitest';
import { programmeReportFile, programmeReportFileName } from '../../src/http/programme-report-file.ts';
import { OPEN_REPORT, SUPPRESSED_REPORT } from '../fixtures/programme-report.ts';

describe('the programme report as a file', () => {
  it('is named by the programme and the period, in plain letters', () => {
    expect(programmeReportFileName(OPEN_REPORT, 'pdf', 'sv')).toBe('programrapport-alla-kan-arbeta-harnosand-2025-2026.pdf');
    expect(programmeReportFileName(SUPPRESSED_REPORT, 'xlsx', 'en')).toBe('programme-report-innanforskapsakademin-2026.xlsx');
  });

  it('answers with the PDF or the workbook, as an attachment that is not cached', async () => {
    const pdf = await programmeReportFile(SUPPRESSED_REPORT, 'pdf', 'sv');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="programrapport-innanforskapsakademin-2026.pdf"');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const xlsx = await programmeReportFile(SUPPRESSED_REPORT, 'xlsx', 'sv');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // An XLSX workbook is a zip file.
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
  });
});
