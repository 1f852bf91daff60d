/**
 * Walking the text of a JSON value without recursion: every string and every
 * object key, with its path built only when it is needed. Bodies nested
 * deeper than MAX_JSON_DEPTH are refused, so neither this walk nor anything
 * after it can be made to exhaust the stack or spin on a crafted body.
 */
import { KlausulError, validationError } from './errors.ts';

export const MAX_JSON_DEPTH = 64;

interface Frame {
  value: unknown;
  key: string | null;
  parent: Frame | null;
  depth: number;
}

const pathOf = (frame: Frame): string => {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) if (f.key !== null) keys.push(f.key);
  return keys.reverse().join('.') || '(body)';
};

/**
 * The path of the first string, object key or (with `numbers`) whole number
 * for which `found` is true, or null; `found` is told the key a string is the
 * value of (null for object keys, array elements and the value itself).
 * Refuses (422) a value nested deeper than MAX_JSON_DEPTH.
 */
export function findInJson(
  value: unknown,
  found: (text: string, key: string | null) => boolean,
  options: { numbers?: (n: number) => string | null } = {},
): string | null {
  const stack: Frame[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      if (found(v, frame.parent && !Array.isArray(frame.parent.value) ? frame.key : null)) return pathOf(frame);
    } else if (typeof v === 'number' && options.numbers) {
      const text = options.numbers(v);
      if (text !== null && found(text, null)) return pathOf(frame);
    } else if (v && typeof v === 'object') {
      if (frame.depth >= MAX_JSON_DEPTH) {
        throw validationError('The body is nested too deeply', [
          { path: pathOf(frame), message: `nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep` },
        ]);
      }
      const entries = Array.isArray(v) ? v.map((child, i) => [String(i), child] as const) : Object.entries(v);
      // Pushed in reverse, so the first field is looked at first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childFrame = { value: child, key, parent: frame, depth: frame.depth + 1 };
        if (!Array.isArray(v) && found(key, null)) return pathOf(childFrame);
        stack.push(childFrame);
      }
    }
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL cannot store as sent: a NUL character, or half of a UTF-16 surrogate pair. */
export const unstorable = (text: string): boolean => text.includes('\0') || LONE_SURROGATE.test(text);

/** The refusal of text that cannot be stored as sent, naming its field. */
export const unstorableTextError = (path: string): KlausulError =>
  new KlausulError('validation', `${path} contains a NUL character or an unpaired surrogate, which cannot be stored.`, {
    issues: [{ path, message: 'send text without NUL characters and with well-formed Unicode' }],
  });
