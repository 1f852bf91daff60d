import { describe, expect, it } from 'vitest';
import { acceptEvidence, cleanFileName, CSV, MAX_EVIDENCE_BYTES, XLSX } from '../../src/domain/evidence.ts';
import type { KlausulError } from '../../src/domain/errors.ts';

const file = (over: Partial<Parameters<typeof acceptEvidence>[0]>) => ({
  fileName: 'intyg.pdf',
  sizeBytes: 100,
  detectedType: 'application/pdf',
  text: null,
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return (error as KlausulError).code;
  }
};

describe('evidence files', () => {
  it('keeps the last path segment of a file name, without control characters, at most 200 characters', () => {
    expect(cleanFileName('C:\\Users\\erik\\tidrapport.pdf')).toBe('tidrapport.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName(' rapport\u0000\u001f mars.pdf ')).toBe('rapport mars.pdf');
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`)).toHaveLength(200);
  });

  it('stores the type read from the content, whatever the name says', () => {
    expect(acceptEvidence(file({ fileName: 'scan.bin', detectedType: 'image/jpeg' }))).toEqual({ fileName: 'scan.bin', mediaType: 'image/jpeg' });
    expect(acceptEvidence(file({ detectedType: XLSX, fileName: 'timmar.xlsx' })).mediaType).toBe(XLSX);
  });

  it('takes text without a signature as CSV only when it is named .csv', () => {
    expect(acceptEvidence(file({ fileName: 'TIMMAR.CSV', detectedType: null, text: 'a;b\n1;2\n' })).mediaType).toBe(CSV);
    expect(codeOf(() => acceptEvidence(file({ fileName: 'timmar.txt', detectedType: null, text: 'a;b\n' })))).toBe('unsupported_media_type');
    expect(codeOf(() => acceptEvidence(file({ fileName: 'data.csv', detectedType: null, text: null })))).toBe('unsupported_media_type');
  });

  it('refuses types that are not evidence', () => {
    for (const type of ['application/zip', 'application/x-msdownload', 'text/html', 'image/svg+xml']) {
      expect(codeOf(() => acceptEvidence(file({ detectedType: type })))).toBe('unsupported_media_type');
    }
  });

  it('refuses an empty file and one over 10 MB, and takes exactly 10 MB', () => {
    expect(codeOf(() => acceptEvidence(file({ sizeBytes: 0 })))).toBe('validation');
    expect(codeOf(() => acceptEvidence(file({ sizeBytes: MAX_EVIDENCE_BYTES + 1 })))).toBe('payload_too_large');
    expect(codeOf(() => acceptEvidence(file({ sizeBytes: MAX_EVIDENCE_BYTES })))).toBe('accepted');
  });

  it('refuses personal identity numbers in the name and in CSV text, and lets look-alikes pass', () => {
    expect(codeOf(() => acceptEvidence(file({ fileName: 'intyg 121212-1212.pdf' })))).toBe('personal_identity_number');
    expect(codeOf(() => acceptEvidence(file({ fileName: 'lista.csv', detectedType: null, text: 'ref;pnr\nA;191212121212\n' })))).toBe(
      'personal_identity_number',
    );
    expect(codeOf(() => acceptEvidence(file({ fileName: 'intyg 121212-1213.pdf' })))).toBe('accepted');
    expect(codeOf(() => acceptEvidence(file({ fileName: 'lista.csv', detectedType: null, text: 'vecka;timmar\n20260302-0001;35\n' })))).toBe('accepted');
  });

  it('names a file that has no name left after cleaning by its type', () => {
    expect(acceptEvidence(file({ fileName: '/' })).fileName).toBe('evidence.pdf');
  });
});
