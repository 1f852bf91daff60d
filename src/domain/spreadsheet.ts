/**
 * Spreadsheets as Swedish offices save and open them (issue 19, item 10):
 * Excel in a Swedish locale writes "CSV UTF-8" with a byte-order mark,
 * semicolons between cells and decimal commas, and reads files the same way.
 */

/** The cell separators a CSV file may use: comma, semicolon (Excel in a Swedish locale) or tab. */
export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * The separator a CSV file uses, judged from its first line (the header):
 * the one that occurs most often outside quotes; a comma when none does.
 */
export function csvDelimiter(text: string): CsvDelimiter {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  return DELIMITERS.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best), ',');
}

/**
 * A number as Excel in a Swedish locale reads it: a decimal comma, no
 * thousands separator (a space would make it text), no exponent.
 */
export function decimalComma(value: number): string {
  if (!Number.isFinite(value)) return '';
  const fixed = Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/\.?0+$/, '');
  return fixed.replace('.', ',');
}

/** How a Swedish CSV is written: semicolons, Windows line ends, and a byte-order mark so Excel reads it as UTF-8. */
export const SWEDISH_CSV = { delimiter: ';', recordDelimiter: '\r\n', bom: '\ufeff' } as const;
