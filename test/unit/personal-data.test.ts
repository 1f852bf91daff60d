/** The redaction an erasure applies to history payloads (src/domain/personal-data.ts). */
import { describe, expect, it } from 'vitest';
import { ERASED_TEXT, erasedReference, names, PERSONAL_KEYS, redactPersonal, storedForms } from '../../src/domain/personal-data.ts';

describe('redactPersonal', () => {
  it('erases references and free text at any depth, and keeps everything else', () => {
    const payload = {
      input: {
        participantRef: 'DELT-5519',
        targetGroup: 'newcomers',
        attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-123', date: '2026-02-20' },
        role: 'målare',
      },
      evidence: { id: 'e1', fileName: 'intyg DELT-5519.pdf', sha256: 'ab', sizeBytes: 10, description: 'Intyg' },
      items: [{ note: 'DELT-5519 ringde', hours: 3 }, { candidateRef: 'KAND-1' }],
      reason: 'Flyttade',
      reasonCode: 'other',
    };
    expect(redactPersonal(payload, 'p1')).toEqual({
      input: {
        participantRef: erasedReference('p1'),
        targetGroup: 'newcomers',
        attestation: { issuer: 'Arbetsförmedlingen', reference: ERASED_TEXT, date: '2026-02-20' },
        role: 'målare',
      },
      evidence: { id: 'e1', fileName: ERASED_TEXT, sha256: 'ab', sizeBytes: 10, description: ERASED_TEXT },
      items: [{ note: ERASED_TEXT, hours: 3 }, { candidateRef: erasedReference('p1') }],
      reason: ERASED_TEXT,
      reasonCode: 'other',
    });
    // The input is not changed.
    expect(payload.input.participantRef).toBe('DELT-5519');
  });

  it('leaves values that are not text, and gives the same answer twice', () => {
    const payload = { note: null, reason: 3, list: [], nested: { description: undefined } };
    expect(redactPersonal(payload, 'x')).toEqual(payload);
    const once = redactPersonal({ participantRef: 'A', note: 'B' }, 'x');
    expect(redactPersonal(once, 'x')).toEqual(once);
  });

  it('erases, in an instance that only names the subject, just the free text that does', () => {
    const payload = { input: { participantRef: 'DELT-1', note: 'Ersätter DELT-5519' }, reason: 'Timmar saknas', evidence: { fileName: 'DELT-5519.pdf' } };
    expect(redactPersonal(payload, 'p2', ['DELT-5519'])).toEqual({
      input: { participantRef: 'DELT-1', note: ERASED_TEXT },
      reason: 'Timmar saknas',
      evidence: { fileName: ERASED_TEXT },
    });
    // Someone else's reference stays even when it contains the text.
    expect(redactPersonal({ participantRef: 'DELT-55190' }, 'p2', ['DELT-5519'])).toEqual({ participantRef: 'DELT-55190' });
  });

  it('names every kind of personal value', () => {
    expect([...PERSONAL_KEYS].sort()).toEqual(['candidateRef', 'description', 'fileName', 'note', 'participantRef', 'reason', 'reference']);
  });
});

describe('names', () => {
  it('finds a reference as a word of its own, not inside a longer one', () => {
    expect(names('Ersätter DELT-5519.', 'DELT-5519')).toBe(true);
    expect(names('DELT-5519', 'DELT-5519')).toBe(true);
    expect(names('intyg_DELT-5519.pdf', 'DELT-5519')).toBe(true);
    expect(names('DELT-55190 och XDELT-5519', 'DELT-5519')).toBe(false);
    expect(names('DELT-55190, sedan DELT-5519', 'DELT-5519')).toBe(true);
    expect(names('Kontrollerad 2026', '20')).toBe(false);
    expect(names('Åsa', 'sa')).toBe(false);
    expect(names('anything', '')).toBe(false);
  });
});

describe('storedForms', () => {
  it('gives a text as it is and as JSON escapes it, once each', () => {
    expect(storedForms(['DELT-1', 'A "quoted" \\ ref', 'DELT-1', ''])).toEqual(['DELT-1', 'A "quoted" \\ ref', 'A \\"quoted\\" \\\\ ref']);
  });
});
