/**
 * Spreadsheets as Swedish offices use them (issue 19, item 10): the CSV
 * dialect of a file is read from its header line, rows are numbered by the
 * file's lines, and the Swedish export writes numbers and codes as Excel in a
 * Swedish locale and a Swedish reader expect them.
 */
import { describe, expect, it } from 'vitest';
import { KlausulError } from '../../src/domain/errors.ts';
import { decodePlacementCsv, PLACEMENT_CSV_COLUMNS } from '../../src/domain/placement-csv.ts';
import { csvDelimiter, decimalComma } from '../../src/domain/spreadsheet.ts';
import { CLAUSE_COLUMNS_SV, csvCell, PLACEMENT_COLUMNS_SV } from '../../src/http/exports-sv.ts';

const HEADER = PLACEMENT_CSV_COLUMNS;
const row = (ref: string, fte: string, site = 'Lugnvik') => [
  ref,
  'newcomers',
  'Arbetsförmedlingen',
  `AF-${ref}`,
  '2026-02-20',
  'målare',
  site,
  '2026-03-02',
  '2026-06-30',
  fte,
  '20',
];

describe('the CSV dialect', () => {
  it('is read from the header line: semicolons, commas or tabs, a byte-order mark and quoted separators aside', () => {
    expect(csvDelimiter('a;b;c\n1,5;2;3')).toBe(';');
    expect(csvDelimiter('\ufeffa;b;c\r\n1;2;3')).toBe(';');
    expect(csvDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(csvDelimiter('"a;b",c')).toBe(',');
    expect(csvDelimiter('a\tb\tc')).toBe('\t');
    expect(csvDelimiter('')).toBe(',');
    expect(csvDelimiter('participantRef')).toBe(',');
  });

  it('decodes a file as Excel saves "CSV UTF-8" in a Swedish locale: byte-order mark, semicolons, decimal commas, Windows line ends', () => {
    const text = `\ufeff${HEADER.join(';')}\r\n${row('SV-1', '0,5').join(';')}\r\n${row('SV-2', '1').join(';')}\r\n`;
    const { rows, lines } = decodePlacementCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ participantRef: 'SV-1', fte: 0.5, hoursPerWeek: 20, attestation: { issuer: 'Arbetsförmedlingen' } });
    expect(rows[1]).toMatchObject({ participantRef: 'SV-2', fte: 1 });
    expect(lines).toEqual([2, 3]);
  });

  it("numbers rows by the file's lines: the header is line 1, blank lines and line breaks inside quoted cells count", () => {
    const text = [HEADER.join(','), row('L-1', '1').join(','), '', row('L-2', '1', '"Etapp 1\nhus B"').join(','), row('L-3', '"0,5"').join(',')].join('\n');
    const { rows, lines } = decodePlacementCsv(text);
    expect(rows.map((r) => (r as { participantRef: string }).participantRef)).toEqual(['L-1', 'L-2', 'L-3']);
    expect(lines).toEqual([2, 4, 6]);
  });

  it('names the line of a personal identity number beside its row', () => {
    const text = `${HEADER.join(';')}\n\n${row('P-1', '1', '19811218-9876').join(';')}\n`;
    try {
      decodePlacementCsv(text);
      expect.unreachable('a personal identity number is refused');
    } catch (error) {
      expect(error).toBeInstanceOf(KlausulError);
      expect((error as KlausulError).details).toMatchObject({ row: 1, line: 3, path: 'site' });
    }
  });
});

describe('the Swedish export', () => {
  it('writes numbers with a decimal comma and no thousands separator', () => {
    expect(decimalComma(0.5)).toBe('0,5');
    expect(decimalComma(20)).toBe('20');
    expect(decimalComma(1234567.25)).toBe('1234567,25');
    expect(decimalComma(0.1 + 0.2)).toBe('0,3');
    expect(decimalComma(-1.5)).toBe('-1,5');
    expect(decimalComma(Number.NaN)).toBe('');
  });

  // A row as the Swedish CSV file writes it (the workbook keeps the same cells as numbers and dates).
  const cells = (columns: typeof CLAUSE_COLUMNS_SV, values: Record<string, unknown>) =>
    Object.fromEntries(columns.map((c) => [c.header, csvCell(c.cell(values))]));

  it('names a clause by its tender reference, and its state, unit and projection in Swedish words', () => {
    const clause = cells(CLAUSE_COLUMNS_SV, {
      clauseId: '0b6f5a0e-uuid',
      tenderId: 'a1b2-uuid',
      tenderReference: 'BF-2026-014',
      tenderTitle: 'Renovering Lugnvik',
      kind: 'placements',
      state: 'delivery',
      supplierName: 'Jämtbygg AB',
      contractStart: '2026-03-01',
      contractEnd: '2027-02-28',
      unit: 'placements',
      target: 3,
      delivered: 1.5,
      pct: 50,
      overdue: 0,
      projection: 'atRisk',
      exposureSek: 75000,
    });
    expect(clause).toMatchObject({
      Diarienummer: 'BF-2026-014',
      Upphandling: 'Renovering Lugnvik',
      Klausul: 'Praktikplatser för personer långt från arbetsmarknaden',
      Läge: 'Leverans',
      Enhet: 'praktikplatser',
      Levererat: '1,5',
      'Andel av målet (%)': '50',
      Prognos: 'I riskzonen',
      'Vitesrisk (kr)': '75000',
    });
    expect(Object.values(clause).join(' ')).not.toMatch(/uuid|delivery|atRisk/);
  });

  it('words a placement: target group, ending, outcome and state, fte with a decimal comma', () => {
    const placement = cells(PLACEMENT_COLUMNS_SV, {
      tenderReference: 'BF-2026-014',
      participantRef: 'JB-1',
      targetGroup: 'newcomers',
      endedAs: 'endedEarly',
      endReasonCode: 'employeeResigned',
      outcome: 'furtherPlacement',
      fte: 0.5,
      hoursPerWeek: 20,
      state: 'verified',
      endDate: null,
    });
    expect(placement).toMatchObject({
      Målgrupp: 'Nyanlända som deltar i etableringsprogrammet',
      'Avslutad som': 'Avslutad i förtid',
      Skäl: 'Den anställde sade själv upp sig',
      Utfall: 'Ny praktikplats',
      'Andel av heltid': '0,5',
      Läge: 'Kontrollerad, räknas',
      Slutdatum: '',
    });
  });
});
