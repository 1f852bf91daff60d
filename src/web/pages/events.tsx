/** The events sent from the event forms of clauses, placements, reports, openings, proposals and offers of employment. */
import type { Hono } from 'hono';
import { findWorkflow, latestWorkflow, workflowOf } from '../../../workflows/index.ts';
import type { RequestContext } from '../../engine/apply.ts';
import { loadVisibleClause, sendClauseEvent } from '../../engine/clauses.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { getItem, loadItem, sendItemEvent } from '../../engine/items.ts';
import { getOpening, getProposal, sendOpeningEvent, sendProposalEvent } from '../../engine/matching.ts';
import { getOffer, sendOfferEvent } from '../../engine/offers.ts';
import { jsonSchemaOf } from '../components.tsx';
import { asksFirst, confirmed, unconfirmed } from '../confirmation.tsx';
import { fieldsFromSchema, valuesFromForm } from '../forms.tsx';
import { act, ctxOf, formOf, type Render, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { clausePage } from './clause.tsx';
import { openingPage } from './openings.tsx';

/** The page an instance's events are sent from, and come back to. */
interface EventPage {
  path: string;
  render: Render;
}
const clausePageOf = (deps: EngineDeps, c: WebContext, clauseId: string): EventPage => ({
  path: `/app/clauses/${clauseId}`,
  render: (failed) => clausePage(deps, c, clauseId, failed),
});

/** An event from one of a page's event forms, with the version the page showed (a stale page is a version conflict). */
const eventRoute = (
  app: Hono<WebEnv>,
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
    // The form's fields are the type's payload; an unknown or internal type is the engine's to refuse, in the page's words.
    const definition = workflow.events[type];
    const fields = definition && !definition.internal ? fieldsFromSchema(jsonSchemaOf(definition.payload)) : [];
    const values = valuesFromForm(fields, form);
    const version = Number(form._version);
    const back = await pageOf(c, id);
    const anchor = prefix === 'clause' ? prefix : `${prefix}-${id}`;
    // An irreversible step is sent only once its consequence was confirmed; otherwise the form comes back, nothing sent.
    if (asksFirst(workflow.id, type) && !confirmed(form)) {
      return back.render(unconfirmed(c.get('words'), { id: `${anchor}-${type}`, values }));
    }
    return act(c, {
      form: `${anchor}-${type}`,
      fields,
      values,
      run: () => send(ctxOf(c), id, { type, ...values }, Number.isInteger(version) ? version : undefined),
      done: `${back.path}?done=${type}#${anchor}`,
      again: back.render,
    });
  });

export function eventRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  eventRoute(
    app,
    '/clauses/:id/events',
    'clause',
    (ctx, id, body, version) => sendClauseEvent(deps, ctx, id, { body, expectedVersion: version }),
    async (c, id) => {
      const clause = await loadVisibleClause(deps.db, c.get('actor')!, id);
      return findWorkflow(clause.workflow_id, clause.workflow_version)!;
    },
    async (c, id) => clausePageOf(deps, c, id),
  );
  for (const kind of ['placement', 'report'] as const) {
    eventRoute(
      app,
      `/${kind}s/:id/events`,
      kind,
      (ctx, id, body, version) => sendItemEvent(deps, ctx, kind, id, { body, expectedVersion: version }),
      // The item's own workflow version: a placement registered on version 1 takes version 1's END_EARLY.
      async (c, id) => workflowOf((await loadItem(deps.db, c.get('actor')!, kind, id)).row),
      async (c, id) => clausePageOf(deps, c, (await getItem(deps, c.get('actor')!, kind, id)).clauseId),
    );
  }
  eventRoute(
    app,
    '/openings/:id/events',
    'opening',
    (ctx, id, body, version) => sendOpeningEvent(deps, ctx, id, { body, expectedVersion: version }),
    async () => latestWorkflow('opening'),
    async (c, id) => clausePageOf(deps, c, (await getOpening(deps, c.get('actor')!, id)).clauseId),
  );
  eventRoute(
    app,
    '/offers/:id/events',
    'offer',
    (ctx, id, body, version) => sendOfferEvent(deps, ctx, id, { body, expectedVersion: version }),
    async () => latestWorkflow('employment-offer'),
    async (c, id) => clausePageOf(deps, c, (await getOffer(deps, c.get('actor')!, id)).clauseId),
  );
  // A proposal is answered on its opening's page (the matcher sees no clause page).
  eventRoute(
    app,
    '/proposals/:id/events',
    'proposal',
    (ctx, id, body, version) => sendProposalEvent(deps, ctx, id, { body, expectedVersion: version }),
    async () => latestWorkflow('proposal'),
    async (c, id) => {
      const openingId = String((await getProposal(deps, c.get('actor')!, id)).openingId);
      return { path: `/app/openings/${openingId}`, render: (failed) => openingPage(deps, c, openingId, failed) };
    },
  );
}
