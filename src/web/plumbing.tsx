/**
 * What every page module shares: the page around a body, a form's request
 * as an engine command, and the engine's answer as a redirect or the page
 * again with the refused form. The web decides nothing itself.
 */
import { readForm } from './form-body.ts';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { KlausulError } from '../domain/errors.ts';
import type { RequestContext } from '../engine/apply.ts';
import { STATUS_BY_CODE } from '../http/errors.ts';
import type { Failed } from './components.tsx';
import { flatten, type Field, type FormBody } from './forms.tsx';
import { Page } from './layout.tsx';
import { wordRefusal } from './refusals.ts';
import type { WebEnv } from './session.ts';

export type WebContext = Context<WebEnv>;

/** How a page renders again after a refusal (or first, without one). */
export type Render = (failed?: Failed) => Promise<Response>;

export function page(c: WebContext, title: string, body: Child, options: { status?: number; notice?: string | undefined; problem?: string | undefined } = {}) {
  // Signed-in pages are the user's alone: no shared cache keeps them.
  c.header('cache-control', 'no-store');
  return c.html(
    <Page
      title={title}
      words={c.get('words')}
      actor={c.get('actor')}
      csrfToken={c.get('csrfToken')}
      path={c.req.path}
      notice={options.notice}
      problem={options.problem}
    >
      {body}
    </Page>,
    (options.status ?? 200) as 200,
  );
}

/** The options every page with forms passes to `page`: the refusal's status, "saved" after a redirect, and a refusal no form can show. */
export const pageOptions = (c: WebContext, failed: Failed | undefined) => ({
  status: failed?.status ?? 200,
  notice: importedNotice(c) ?? (c.req.query('done') ? c.get('words').t('saved') : undefined),
  problem: failed && failed.status !== 422 ? failed.message : undefined,
});

/** After a CSV import, how many placements it stored ("12 platser sparade."). */
function importedNotice(c: WebContext): string | undefined {
  const n = Number(c.req.query('imported'));
  if (!Number.isInteger(n) || n < 1) return undefined;
  const words = c.get('words');
  return words.t(n === 1 ? 'placementImported' : 'placementsImported').replace('{n}', words.number(n, 0));
}

export const ctxOf = (c: WebContext): RequestContext => ({ actor: c.get('actor')!, requestId: c.get('requestId'), language: c.get('words').lang });
/** The post's form as the session middleware read it (src/web/pages/login.tsx), or read now. */
export const formOf = async (c: WebContext): Promise<FormBody> => c.get('form') ?? readForm(c);

/** A refused action as the form it came from shows it: the values typed, errors next to fields and in a summary, in the page's language. */
export function failedFrom(
  c: WebContext,
  error: KlausulError,
  form: { id: string; fields: Field[]; values: Record<string, unknown>; prefix?: string | undefined },
): Failed {
  const { message, items, byField } = wordRefusal(c.get('words'), error, form);
  return { form: form.id, status: STATUS_BY_CODE[error.code], state: { values: flatten(form.values), errors: byField }, message, items };
}

/** Runs `run`; a refusal from the engine becomes the page again (`again`) with `refused(error)` as its failed form. */
export async function answer(run: () => Promise<Response>, refused: (error: KlausulError) => Failed, again: Render): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof KlausulError)) throw error;
    return again(refused(error));
  }
}

/**
 * Runs an action from a form: on success back to `done` (post/redirect/get);
 * refused, the page again with the form's errors, at the refusal's status.
 */
export function act(
  c: WebContext,
  options: {
    form: string;
    fields: Field[];
    values: Record<string, unknown>;
    prefix?: string;
    run: () => Promise<unknown>;
    done: string | ((result: unknown) => string);
    again: Render;
  },
): Promise<Response> {
  const { form, fields, values, prefix, done } = options;
  return answer(
    async () => {
      const result = await options.run();
      return c.redirect(typeof done === 'string' ? done : done(result), 303);
    },
    (error) => failedFrom(c, error, { id: form, fields, values, prefix }),
    options.again,
  );
}

/** A page that does not exist, or that this user may not see, in the user's language with a way back (never the API's JSON). */
export function deadEnd(c: WebContext, code: 'not_found' | 'forbidden'): Response | Promise<Response> {
  const words = c.get('words');
  const title = words.t(code === 'not_found' ? 'notFoundTitle' : 'forbiddenTitle');
  return page(
    c,
    title,
    <>
      <p>{words.t(code === 'not_found' ? 'notFoundPage' : 'forbiddenPage')}</p>
      <p>
        <a href="/app">{words.t('backToStart')}</a>
      </p>
    </>,
    { status: STATUS_BY_CODE[code] },
  );
}

/** A page that cannot be shown to this user says so in words, at the right status. */
export async function guarded(c: WebContext, render: () => Promise<Response>): Promise<Response> {
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof KlausulError) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
    return deadEnd(c, error.code);
  }
}
