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
 * With `mentioning`, only free text that contains one of those texts is
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
      return [key, !REFERENCE_KEYS.has(key) && mentioning.some((text) => v.includes(text)) ? ERASED_TEXT : v];
    }),
  );
}

/** The forms a text takes in stored JSON (as it is, and JSON-escaped), for finding stored answers that hold it. */
export function storedForms(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((t) => [t, JSON.stringify(t).slice(1, -1)]).filter((t) => t.length > 0))];
}
