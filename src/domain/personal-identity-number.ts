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

// Characters that print as nothing (zero-width, soft hyphen, bidi controls such as U+202E, other format characters):
// a number split by one of them reads as the number.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
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

/** The fields that name a person by a pseudonymous reference: compared, looked up and erased as typed. */
const REFERENCE_KEYS: ReadonlySet<string> = new Set(['participantRef', 'candidateRef']);
// What a reference may not hold: control, format (zero-width, bidi) and other invisible characters, which would make
// two references that read alike different ones (a duplicate let through, an erasure by reference that misses one).
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

const hiddenCharacterError = (path: string) =>
  new KlausulError('validation', `${path} contains an invisible, control or direction-changing character.`, {
    issues: [{ path, message: 'type the reference as plain text, without invisible or direction-changing characters' }],
  });

/**
 * Refuses a request body (JSON or a form) in one walk over its text: text
 * that cannot be stored as sent (a NUL character, an unpaired surrogate), a
 * reference holding invisible characters, or a personal identity number,
 * naming the first such field. `storable` holds texts already found neither
 * unstorable nor holding a number, which are not judged again: an import
 * passes one set for all its rows, whose columns repeat.
 */
export function refuseUnacceptableText(value: unknown, storable: Set<string> = new Set()): void {
  let refusal: ((path: string) => KlausulError) | undefined;
  const path = findInJson(
    value,
    (text, key) => {
      if (!storable.has(text)) {
        if (unstorable(text)) refusal = unstorableTextError;
        else if (containsPersonalIdentityNumber(text)) refusal = personalIdentityNumberError;
        else storable.add(text);
      }
      if (!refusal && key !== null && REFERENCE_KEYS.has(key) && HIDDEN.test(text)) refusal = hiddenCharacterError;
      return refusal !== undefined;
    },
    { numbers: twelveDigits },
  );
  if (path && refusal) throw refusal(path);
}

export const PERSONAL_IDENTITY_NUMBER_ADVICE =
  'Klausul never stores personal identity numbers. Send a pseudonymous participant reference ' +
  '(for example the matching body\'s case reference such as "AF-2026-0042") and the target-group ' +
  'attestation (issuer, reference, date) instead.';
