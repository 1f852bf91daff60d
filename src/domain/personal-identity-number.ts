/**
 * Guard against Swedish personal identity numbers (personnummer) and
 * coordination numbers (samordningsnummer, day + 60) anywhere in input.
 * Participants are vulnerable people: Klausul stores pseudonymous references
 * only, and what can identify a person must be erasable.
 */
import { KlausulError } from './errors.ts';
import { findInJson, unstorable, unstorableTextError } from './json-text.ts';

// YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, not inside a longer digit run;
// the separator may also be white space, or a dash or plus with white space around it ("811218 9876", "811218 - 9876").
const CANDIDATE = /(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})(\s*[-+]?\s*)(\d{4})(?!\d)/g;

// Characters that print as nothing: a number split by one of them reads as the number.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;
// Hyphens and dashes (en dash, em dash, minus sign, …) that people and word processors put between the parts.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;

/**
 * The text as a reader sees it: compatibility forms folded (full-width and
 * other styled digits to 0–9), invisible
 * characters dropped and every dash made a hyphen, so a number written with
 * any of them is found like one typed plainly.
 */
function asRead(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the ASCII test itself
  if (/^[\u0000-\u007F]*$/.test(text)) return text;
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-');
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let digit = Number(tenDigits[i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function plausibleDate(century: string | undefined, yy: string, mm: string, dd: string): boolean {
  const month = Number(mm);
  let day = Number(dd);
  if (day > 60) day -= 60; // samordningsnummer
  if (month < 1 || month > 12 || day < 1) return false;
  const year = century ? Number(century + yy) : 2000 + Number(yy);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Without a century, 29 February is plausible in either century.
  return day <= (century ? daysInMonth : Math.max(daysInMonth, month === 2 ? 29 : 0));
}

// A UUID (every id Klausul hands out) holds hex digit runs; about one in ten thousand holds ten digits that pass as a
// coordination number ('c1204732042d'), which would make that organisation or clause impossible to name in a request.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** True when the text contains something shaped like a valid personnummer (ids left out). */
export function containsPersonalIdentityNumber(text: string): boolean {
  for (const match of asRead(text).replace(UUID, ' ').matchAll(CANDIDATE)) {
    const [, century, yy = '', mm = '', dd = '', , serial = ''] = match;
    if (century && century !== '18' && century !== '19' && century !== '20') continue;
    if (plausibleDate(century, yy, mm, dd) && luhnValid(yy + mm + dd + serial)) return true;
  }
  return false;
}

/**
 * Walks any JSON-like value and returns the path of the first string, key or
 * 12-digit integer that contains a personal identity number, or null.
 */
const twelveDigits = (n: number): string | null => (Number.isInteger(n) && String(n).length === 12 ? String(n) : null);

export const findPersonalIdentityNumber = (value: unknown): string | null => findInJson(value, containsPersonalIdentityNumber, { numbers: twelveDigits });

const personalIdentityNumberError = (path: string) =>
  new KlausulError('personal_identity_number', `${path} contains a personal identity number. ${PERSONAL_IDENTITY_NUMBER_ADVICE}`, { path });

/** Refuses input (a name, a description) that contains a personal identity number, naming the first such field. */
export function refusePersonalIdentityNumbers(value: unknown): void {
  const path = findPersonalIdentityNumber(value);
  if (path) throw personalIdentityNumberError(path);
}

/**
 * Refuses a request body (JSON or a form) in one walk over its text: text
 * that cannot be stored as sent (a NUL character, an unpaired surrogate) or a
 * personal identity number, naming the first such field.
 */
export function refuseUnacceptableText(value: unknown): void {
  let cannotStore = false;
  const path = findInJson(
    value,
    (text) => {
      cannotStore = unstorable(text);
      return cannotStore || containsPersonalIdentityNumber(text);
    },
    { numbers: twelveDigits },
  );
  if (path) throw cannotStore ? unstorableTextError(path) : personalIdentityNumberError(path);
}

export const PERSONAL_IDENTITY_NUMBER_ADVICE =
  'Klausul never stores personal identity numbers. Send a pseudonymous participant reference ' +
  '(for example the matching body\'s case reference such as "AF-2026-0042") and the target-group ' +
  'attestation (issuer, reference, date) instead.';
