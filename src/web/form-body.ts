/**
 * A posted form as the engine may be handed it: refused when its text is not
 * UTF-8. A browser encodes forms as UTF-8 (the pages say so); anything else
 * would reach the engine with its bad bytes silently replaced by U+FFFD, and
 * be stored as something the user never wrote. The API refuses such bodies
 * too (src/http/middleware.ts).
 */
import type { Context } from 'hono';
import { KlausulError } from '../domain/errors.ts';
import type { FormBody } from './forms.tsx';

const notUtf8 = () =>
  new KlausulError('validation', 'The form is not valid UTF-8.', { issues: [{ path: '(form)', message: 'send the form from the page, encoded as UTF-8' }] });

/** Whether every name and value of a URL-encoded body decodes as UTF-8. */
function urlEncodedIsUtf8(text: string): boolean {
  try {
    for (const pair of text.split('&')) for (const part of pair.split('=')) decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * The form's fields, every value at most once read. URL-encoded bodies are
 * checked byte for byte; in a multipart body the decoder has already replaced
 * bad bytes, so a text field holding U+FFFD is refused (a user does not type
 * the replacement character). Files are left to their own checks.
 */
export async function readForm(c: Context): Promise<FormBody> {
  if (/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '') && !urlEncodedIsUtf8(await c.req.text())) throw notUtf8();
  const form = (await c.req.parseBody({ all: true })) as FormBody;
  const texts = Object.values(form)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((v) => typeof v === 'string');
  if (texts.some((text) => text.includes('\uFFFD'))) throw notUtf8();
  return form;
}
