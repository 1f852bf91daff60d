/** A clause's page (the component is ClausePage) with what it shows: history, placements, reports, openings, offers, and whom it may be awarded to. */
import type { Hono } from 'hono';
import { findTemplate } from '../../../templates/index.ts';
import { listOrganisations, userNames } from '../../db/organisations.ts';
import type { Actor } from '../../domain/roles.ts';
import { getClause, getClauseHistory } from '../../engine/clauses.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { listClauseEvidence } from '../../engine/evidence.ts';
import { listItems } from '../../engine/items.ts';
import { listClauseOpenings } from '../../engine/matching.ts';
import { listClauseOffers } from '../../engine/offers.ts';
import { ClausePage, type ClausePageData } from '../clause-page.tsx';
import type { Failed } from '../components.tsx';
import { guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

async function clauseData(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClausePageData> {
  const clause = await getClause(deps, actor, clauseId);
  const [history, placements, reports, openings, offers, organisations, evidence] = await Promise.all([
    getClauseHistory(deps, actor, clauseId),
    listItems(deps, actor, 'placement', clauseId),
    listItems(deps, actor, 'report', clauseId),
    clause.contract ? listClauseOpenings(deps, actor, clauseId) : Promise.resolve([]),
    clause.contract ? listClauseOffers(deps, actor, clauseId) : Promise.resolve([]),
    clause.allowedEvents.includes('AWARD') ? listOrganisations(deps.db) : Promise.resolve([]),
    clause.contract ? listClauseEvidence(deps, actor, clauseId) : Promise.resolve(new Map()),
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
    offers,
    evidence,
    choices: { contractorOrgId: ofKind('supplier'), matchingBodyOrgId: ofKind('matching_body') },
  };
}

export async function clausePage(deps: EngineDeps, c: WebContext, clauseId: string, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const data = await clauseData(deps, actor, clauseId);
  const title = findTemplate(data.clause.templateId, data.clause.templateVersion)?.title[words.lang] ?? data.clause.templateId;
  return page(c, title, <ClausePage data={data} actor={actor} csrfToken={c.get('csrfToken')} words={words} failed={failed} />, pageOptions(c, failed));
}

export function clauseRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/clauses/:id', (c) => guarded(c, () => clausePage(deps, c, c.req.param('id'))));
}
