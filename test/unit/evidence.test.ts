import { describe, expect, it } from 'vitest';
import { acceptEvidence, cleanFileName, CSV, MAX_EVIDENCE_BYTES, storedFileName, XLSX } from '../../src/domain/evidence.ts';
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

  it('removes bidi, zero-width and other invisible characters from names', () => {
    // U+202E turns "Tidrapport\u202Efdp.exe" into what reads as "Tidrapportexe.pdf".
    expect(cleanFileName('Tidrapport\u202efdp.exe')).toBe('Tidrapportfdp.exe');
    expect(cleanFileName('\u2066intyg\u2069\u200e\u200f\u061c.pdf')).toBe('intyg.pdf');
    expect(cleanFileName('in\u200btyg\u200d\u2060\ufeff\u00ad.pdf')).toBe('intyg.pdf');
    expect(cleanFileName('rapport\u0085\u009b\u2028\u2029 mars.pdf')).toBe('rapport mars.pdf');
    expect(cleanFileName('...intyg.pdf. . ')).toBe('intyg.pdf');
    // Letters of any script stay, composed.
    expect(cleanFileName('Ärendeförteckning A\u030a.pdf')).toBe('Ärendeförteckning Å.pdf');
  });

  it.each([
    ['Tidrapport april.pdf.cmd', 'application/pdf', 'Tidrapport april.pdf'],
    ['Tidrapport april.pdf', 'application/pdf', 'Tidrapport april.pdf'],
    ['TIDRAPPORT.PDF', 'application/pdf', 'TIDRAPPORT.PDF'],
    ['scan.exe', 'application/pdf', 'scan.exe.pdf'],
    ['Tidrapport 2026.04', 'application/pdf', 'Tidrapport 2026.04.pdf'],
    ['intyg', 'application/pdf', 'intyg.pdf'],
    ['foto.jpeg', 'image/jpeg', 'foto.jpeg'],
    ['foto.png', 'image/jpeg', 'foto.png.jpg'],
    ['timmar.xlsx.js', XLSX, 'timmar.xlsx'],
    ['timmar.csv', CSV, 'timmar.csv'],
    ['', 'image/png', 'evidence.png'],
  ])('stores %j of type %s as %j', (name, type, stored) => {
    expect(storedFileName(name, type)).toBe(stored);
  });

  it('keeps a name with its added extension within 200 characters', () => {
    const stored = storedFileName(`${'a'.repeat(199)}x`, 'application/pdf');
    expect(stored).toHaveLength(200);
    expect(stored.endsWith('a.pdf')).toBe(true);
  });

  it('stores the name with the extension of the type read from the content, whatever the name says', () => {
    expect(acceptEvidence(file({ fileName: 'Tidrapport april.pdf.cmd' })).fileName).toBe('Tidrapport april.pdf');
    expect(acceptEvidence(file({ fileName: 'Tidrapport\u202efdp.exe' })).fileName).toBe('Tidrapportfdp.exe.pdf');
  });

  it('stores the type read from the content, whatever the name says', () => {
    expect(acceptEvidence(file({ fileName: 'scan.bin', detectedType: 'image/jpeg' }))).toEqual({ fileName: 'scan.bin.jpg', mediaType: 'image/jpeg' });
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
