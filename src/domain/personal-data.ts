/**
 * Personal data in what the history records (issue 20, item 2): the values of
 * these keys, wherever they occur in an event's payload, are kept out of the
 * history's hashed content (migration 0016 lists the same keys) and are what
 * an erasure replaces. References name a participant or candidate; the rest
 * is text that can describe one.
 */
export const PERSONAL_KEYS = ['participantRef', 'candidateRef', 'reference', 'note', 'reason', 'description', 'fileName'] as const;

const REFERENCE_KEYS: ReadonlySet<string> = new Set(['participantRef', 'candidateRef']);
const PERSONAL: ReadonlySet<string> = new Set(PERSONAL_KEYS);

/** What an erased text reads. */
export const ERASED_TEXT = '[erased]';

/** What an erased participant or candidate reference of an instance reads: unique per instance, as the tables' unique keys need. */
export const erasedReference = (instanceId: string): string => `erased-${instanceId}`;

/**
 * A copy of `value` in which every string under a personal key is erased:
 * references become `erasedReference(instanceId)`, other text ERASED_TEXT.
 * With `mentioning`, only free text that names one of those references is
 * erased, and references stay (an instance of someone else that names the
 * subject). Everything else, and values that are not strings, stay.
 */
export function redactPersonal(value: unknown, instanceId: string, mentioning?: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, instanceId, mentioning));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (!PERSONAL.has(key) || typeof v !== 'string') return [key, redactPersonal(v, instanceId, mentioning)];
      if (!mentioning) return [key, REFERENCE_KEYS.has(key) ? erasedReference(instanceId) : ERASED_TEXT];
      return [key, !REFERENCE_KEYS.has(key) && mentioning.some((text) => names(v, text)) ? ERASED_TEXT : v];
    }),
  );
}

/**
 * Whether `text` names `reference` as a word of its own: not inside a longer
 * reference or number ("DELT-55190" does not name "DELT-5519", nor "2026" "20"),
 * so that a short reference does not take every text with its letters.
 */
export function names(text: string, reference: string): boolean {
  if (reference.length === 0) return false;
  const word = /[\p{L}\p{N}]/u;
  for (let at = text.indexOf(reference); at !== -1; at = text.indexOf(reference, at + 1)) {
    const before = text[at - 1];
    const after = text[at + reference.length];
    if ((before === undefined || !word.test(before)) && (after === undefined || !word.test(after))) return true;
  }
  return false;
}

/** The forms a text takes in stored JSON (as it is, and JSON-escaped), for finding stored answers that hold it. */
export function storedForms(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((t) => [t, JSON.stringify(t).slice(1, -1)]).filter((t) => t.length > 0))];
}
