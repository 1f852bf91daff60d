/**
 * Evidence files on placements and period reports: which files are taken and
 * under what name and media type they are stored. Pure rules; the engine
 * detects the type from the content and hashes the bytes.
 */
import { KlausulError, validationError } from './errors.ts';
import { containsPersonalIdentityNumber, PERSONAL_IDENTITY_NUMBER_ADVICE } from './personal-identity-number.ts';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const MAX_FILE_NAME_LENGTH = 200;

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Accepted media types and the file-name extension each is saved with. */
export const EVIDENCE_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/heic': 'heic',
  [CSV]: 'csv',
  [XLSX]: 'xlsx',
};

/** Other extensions a file of the type may already carry, kept as given. */
const OTHER_EXTENSIONS: Readonly<Record<string, readonly string[]>> = { 'image/jpeg': ['jpeg', 'jfif'], 'image/heic': ['heif'] };

const ACCEPTED = 'PDF, PNG, JPEG, WebP or HEIC images, CSV or XLSX';

export interface EvidenceFile {
  /** The name the client gave, possibly with a path. */
  fileName: string;
  sizeBytes: number;
  /** What the content is, read from its first bytes; null when it has no signature (plain text). */
  detectedType: string | null;
  /** The content as text when it has no NUL bytes (digits read the same in UTF-8 and Windows-1252), otherwise null. */
  text: string | null;
}

/**
 * Characters removed from a name: control characters, format characters
 * (bidi overrides and isolates such as U+202E, which make `exe.pdf` show as
 * `fdp.exe`, zero-width characters, soft hyphens) and line separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The last path segment without control, bidi or other invisible characters, and without dots or spaces at either end, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(INVISIBLE, '').replace(/^[.\s]+|[.\s]+$/g, '');
  return clean.slice(0, MAX_FILE_NAME_LENGTH);
}

/**
 * The name a file is stored and downloaded under: its extension follows the
 * type read from the content. A name that hides the right extension behind
 * another (`Tidrapport april.pdf.cmd`) loses the last one; any other name gets
 * the right one added (`scan.exe` becomes `scan.exe.pdf`).
 */
export function storedFileName(cleaned: string, mediaType: string): string {
  const extension = EVIDENCE_MEDIA_TYPES[mediaType]!;
  const fitting = [extension, ...(OTHER_EXTENSIONS[mediaType] ?? [])];
  const endsFitting = (name: string) => fitting.some((ext) => name.toLowerCase().endsWith(`.${ext}`) && name.length > ext.length + 1);
  if (endsFitting(cleaned)) return cleaned;
  const withoutLast = cleaned.replace(/\.[^.]*$/, '').replace(/[.\s]+$/, '');
  if (withoutLast !== cleaned && endsFitting(withoutLast)) return withoutLast;
  const stem = cleaned.slice(0, MAX_FILE_NAME_LENGTH - extension.length - 1).replace(/[.\s]+$/, '');
  return `${stem || 'evidence'}.${extension}`;
}

/**
 * Decides the stored media type of an upload, or refuses it: empty or too
 * large, a type that is not evidence, a personal identity number in the name
 * or in a CSV's text. The type comes from the content, never from the client's
 * word, so a renamed executable is not served as a PDF.
 */
export function acceptEvidence(file: EvidenceFile): { fileName: string; mediaType: string } {
  if (containsPersonalIdentityNumber(file.fileName)) {
    throw new KlausulError(
      'personal_identity_number',
      `The file name contains a personal identity number. Rename the file. ${PERSONAL_IDENTITY_NUMBER_ADVICE}`,
      {
        path: 'file.name',
      },
    );
  }
  if (file.sizeBytes === 0)
    throw validationError('The file is empty', [{ path: 'file', message: `send the evidence file itself (${ACCEPTED}, at most 10 MB)` }]);
  if (file.sizeBytes > MAX_EVIDENCE_BYTES) {
    throw new KlausulError(
      'payload_too_large',
      `Evidence files are limited to ${MAX_EVIDENCE_BYTES} bytes (10 MB); this one has ${file.sizeBytes}. Split it or send a smaller scan.`,
    );
  }
  const fileName = cleanFileName(file.fileName);
  const mediaType = file.detectedType ?? (file.text !== null && /\.csv$/i.test(fileName) ? CSV : null);
  if (!mediaType || !(mediaType in EVIDENCE_MEDIA_TYPES)) {
    const what = file.detectedType ? `a file of type ${file.detectedType}` : 'a file whose type cannot be recognised';
    throw new KlausulError('unsupported_media_type', `This is ${what}. Evidence is accepted as ${ACCEPTED} (a CSV as text named *.csv).`, {
      accepted: Object.keys(EVIDENCE_MEDIA_TYPES),
    });
  }
  if (mediaType === CSV && containsPersonalIdentityNumber(file.text ?? '')) {
    throw new KlausulError(
      'personal_identity_number',
      `The CSV file contains a personal identity number. Remove that column before uploading. ${PERSONAL_IDENTITY_NUMBER_ADVICE}`,
      {
        path: 'file',
      },
    );
  }
  return { fileName: storedFileName(fileName, mediaType), mediaType };
}
