/** A clause's page (the component is ClausePage) with what it shows: history, placements, reports, openings, offers, and whom it may be awarded to. */
import type { Hono } from 'hono';
import { userNames } from '../../db/organisations.ts';
import { listOrganisationsFor } from '../../engine/organisations.ts';
import { KlausulError } from '../../domain/errors.ts';
import { templateTitle } from '../i18n.ts';
import type { Actor } from '../../domain/roles.ts';
import { getClauseFacts } from '../../engine/clause-facts.ts';
import { getClause, getClauseHistory, loadVisibleClause, sendClauseEvent } from '../../engine/clauses.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { listClauseEvidence } from '../../engine/evidence.ts';
import { listItems } from '../../engine/items.ts';
import { listClauseOpenings, listOpeningProposals } from '../../engine/matching.ts';
import { openingStateHasTag, proposalStateHasTag } from '../../../workflows/states.ts';
import { listClauseOffers } from '../../engine/offers.ts';
import { ClausePage, DRAFT_FORM, type ClausePageData } from '../clause-page.tsx';
import type { Failed } from '../components.tsx';
import { valuesFromForm } from '../forms.tsx';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { draftFields } from './tenders.tsx';
import { supervisorOptions } from './supervisors.tsx';
import { subcontractorChoices } from '../subcontracting.tsx';
import { subcontractorClausePage } from './subcontractor-clause.tsx';

async function clauseData(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClausePageData> {
  const clause = await getClause(deps, actor, clauseId);
  const [history, placements, reports, openings, offers, organisations, evidence] = await Promise.all([
    getClauseHistory(deps, actor, clauseId),
    listItems(deps, actor, 'placement', clauseId),
    listItems(deps, actor, 'report', clauseId),
    clause.contract ? listClauseOpenings(deps, actor, clauseId) : Promise.resolve([]),
    clause.contract ? listClauseOffers(deps, actor, clauseId) : Promise.resolve([]),
    clause.allowedEvents.includes('AWARD') ? listOrganisationsFor(deps, {}) : Promise.resolve([]),
    clause.contract ? listClauseEvidence(deps, actor, clauseId) : Promise.resolve(new Map()),
  ]);
  const facts = await getClauseFacts(deps, actor, clauseId);
  const open = openings.filter((opening) => openingStateHasTag(opening.state, 'acceptsProposals'));
  const proposals = await Promise.all(open.map((opening) => listOpeningProposals(deps, actor, opening.id)));
  const waitingProposals = new Map(open.map((opening, i) => [opening.id, proposals[i]!.filter((p) => proposalStateHasTag(p.state, 'awaitingDecision'))]));
  const names = await userNames(
    deps.db,
    history.map((h) => h.actorUserId).filter((id): id is string => !!id),
  );
  const ofKind = (kind: string) => organisations.filter((o) => o.kind === kind).map((o) => ({ value: o.id, label: o.name }));
  return {
    clause,
    facts,
    today: deps.clock.now().toISOString().slice(0, 10),
    waitingProposals,
    history,
    names,
    placements,
    reports,
    openings,
    offers,
    evidence,
    choices: { contractorOrgId: ofKind('supplier'), matchingBodyOrgId: ofKind('matching_body') },
  };
}

/** The draft's form, when the viewer may edit it: the template's fields, filled with the draft's terms. */
const draftFormOf = (data: ClausePageData) => (data.clause.allowedEvents.includes('EDIT_DRAFT') ? draftFields(data.clause.templateId) : undefined);

export async function clausePage(deps: EngineDeps, c: WebContext, clauseId: string, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  let data: ClausePageData;
  try {
    data = await clauseData(deps, actor, clauseId);
  } catch (error) {
    // The clause's named subcontractor is none of its parties: it has a page of its own, or the 404 stands.
    const own = error instanceof KlausulError && error.code === 'not_found' ? await subcontractorClausePage(deps, c, clauseId, failed) : undefined;
    if (own) return own;
    throw error;
  }
  data.draftFields = draftFormOf(data);
  data.supervisorOptions = data.clause.contract ? await supervisorOptions(deps, actor, words) : [];
  data.subcontractorChoices = actor.orgId === data.clause.contractorOrgId ? await subcontractorChoices(deps, data.clause) : [];
  const title = templateTitle(words.lang, data.clause.templateId, data.clause.templateVersion);
  return page(c, title, <ClausePage data={data} actor={actor} csrfToken={c.get('csrfToken')} words={words} failed={failed} />, pageOptions(c, failed));
}

export function clauseRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/clauses/:id', (c) => guarded(c, () => clausePage(deps, c, c.req.param('id'))));
  // A draft's terms edited: the whole parameter form again, sent as EDIT_DRAFT (the engine renders the text anew).
  app.post('/clauses/:id/draft', async (c) => {
    const clauseId = c.req.param('id');
    const clause = await loadVisibleClause(deps.db, c.get('actor')!, clauseId);
    const form = await formOf(c);
    const fields = draftFields(clause.template_id);
    const values = valuesFromForm(fields, form);
    const version = Number(form._version);
    return act(c, {
      form: DRAFT_FORM,
      fields,
      values,
      run: () =>
        sendClauseEvent(deps, ctxOf(c), clauseId, {
          body: { type: 'EDIT_DRAFT', language: values.language, params: values.params ?? {} },
          expectedVersion: Number.isInteger(version) ? version : undefined,
        }),
      done: `/app/clauses/${clauseId}?done=EDIT_DRAFT#status`,
      again: (failed) => clausePage(deps, c, clauseId, failed),
    });
  });
}
