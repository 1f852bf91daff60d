/**
 * The web application (issue 8), served by the same Hono app under /app:
 * server-rendered pages for officers, contractors, matching bodies and
 * auditors. Every action goes through the same engine functions as the API,
 * so the same roles, guards, versions and history apply; a refused form comes
 * back with its errors next to the fields.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Child } from 'hono/jsx';
import { findWorkflow, latestWorkflow } from '../../workflows/index.ts';
import { latestTemplates, findTemplate } from '../../templates/index.ts';
import { KlausulError } from '../domain/errors.ts';
import { MAX_EVIDENCE_BYTES } from '../domain/evidence.ts';
import type { Actor } from '../domain/roles.ts';
import { reviewQueue } from '../db/items.ts';
import { listOrganisations, userNames } from '../db/organisations.ts';
import { getClause, getClauseHistory, listClauses, loadVisibleClause, sendClauseEvent, createClause, type RequestContext } from '../engine/clauses.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { draftFromTemplate, previewDraft, requireLanguage, templateOrNotFound } from '../engine/drafting.ts';
import { addEvidence } from '../engine/evidence.ts';
import { getItem, listItems, registerPlacements, sendItemEvent, submitReport } from '../engine/items.ts';
import {
  addCandidate,
  candidateInput,
  getOpening,
  getProposal,
  listClauseOpenings,
  listMyOpenings,
  listOpeningProposals,
  listPool,
  proposeCandidate,
  publishOpening,
  sendOpeningEvent,
  sendProposalEvent,
  suggestCandidates,
} from '../engine/matching.ts';
import { getPortfolio } from '../engine/portfolio.ts';
import { createTender, getTender, listTenders } from '../engine/tenders.ts';
import { STATUS_BY_CODE } from '../http/errors.ts';
import { importPlacements } from '../engine/placement-import.ts';
import { proposalInput } from '../../workflows/proposal.ts';
import { ClausePage, CLAUSE_FORMS, type ClausePageData } from './clause-page.tsx';
import { ActionForm, Badge, EventForms, jsonSchemaOf, type Failed } from './components.tsx';
import { errorsByField, fieldsFromSchema, flatten, unflatten, valuesFromForm, type Field, type FormBody } from './forms.tsx';
import type { Words } from './i18n.ts';
import { Page, SCRIPT, STYLE } from './layout.tsx';
import { sameToken, webSession, type WebEnv } from './session.ts';
import { readForm } from './form-body.ts';

type WebContext = Context<WebEnv>;

const tenderFields: Field[] = [
  { name: 'reference', kind: 'text', required: true },
  { name: 'title', kind: 'text', required: true },
  { name: 'estimatedValueSek', kind: 'number', required: false, integer: true },
];
const candidateFields = fieldsFromSchema(jsonSchemaOf(candidateInput));
const proposalFields = fieldsFromSchema(jsonSchemaOf(proposalInput));

/** A refused action as the form it came from shows it: errors next to fields, the rest as a message. */
function failedFrom(error: KlausulError, form: string, fields: Field[], values: Record<string, unknown>, prefix = ''): Failed {
  const status = STATUS_BY_CODE[error.code];
  const issues = (error.details.issues as Array<{ path: string; message: string }> | undefined) ?? [];
  const pinPath = error.code === 'personal_identity_number' ? String(error.details.path ?? '') : '';
  const { byField, other } = errorsByField(fields, pinPath ? [{ path: pinPath, message: error.message }] : issues, prefix);
  const message = Object.keys(byField).length > 0 && other.length === 0 ? '' : [error.message, ...other].join(' ');
  return { form, status, state: { values: flatten(values, ''), errors: byField }, message };
}

export function webRoutes(deps: EngineDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const session = webSession(deps);

  app.get('/assets/style.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));
  app.get('/assets/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }));

  app.use(session.read);
  // Forms are small; an evidence file or a CSV import is the largest thing posted.
  app.use(bodyLimit({ maxSize: Math.max(MAX_EVIDENCE_BYTES, 20 * 1024 * 1024) + 64 * 1024, onError: (c) => c.text('Too large', 413) }));

  const page = (c: WebContext, title: string, body: Child, options: { status?: number; notice?: string | undefined; problem?: string | undefined } = {}) => {
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
  };

  // ── Sign-in ─────────────────────────────────────────────────────────────
  const loginPage = (c: WebContext, problem?: string, status = 200) => {
    const words = c.get('words');
    return page(
      c,
      words.t('signIn'),
      <form method="post" action="/app/login" class="card">
        <input type="hidden" name="_csrf" value={session.loginCsrf(c)} />
        <div class={`field${problem ? ' invalid' : ''}`}>
          <label for="apiKey">{words.t('apiKey')}</label>
          <input
            type="password"
            id="apiKey"
            name="apiKey"
            autocomplete="current-password"
            required
            aria-describedby="apiKey-help"
            aria-invalid={problem ? 'true' : undefined}
          />
          <small id="apiKey-help" class="help">
            {words.t('apiKeyHelp')}
          </small>
          {problem ? (
            <strong class="field-error" role="alert">
              {problem}
            </strong>
          ) : null}
        </div>
        <button type="submit">{words.t('signIn')}</button>
      </form>,
      { status },
    );
  };
  app.get('/login', (c) => (c.get('actor') ? c.redirect('/app', 303) : loginPage(c)));
  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const result = await session.signIn(c, String(body.apiKey ?? ''), String(body._csrf ?? ''));
    if (result === 'ok') return c.redirect('/app', 303);
    return loginPage(c, result === 'badKey' ? c.get('words').t('badKey') : 'The form expired; sign in again.', result === 'badKey' ? 401 : 403);
  });

  /** A form that cannot be read is refused before anything else looks at it. */
  const readFormOrRefuse = async (c: WebContext): Promise<FormBody | Response> => {
    try {
      return await readForm(c);
    } catch (error) {
      if (!(error instanceof KlausulError)) throw error;
      const words = c.get('words');
      return page(c, words.t('formUnreadable'), <p>{words.t('formUnreadable')}</p>, { status: STATUS_BY_CODE[error.code] });
    }
  };

  // Everything else needs a session, and every post its CSRF token.
  app.use(async (c, next) => {
    if (!c.get('actor')) return c.redirect('/app/login', 303);
    if (c.req.method === 'POST') {
      const form = c.req.header('content-type')?.startsWith('application/json') ? {} : await readFormOrRefuse(c);
      if (form instanceof Response) return form;
      const token = c.req.header('x-csrf-token') ?? (typeof form._csrf === 'string' ? form._csrf : '');
      if (!sameToken(token, c.get('csrfToken'))) return c.text('The form is out of date (CSRF token). Reload the page and try again.', 403);
    }
    await next();
  });
  app.post('/logout', async (c) => {
    await session.signOut(c);
    return c.redirect('/app/login', 303);
  });

  const ctxOf = (c: WebContext): RequestContext => ({ actor: c.get('actor')!, requestId: c.get('requestId') });
  const formOf = (c: WebContext): Promise<FormBody> => readForm(c);

  /**
   * Runs an action from a form: on success back to `done` (post/redirect/get);
   * refused, the page again with the form's errors, at the refusal's status.
   */
  async function act(
    c: WebContext,
    options: {
      form: string;
      fields: Field[];
      values: Record<string, unknown>;
      prefix?: string;
      run: () => Promise<unknown>;
      done: string | ((result: unknown) => string);
      again: (failed: Failed, status: number) => Promise<Response>;
    },
  ): Promise<Response> {
    try {
      const result = await options.run();
      return c.redirect(typeof options.done === 'string' ? options.done : options.done(result), 303);
    } catch (error) {
      if (!(error instanceof KlausulError)) throw error;
      const failed = failedFrom(error, options.form, options.fields, options.values, options.prefix);
      return options.again(failed, failed.status);
    }
  }

  /** A page that cannot be shown to this user says so in words, at the right status. */
  async function guarded(c: WebContext, render: () => Promise<Response>): Promise<Response> {
    try {
      return await render();
    } catch (error) {
      if (!(error instanceof KlausulError) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
      const words = c.get('words');
      return page(c, words.t(error.code === 'not_found' ? 'notFound' : 'forbiddenRole'), <p>{error.message}</p>, { status: STATUS_BY_CODE[error.code] });
    }
  }

  // ── Home, by role ───────────────────────────────────────────────────────
  app.get('/', (c) => guarded(c, () => home(c)));
  async function home(c: WebContext, failed?: Failed, status = 200): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    switch (actor.role) {
      case 'officer':
      case 'admin': {
        const tenders = await listTenders(deps, actor);
        return page(
          c,
          words.t('tenders'),
          <>
            {actor.role === 'officer' ? (
              <ActionForm
                id="tender-new"
                summary={words.t('newTender')}
                action="/app/tenders"
                csrfToken={c.get('csrfToken')}
                words={words}
                fields={tenderFields}
                failed={failed}
                submit={words.t('create')}
              />
            ) : null}
            {tenders.length === 0 ? <p>{words.t('noneYet')}</p> : null}
            <ul>
              {tenders.map((t) => (
                <li>
                  <a href={`/app/tenders/${t.id}`}>
                    {t.reference} · {t.title}
                  </a>{' '}
                  ({t.clauseIds.length} {words.t('clauses').toLowerCase()})
                </li>
              ))}
            </ul>
          </>,
          { status, notice: c.req.query('done') ? words.t('saved') : undefined },
        );
      }
      case 'contractor':
        return clauseList(c, words.t('myClauses'));
      case 'auditor': {
        const queue = await reviewQueue(deps.db, actor.orgId);
        return page(
          c,
          words.t('reviewQueue'),
          queue.length === 0 ? (
            <p>{words.t('noneYet')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{words.t('waiting')}</th>
                    <th>{words.lang === 'sv' ? 'Vad' : 'What'}</th>
                    <th>{words.t('state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.map((item) => (
                    <tr>
                      <td>{words.dateTime(item.waiting_since.toISOString())}</td>
                      <td>
                        <a href={`/app/clauses/${item.clause_id}#${item.kind}-${item.id}`}>
                          {item.kind === 'placement' ? words.t('participant') : words.t('period')} {item.label}
                        </a>
                      </td>
                      <td>
                        <Badge kind={item.state}>{item.state}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ),
        );
      }
      case 'matcher': {
        const openings = await listMyOpenings(deps, actor, { state: 'open' });
        return page(
          c,
          words.t('openings'),
          openings.length === 0 ? (
            <p>{words.t('noneYet')}</p>
          ) : (
            <ul>
              {openings.map((o) => (
                <li>
                  <a href={`/app/openings/${o.id}`}>
                    {String(o.role)} · {String(o.site ?? '')} · {words.date(String(o.startDate))}
                  </a>{' '}
                  · {(o.competences as string[]).join(', ')}
                </li>
              ))}
            </ul>
          ),
        );
      }
      default:
        return page(c, words.t('home'), <p>{words.t('noActions')}</p>);
    }
  }

  /** The clauses the user's organisation buys or delivers, with where they stand and their next deadline; risk from the portfolio. */
  async function clauseList(c: WebContext, title: string): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    const [clauses, portfolio] = await Promise.all([listClauses(deps, actor), getPortfolio(deps, actor, {}, { limit: 1_000, offset: 0 })]);
    const projection = new Map(portfolio.clauses.map((p) => [p.clauseId, p.projection]));
    return page(
      c,
      title,
      clauses.length === 0 ? (
        <p>{words.t('noneYet')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{words.t('clauses')}</th>
                <th>{words.t('state')}</th>
                <th>{words.t('progress')}</th>
                <th>{words.t('nextDeadline')}</th>
              </tr>
            </thead>
            <tbody>
              {clauses.map((clause) => {
                const next = clause.deadlines.filter((d) => d.status === 'upcoming').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
                const risk = projection.get(clause.id);
                return (
                  <tr>
                    <td>
                      <a href={`/app/clauses/${clause.id}`}>
                        {findTemplate(clause.templateId, clause.templateVersion)?.title[words.lang] ?? clause.templateId}
                      </a>
                    </td>
                    <td>
                      {clause.state} {clause.overdue ? <Badge kind="overdue">{words.t('overdue')}</Badge> : null}{' '}
                      {risk ? <Badge kind={risk}>{risk}</Badge> : null}
                    </td>
                    <td>
                      {words.number(clause.fulfilment.measured)} / {words.number(clause.fulfilment.target)} {clause.fulfilment.unit}
                    </td>
                    <td>{next ? `${next.kind} · ${words.date(next.dueAt)}` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ),
    );
  }
  app.get('/clauses', (c) => guarded(c, () => clauseList(c, c.get('words').t('clauses'))));

  // ── Tenders and drafting ────────────────────────────────────────────────
  app.post('/tenders', async (c) => {
    const form = await formOf(c);
    const values = valuesFromForm(tenderFields, form);
    return act(c, {
      form: 'tender-new',
      fields: tenderFields,
      values,
      run: () => createTender(deps, ctxOf(c), values as { reference: string; title: string; estimatedValueSek?: number }),
      done: '/app?done=1',
      again: (failed, status) => home(c, failed, status),
    });
  });

  const paramFieldsOf = (templateId: string) => fieldsFromSchema(templateOrNotFound(templateId).paramsJsonSchema as Record<string, unknown>);
  const draftFields = (words: Words, templateId: string): Field[] => [
    {
      name: 'language',
      kind: 'select',
      required: true,
      options: templateOrNotFound(templateId).languages.map((l) => ({ value: l, label: l === 'sv' ? 'Svenska' : 'English' })),
      description: words.t('clauseLanguage'),
    },
    ...paramFieldsOf(templateId).map((f) => ({ ...f, name: `params.${f.name}` })),
  ];

  async function tenderPage(c: WebContext, tenderId: string, failed?: Failed, status = 200): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    const tender = await getTender(deps, actor, tenderId);
    const clauses = await listClauses(deps, actor, { tenderId });
    const templates = latestTemplates();
    const chosen =
      templates.find((t) => t.id === (c.req.query('template') ?? (failed?.state.values?.templateId as string | undefined)))?.id ?? templates[0]!.id;
    const template = findTemplate(chosen)!;
    const preview = draftFromTemplate(
      template,
      requireLanguage(template, template.languages.includes(words.lang) ? words.lang : template.languages[0]!),
      failed?.state.values ? (unflatten(failed.state.values).params ?? {}) : {},
    );
    return page(
      c,
      `${tender.reference} · ${tender.title}`,
      <>
        <h2>{words.t('clauses')}</h2>
        {clauses.length === 0 ? <p>{words.t('noneYet')}</p> : null}
        <ul>
          {clauses.map((clause) => (
            <li>
              <a href={`/app/clauses/${clause.id}`}>{findTemplate(clause.templateId, clause.templateVersion)?.title[words.lang] ?? clause.templateId}</a> ·{' '}
              {clause.state}
            </li>
          ))}
        </ul>
        {actor.role === 'officer' && actor.orgId === tender.buyerOrgId ? (
          <div class="grid">
            <ActionForm
              id="clause-new"
              summary={words.t('draftClause')}
              action={`/app/tenders/${tender.id}/clauses`}
              csrfToken={c.get('csrfToken')}
              words={words}
              fields={draftFields(words, chosen)}
              failed={failed}
              submit={words.t('saveDraft')}
              open
              preview={`/app/templates/${chosen}/preview`}
              extra={
                <div class="field">
                  <label for="templateId">{words.t('template')}</label>
                  <select id="templateId" name="templateId">
                    {templates.map((t) => (
                      <option value={t.id} selected={t.id === chosen}>
                        {t.title[words.lang]}
                      </option>
                    ))}
                  </select>
                </div>
              }
            />
            <section class="card" aria-live="polite">
              <h3>{words.t('preview')}</h3>
              <small class="help">{words.t('previewHelp')}</small>
              <p id="preview-text" class="clause-text">
                {preview.ok ? preview.terms.text : ''}
              </p>
            </section>
          </div>
        ) : null}
      </>,
      { status },
    );
  }
  app.get('/tenders/:id', (c) => guarded(c, () => tenderPage(c, c.req.param('id'))));
  app.post('/tenders/:id/clauses', async (c) => {
    const form = await formOf(c);
    const templateId = String(form.templateId ?? '');
    const fields = draftFields(c.get('words'), templateOrNotFound(templateId).id);
    const values = valuesFromForm(fields, form);
    return act(c, {
      form: 'clause-new',
      fields,
      values: { ...values, templateId },
      prefix: '',
      run: () => createClause(deps, ctxOf(c), c.req.param('id'), { templateId, language: String(values.language ?? ''), params: values.params ?? {} }),
      done: (created) => `/app/clauses/${(created as { body: { id: string } }).body.id}?done=1`,
      again: (failed, status) => tenderPage(c, c.req.param('id'), failed, status),
    });
  });
  // The live preview: the draft form's fields as they are now, rendered without storing anything.
  app.post('/templates/:id/preview', async (c) => {
    const template = templateOrNotFound(c.req.param('id'));
    const form = await formOf(c);
    const values = valuesFromForm(draftFields(c.get('words'), template.id), form);
    // The live preview follows the form as it is typed: a language not chosen yet previews in the template's first.
    const language = template.languages.includes(values.language as never) ? values.language : template.languages[0]!;
    const preview = previewDraft(template.id, { language, params: values.params ?? {} });
    return c.json({ text: preview.text ?? '', issues: preview.issues });
  });

  // ── A clause ────────────────────────────────────────────────────────────
  async function clauseData(actor: Actor, clauseId: string): Promise<ClausePageData> {
    const clause = await getClause(deps, actor, clauseId);
    const [history, placements, reports, openings, organisations] = await Promise.all([
      getClauseHistory(deps, actor, clauseId),
      listItems(deps, actor, 'placement', clauseId),
      listItems(deps, actor, 'report', clauseId),
      clause.contract ? listClauseOpenings(deps, actor, clauseId) : Promise.resolve([]),
      clause.allowedEvents.includes('AWARD') ? listOrganisations(deps.db) : Promise.resolve([]),
    ]);
    const names = await userNames(
      deps.db,
      history.map((h) => h.actorUserId).filter((id): id is string => !!id),
    );
    const ofKind = (kind: string) => organisations.filter((o) => o.kind === kind).map((o) => ({ value: o.id, label: o.name }));
    return {
      clause,
      history,
      names,
      placements,
      reports,
      openings,
      choices: { contractorOrgId: ofKind('supplier'), matchingBodyOrgId: ofKind('matching_body') },
    };
  }

  async function clausePage(c: WebContext, clauseId: string, failed?: Failed, status = 200): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    const data = await clauseData(actor, clauseId);
    const title = findTemplate(data.clause.templateId, data.clause.templateVersion)?.title[words.lang] ?? data.clause.templateId;
    return page(c, title, <ClausePage data={data} actor={actor} csrfToken={c.get('csrfToken')} words={words} failed={failed} />, {
      status,
      notice: c.req.query('done') ? words.t('saved') : undefined,
      problem: failed && failed.status !== 422 ? failed.message : undefined,
    });
  }
  app.get('/clauses/:id', (c) => guarded(c, () => clausePage(c, c.req.param('id'))));

  /** The page an instance's events are sent from, and come back to. */
  interface EventPage {
    path: string;
    render(failed: Failed, status: number): Promise<Response>;
  }
  const clausePageOf = (c: WebContext, clauseId: string): EventPage => ({
    path: `/app/clauses/${clauseId}`,
    render: (failed, status) => clausePage(c, clauseId, failed, status),
  });

  /** An event from one of a page's event forms, with the version the page showed (a stale page is a version conflict). */
  const eventRoute = (
    path: string,
    prefix: string,
    send: (ctx: RequestContext, id: string, body: Record<string, unknown>, version: number | undefined) => Promise<unknown>,
    workflowFor: (c: WebContext, id: string) => Promise<ReturnType<typeof latestWorkflow>>,
    pageOf: (c: WebContext, id: string) => Promise<EventPage>,
  ) =>
    app.post(path, async (c) => {
      const id = c.req.param('id')!;
      const form = await formOf(c);
      const type = String(form.type ?? '');
      const workflow = await workflowFor(c, id);
      if (!workflow.events[type] || workflow.events[type]!.internal) return c.text(`Unknown event ${type}`, 422);
      const fields = fieldsFromSchema(jsonSchemaOf(workflow.events[type]!.payload));
      const values = valuesFromForm(fields, form);
      const version = Number(form._version);
      const back = await pageOf(c, id);
      const anchor = prefix === 'clause' ? prefix : `${prefix}-${id}`;
      return act(c, {
        form: `${anchor}-${type}`,
        fields,
        values,
        run: () => send(ctxOf(c), id, { type, ...values }, Number.isInteger(version) ? version : undefined),
        done: `${back.path}?done=${type}#${anchor}`,
        again: back.render,
      });
    });

  eventRoute(
    '/clauses/:id/events',
    'clause',
    (ctx, id, body, version) => sendClauseEvent(deps, ctx, id, { body, expectedVersion: version }),
    async (c, id) => {
      const clause = await loadVisibleClause(deps.db, c.get('actor')!, id);
      return findWorkflow(clause.workflow_id, clause.workflow_version)!;
    },
    async (c, id) => clausePageOf(c, id),
  );
  for (const kind of ['placement', 'report'] as const) {
    eventRoute(
      `/${kind}s/:id/events`,
      kind,
      (ctx, id, body, version) => sendItemEvent(deps, ctx, kind, id, { body, expectedVersion: version }),
      async () => latestWorkflow(kind === 'report' ? 'period-report' : kind),
      async (c, id) => clausePageOf(c, (await getItem(deps, c.get('actor')!, kind, id)).clauseId),
    );
  }
  eventRoute(
    '/openings/:id/events',
    'opening',
    (ctx, id, body, version) => sendOpeningEvent(deps, ctx, id, { body, expectedVersion: version }),
    async () => latestWorkflow('opening'),
    async (c, id) => clausePageOf(c, (await getOpening(deps, c.get('actor')!, id)).clauseId),
  );
  // A proposal is answered on its opening's page (the matcher sees no clause page).
  eventRoute(
    '/proposals/:id/events',
    'proposal',
    (ctx, id, body, version) => sendProposalEvent(deps, ctx, id, { body, expectedVersion: version }),
    async () => latestWorkflow('proposal'),
    async (c, id) => {
      const openingId = String((await getProposal(deps, c.get('actor')!, id)).openingId);
      return { path: `/app/openings/${openingId}`, render: (failed, status) => openingPage(c, openingId, failed, status) };
    },
  );

  /** A contractor's form under a clause: a placement, a period report or an opening. */
  const clauseForm = (
    path: string,
    form: string,
    fields: Field[],
    run: (ctx: RequestContext, clauseId: string, values: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post(path, async (c) => {
      const clauseId = c.req.param('id')!;
      const values = valuesFromForm(fields, await formOf(c));
      return act(c, {
        form,
        fields,
        values,
        run: () => run(ctxOf(c), clauseId, values),
        done: `/app/clauses/${clauseId}?done=1#${form}`,
        again: (failed, status) => clausePage(c, clauseId, failed, status),
      });
    });
  clauseForm('/clauses/:id/placements', 'placement-new', CLAUSE_FORMS.placementFields, (ctx, id, values) =>
    registerPlacements(deps, ctx, id, [values], (ids) => ids),
  );
  clauseForm('/clauses/:id/reports', 'report-new', CLAUSE_FORMS.reportFields, (ctx, id, values) => submitReport(deps, ctx, id, values));
  clauseForm('/clauses/:id/openings', 'opening-new', CLAUSE_FORMS.openingFields, (ctx, id, values) => publishOpening(deps, ctx, id, values));

  app.post('/clauses/:id/placements/import', async (c) => {
    const clauseId = c.req.param('id');
    const file = (await formOf(c)).file;
    const again = (failed: Failed, status: number) => clausePage(c, clauseId, failed, status);
    try {
      if (!(file instanceof File))
        throw new KlausulError('validation', 'Choose a CSV file to import.', { issues: [{ path: 'file', message: 'choose a CSV file' }] });
      const answer = await importPlacements(deps, ctxOf(c), clauseId, await file.text(), (ids) => ids.length);
      return c.redirect(`/app/clauses/${clauseId}?done=${answer.body}#placements`, 303);
    } catch (error) {
      if (!(error instanceof KlausulError)) throw error;
      // Row errors are listed with their row and column, above the form.
      const rows = (error.details.issues as Array<{ row?: number; path: string; message: string }> | undefined) ?? [];
      const row = typeof error.details.row === 'number' ? [`row ${error.details.row}, ${String(error.details.path)}`] : [];
      const listed = rows.map((issue) => `${issue.row ? `row ${issue.row}, ` : ''}${issue.path}: ${issue.message}`);
      const status = STATUS_BY_CODE[error.code];
      return again({ form: 'placement-import', status, state: { errors: {} }, message: [error.message, ...row, ...listed].join(' · ') }, status);
    }
  });

  for (const kind of ['placement', 'report'] as const) {
    app.post(`/${kind}s/:id/evidence`, async (c) => {
      const id = c.req.param('id');
      const actor = c.get('actor')!;
      const item = await getItem(deps, actor, kind, id);
      const form = await formOf(c);
      const description = typeof form.description === 'string' && form.description.trim() ? form.description.trim() : undefined;
      const file = form.file;
      try {
        if (!(file instanceof File)) throw new KlausulError('validation', 'Choose a file.', { issues: [{ path: 'file', message: 'choose a file' }] });
        await addEvidence(deps, ctxOf(c), kind, id, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), description });
        return c.redirect(`/app/clauses/${item.clauseId}?done=evidence#${kind}-${id}`, 303);
      } catch (error) {
        if (!(error instanceof KlausulError)) throw error;
        const fields: Field[] = [{ name: 'description', kind: 'text', required: false }];
        const failed = failedFrom(error, `evidence-${id}`, fields, { description });
        return clausePage(c, item.clauseId, failed, failed.status);
      }
    });
  }

  // ── Openings, proposals, candidates ─────────────────────────────────────
  async function openingPage(c: WebContext, openingId: string, failed?: Failed, status = 200): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    const opening = await getOpening(deps, actor, openingId);
    const proposals = await listOpeningProposals(deps, actor, openingId);
    const suggestions = actor.role === 'matcher' && opening.state === 'open' ? (await suggestCandidates(deps, actor, openingId)).suggestions : [];
    const proposalWorkflow = latestWorkflow('proposal');
    const pct = (n: number) => `${words.number(n * 100, 0)} %`;
    return page(
      c,
      `${String(opening.role)} · ${words.date(String(opening.startDate))}`,
      <>
        <section class="card">
          <p>
            <Badge kind={opening.state}>{opening.state}</Badge>
            {[opening.site, opening.municipality].filter(Boolean).map((where) => ` · ${String(where)}`)} · {String(opening.weeks)}{' '}
            {words.lang === 'sv' ? 'veckor' : 'weeks'} · {String(opening.hoursPerWeek)} h/v
            {actor.role !== 'matcher' ? (
              <>
                {' · '}
                <a href={`/app/clauses/${opening.clauseId}#openings`}>{words.t('theClause')}</a>
              </>
            ) : null}
          </p>
          <p>
            {words.t('competence')}: {(opening.competences as string[]).join(', ') || '–'} · {words.t('supervisorTrained')}:{' '}
            {(opening.supervisor as { trained: boolean }).trained ? words.t('yes') : words.t('no')}
            {opening.breaksGenderPattern ? ` · ${words.t('brokeGenderPattern')}` : ''}
          </p>
        </section>
        {suggestions.length > 0 ? (
          <section aria-labelledby="suggestions">
            <h2 id="suggestions">{words.t('suggestions')}</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{words.t('participant')}</th>
                    <th>{words.t('score')}</th>
                    <th>{words.t('competence')}</th>
                    <th>{words.t('availability')}</th>
                    <th>{words.t('distance')}</th>
                  </tr>
                </thead>
                <tbody>
                  {suggestions.map(({ candidate, score }) => (
                    <tr>
                      <td>
                        {candidate.candidateRef} · {candidate.targetGroup}
                      </td>
                      <td>
                        <strong>{words.number(score.total, 3)}</strong>
                      </td>
                      <td>
                        {pct(score.competence.score)} ({score.competence.matched.join(', ') || '–'}) → {words.number(score.competence.points, 3)}
                      </td>
                      <td>
                        {words.date(score.availability.availableFrom)} ({score.availability.daysLate} d) → {words.number(score.availability.points, 3)}
                      </td>
                      <td>
                        {score.distance.relation} → {words.number(score.distance.points, 3)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
        {actor.role === 'matcher' && opening.state === 'open' ? (
          <ActionForm
            id="proposal-new"
            summary={words.t('propose')}
            action={`/app/openings/${openingId}/proposals`}
            csrfToken={c.get('csrfToken')}
            words={words}
            fields={proposalFields}
            failed={failed}
            open={suggestions.length > 0}
          />
        ) : null}
        <h2>{words.t('proposals')}</h2>
        {proposals.length === 0 ? <p>{words.t('noneYet')}</p> : null}
        <div class="grid">
          {proposals.map((proposal) => (
            <div class="card" id={`proposal-${proposal.id}`}>
              <strong>{String(proposal.candidateRef)}</strong> · {String(proposal.targetGroup)} · <Badge kind={proposal.state}>{proposal.state}</Badge>
              <br />
              <small>
                {words.t('competence')}: {(proposal.competences as string[]).join(', ')} · {String((proposal.attestation as { issuer: string }).issuer)}
              </small>
              {proposal.declineReason ? <p>{String(proposal.declineReason)}</p> : null}
              <EventForms
                prefix={`proposal-${proposal.id}`}
                action={`/app/proposals/${proposal.id}/events`}
                workflow={proposalWorkflow}
                allowed={proposal.allowedEvents}
                version={proposal.version}
                csrfToken={c.get('csrfToken')}
                words={words}
                failed={failed}
              />
            </div>
          ))}
        </div>
      </>,
      { status, notice: c.req.query('done') ? words.t('saved') : undefined, problem: failed && failed.status !== 422 ? failed.message : undefined },
    );
  }
  app.get('/openings/:id', (c) => guarded(c, () => openingPage(c, c.req.param('id'))));
  app.post('/openings/:id/proposals', async (c) => {
    const openingId = c.req.param('id');
    const values = valuesFromForm(proposalFields, await formOf(c));
    return act(c, {
      form: 'proposal-new',
      fields: proposalFields,
      values,
      run: () => proposeCandidate(deps, ctxOf(c), openingId, values),
      done: `/app/openings/${openingId}?done=1`,
      again: (failed, status) => openingPage(c, openingId, failed, status),
    });
  });
  async function candidatesPage(c: WebContext, failed?: Failed, status = 200): Promise<Response> {
    const actor = c.get('actor')!;
    const words = c.get('words');
    const pool = await listPool(deps, actor, {});
    return page(
      c,
      words.t('candidatePool'),
      <>
        <ActionForm
          id="candidate-new"
          summary={words.t('addCandidate')}
          action="/app/candidates"
          csrfToken={c.get('csrfToken')}
          words={words}
          fields={candidateFields}
          failed={failed}
        />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{words.t('participant')}</th>
                <th>{words.t('competence')}</th>
                <th>{words.t('availability')}</th>
                <th>{words.t('state')}</th>
              </tr>
            </thead>
            <tbody>
              {pool.map((candidate) => (
                <tr>
                  <td>
                    {candidate.candidateRef} · {candidate.targetGroup} · {candidate.municipality}
                  </td>
                  <td>{candidate.competences.join(', ')}</td>
                  <td>{words.date(candidate.availableFrom)}</td>
                  <td>{candidate.placed ? <Badge kind="met">placed</Badge> : <Badge kind="open">available</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
      { status, notice: c.req.query('done') ? words.t('saved') : undefined },
    );
  }
  app.get('/candidates', (c) => guarded(c, () => candidatesPage(c)));
  app.post('/candidates', async (c) => {
    const values = valuesFromForm(candidateFields, await formOf(c));
    return act(c, {
      form: 'candidate-new',
      fields: candidateFields,
      values,
      run: () => addCandidate(deps, ctxOf(c), values),
      done: '/app/candidates?done=1',
      again: (failed, status) => candidatesPage(c, failed, status),
    });
  });

  return app;
}
