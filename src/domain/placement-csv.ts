/**
 * The placements CSV: one placement per row under a header row, decoded into
 * the same objects the JSON endpoint takes. Column names are the JSON field
 * names, with the attestation flattened (attestationIssuer, …). Separated by
 * commas, or by semicolons as Excel saves it in a Swedish locale (with a
 * byte-order mark and decimal commas).
 */
import { parse } from 'csv-parse/sync';
import { KlausulError, validationError } from './errors.ts';
import { containsPersonalIdentityNumber, PERSONAL_IDENTITY_NUMBER_ADVICE } from './personal-identity-number.ts';
import { csvDelimiter } from './spreadsheet.ts';

export const PLACEMENT_CSV_COLUMNS = [
  'participantRef',
  'targetGroup',
  'attestationIssuer',
  'attestationReference',
  'attestationDate',
  'role',
  'site',
  'startDate',
  'plannedEndDate',
  'fte',
  'hoursPerWeek',
] as const;
const OPTIONAL = new Set(['site']);
const NUMERIC = new Set(['fte', 'hoursPerWeek']);
const REQUIRED = PLACEMENT_CSV_COLUMNS.filter((column) => !OPTIONAL.has(column));

/** A number as written in Swedish or English spreadsheets: "0,5" and "0.5" alike; anything else is left for validation to refuse. */
const toNumber = (cell: string): number | string => (/^-?\d+([.,]\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : cell);

/** The most rows one import file may hold (README.md, Delivery); a larger file is refused whole, as payload_too_large. */
export const MAX_IMPORT_ROWS = 50_000;

/** CSV column for a JSON path, so errors name what the user sees in the spreadsheet. */
export function csvColumnOf(path: string): string {
  const [head, sub] = path.split('.');
  return head === 'attestation' && sub ? `attestation${sub[0]!.toUpperCase()}${sub.slice(1)}` : (head ?? path);
}

/** The placements of a file, and the line of the file each starts on (the header is line 1). */
export interface DecodedPlacements {
  rows: object[];
  lines: number[];
}

/** The line a record starts on: where it ends, less the line breaks inside its quoted cells. */
const startLine = (record: string[], endLine: number) => endLine - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);

export function decodePlacementCsv(text: string): DecodedPlacements {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
      delimiter: csvDelimiter(text),
      info: true,
      // Parsing stops one row past the limit: a larger file is refused without reading it all.
      to: MAX_IMPORT_ROWS + 2,
    }) as unknown as typeof records;
  } catch (error) {
    throw validationError('The CSV cannot be read', [
      { path: '(file)', message: `${(error as Error).message}; send values separated by commas or semicolons, with a header row` },
    ]);
  }
  const [header, ...rows] = records.map((r) => r.record);
  const lines = records.slice(1).map((r) => startLine(r.record, r.info.lines));
  if (rows.length > MAX_IMPORT_ROWS) {
    const limit = MAX_IMPORT_ROWS.toLocaleString('en');
    throw new KlausulError(
      'payload_too_large',
      `The CSV has more than ${limit} rows below its header; an import takes at most ${limit} rows per file. Split the file and import the parts one by one.`,
      { maxRows: MAX_IMPORT_ROWS },
    );
  }
  if (!header)
    throw validationError('The CSV is empty', [
      { path: '(file)', message: `send a header row (${PLACEMENT_CSV_COLUMNS.join(',')}) and one row per placement` },
    ]);
  const missing = REQUIRED.filter((column) => !header.includes(column));
  const unknown = header.filter((column) => !(PLACEMENT_CSV_COLUMNS as readonly string[]).includes(column));
  if (missing.length > 0 || unknown.length > 0) {
    throw validationError('The CSV header does not match', [
      ...missing.map((column) => ({ path: column, message: 'this column is missing from the header row' })),
      ...unknown.map((column) => ({ path: column, message: `unknown column; the columns are ${PLACEMENT_CSV_COLUMNS.join(', ')}` })),
    ]);
  }
  // Most cells repeat down a column (target group, issuer, role, dates): each distinct text is judged once.
  const judged = new Map<string, boolean>();
  const holdsNumber = (value: string) => {
    let found = judged.get(value);
    if (found === undefined) {
      found = containsPersonalIdentityNumber(value);
      judged.set(value, found);
    }
    return found;
  };
  const placements = rows.map((cells, index) => {
    const cell: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = cells[i] ?? '';
      if (holdsNumber(value)) {
        throw new KlausulError(
          'personal_identity_number',
          `Row ${index + 1} (line ${lines[index]} of the file), column ${column} contains a personal identity number. ${PERSONAL_IDENTITY_NUMBER_ADVICE}`,
          { path: column, row: index + 1, line: lines[index] },
        );
      }
      cell[column] = value;
    });
    const value = (column: string) => (NUMERIC.has(column) ? toNumber(cell[column]!) : cell[column]);
    return {
      participantRef: value('participantRef'),
      targetGroup: value('targetGroup'),
      attestation: { issuer: value('attestationIssuer'), reference: value('attestationReference'), date: value('attestationDate') },
      role: value('role'),
      ...(cell.site ? { site: cell.site } : {}),
      startDate: value('startDate'),
      plannedEndDate: value('plannedEndDate'),
      fte: value('fte'),
      hoursPerWeek: value('hoursPerWeek'),
    };
  });
  return { rows: placements, lines };
}
