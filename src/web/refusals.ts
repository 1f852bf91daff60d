/**
 * A refusal from the engine in the page's language: a sentence for its error
 * code, and for each validation issue a sentence from zod's code and limit
 * and the field's label. The engine's English never reaches the page: issues
 * only it can explain (zod's `custom`, or issues without a code) are matched
 * to sentences in src/web/i18n.ts (engineSentence).
 */
import type { ErrorCode, KlausulError, ValidationIssue } from '../domain/errors.ts';
import { fieldId, fieldOf, flatten, type Field } from './forms.tsx';
import { engineSentence, fieldLabel, labelOf, type WordKey, type Words } from './i18n.ts';

/** One line of a form's error summary; `target` is the id of the input it links to. */
export interface RefusalItem {
  text: string;
  target?: string;
}

/** A refused form as the page shows it: a sentence on top, the summary's lines, and each field's error. */
export interface WordedRefusal {
  message: string;
  items: RefusalItem[];
  byField: Record<string, string>;
}

const HEADLINE: Record<ErrorCode, WordKey> = {
  validation: 'errorsAbove',
  personal_identity_number: 'refusedPersonalIdentityNumber',
  invalid_transition: 'refusedInvalidTransition',
  version_conflict: 'refusedVersionConflict',
  conflict: 'refusedConflict',
  forbidden: 'forbiddenRole',
  not_found: 'notFound',
  payload_too_large: 'refusedPayloadTooLarge',
  too_many_requests: 'refusedTooManySignIns',
  unsupported_media_type: 'refusedMediaType',
  idempotency_key_reused: 'refusedIdempotencyKey',
  malformed_json: 'refusedMalformed',
  unauthorized: 'refusedUnauthorized',
  trained_supervisor_required: 'supervisorRuleRefused',
};

/** The sentence that says why the engine refused, in the page's language. */
export const refusalMessage = (words: Words, code: ErrorCode): string => words.t(HEADLINE[code]);

const fill = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/** What the limit applies to: the typed value when known, else the kind of field. */
function measureOf(value: unknown, field: Field | undefined): 'number' | 'items' | 'chars' {
  if (typeof value === 'number' || (value === undefined && field?.kind === 'number')) return 'number';
  if (Array.isArray(value) || (value === undefined && (field?.kind === 'lines' || field?.kind === 'checkboxes'))) return 'items';
  return 'chars';
}

// zod says whether a number's limit is inclusive only in its message (">=" against ">"); the issue keeps no `inclusive`.
const exclusive = (issue: ValidationIssue) => /[<>](?!=)/.test(issue.message);

/**
 * One validation issue in the page's language. `typed` holds what the user
 * sent for the field, when the page knows it (a CSV row's cells it does not).
 */
export function wordIssue(words: Words, issue: ValidationIssue, field: Field | undefined, typed?: { value: unknown }): string {
  const value = typed?.value;
  const label = field ? labelOf(words.lang, field) : fieldLabel(words.lang, issue.path);
  const say = (key: WordKey, n?: number) => fill(words.t(key), { label, n: n === undefined ? '' : words.number(n, 6) });
  const missing = typed !== undefined && (value === undefined || value === '' || (Array.isArray(value) && value.length === 0));
  const chosen = field?.kind === 'select' || field?.kind === 'checkboxes';
  // Whatever zod found wrong with an empty field, the user left it empty.
  const said = issue.code !== undefined && issue.code !== 'custom' && issue.code !== 'personal_identity_number';
  if (said && missing && field) return say(chosen ? 'issueChoose' : 'issueRequired');
  switch (issue.code) {
    case 'personal_identity_number':
      return words.t(issue.path === 'file' || issue.path.startsWith('file.') ? 'personalIdentityNumberInFile' : 'personalIdentityNumberAdvice');
    case 'invalid_type':
      if (issue.expected === 'file') return words.t('issueChooseFile');
      if (issue.expected === 'int') return say('issueInteger');
      if (issue.expected === 'number') return say('issueNumber');
      if (issue.expected === 'boolean') return say('issueYesNo');
      return missing ? say('issueRequired') : say('issueInvalid');
    case 'too_small': {
      const measure = measureOf(value, field);
      const n = issue.minimum ?? 0;
      if (measure === 'number') return say(exclusive(issue) ? 'issueNumberAbove' : 'issueNumberAtLeast', n);
      if (n <= 1 && missing) return say('issueRequired');
      return say(measure === 'items' ? 'issueMinItems' : 'issueMinChars', n);
    }
    case 'too_big': {
      const measure = measureOf(value, field);
      const n = issue.maximum ?? 0;
      if (measure === 'number') return say(exclusive(issue) ? 'issueNumberBelow' : 'issueNumberAtMost', n);
      return say(measure === 'items' ? 'issueMaxItems' : 'issueMaxChars', n);
    }
    case 'invalid_format':
      return say(field?.kind === 'date' ? 'issueDate' : 'issueFormat');
    case 'invalid_value':
      // A list the page shows needs no repeating, unless only some of its options would do (a clause's target groups).
      return issue.values && (!chosen || issue.values.length < (field?.options?.length ?? 0))
        ? fill(words.t('issueOneOf'), {
            values: issue.values.map((value) => words.option(issue.path, { value: String(value), label: String(value) })).join(', '),
          })
        : say('issueOption');
    case 'unrecognized_keys':
      return say('issueUnknownField');
    default:
      // `custom` and code-less issues carry a sentence only the engine can judge: said again in the page's language.
      return engineSentence(words, issue.message);
  }
}

/** The summary line for a field: its label first, unless the sentence already names it. */
const summaryLine = (label: string, text: string) => (text.includes(label) ? text : `${label}: ${text}`);

/** The issues a refusal carries: a personal identity number is an issue of the field it was found in. */
function issuesOf(error: KlausulError): ValidationIssue[] {
  if (error.code === 'personal_identity_number') {
    return [{ path: String(error.details.path ?? ''), message: error.message, code: 'personal_identity_number' }];
  }
  return (error.details.issues as ValidationIssue[] | undefined) ?? [];
}

/**
 * A refused form's errors in the page's language: next to each field the
 * first issue about it, and in the summary every issue, linked to its input.
 */
export function wordRefusal(
  words: Words,
  error: KlausulError,
  form: { id: string; fields: Field[]; values: Record<string, unknown>; prefix?: string },
): WordedRefusal {
  const typed = flatten(form.values);
  const byField: Record<string, string> = {};
  const items: RefusalItem[] = [];
  for (const issue of issuesOf(error)) {
    const field = fieldOf(form.fields, issue.path, form.prefix);
    const text = wordIssue(words, issue, field, field ? { value: typed[field.name] } : undefined);
    if (field) {
      byField[field.name] ??= text;
      items.push({ text: summaryLine(labelOf(words.lang, field), text), target: fieldId(form.id, field) });
    } else if (issue.path && issue.path !== '(body)') {
      items.push({ text: summaryLine(fieldLabel(words.lang, issue.path), text) });
    } else items.push({ text });
  }
  return { message: refusalMessage(words, error.code), items, byField };
}

/** A CSV column's name for an issue's path ("attestation.issuer" is the column attestationIssuer). */
const columnOf = (path: string) => path.replace(/\.(\w)/g, (_, first: string) => first.toUpperCase());

/** A refused CSV import: each issue with its row and column, in the page's language. */
export function wordCsvRefusal(words: Words, error: KlausulError, rowFields: Field[]): Omit<WordedRefusal, 'byField'> {
  if (typeof error.details.maxRows === 'number') {
    return { message: refusalMessage(words, error.code), items: [{ text: fill(words.t('csvTooManyRows'), { n: words.number(error.details.maxRows) }) }] };
  }
  // A file's rows are named by the line they are on in the file, as the spreadsheet numbers them.
  const issues = issuesOf(error).map((issue) => {
    const { row, line, ...rest } = issue as ValidationIssue & { row?: unknown; line?: unknown };
    return { ...rest, row: line ?? row ?? error.details.line ?? error.details.row } as ValidationIssue & { row?: unknown };
  });
  const items = issues.map((issue) => {
    const text = wordIssue(words, issue, fieldOf(rowFields, issue.path));
    if (typeof issue.row === 'number' && issue.path) return { text: fill(words.t('csvRow'), { row: String(issue.row), column: columnOf(issue.path), text }) };
    if (issue.path && issue.path !== '(file)' && issue.path !== 'file') return { text: fill(words.t('csvColumn'), { column: issue.path, text }) };
    return { text: fill(words.t('csvFileProblem'), { text }) };
  });
  return { message: refusalMessage(words, error.code), items };
}
