/**
 * A clause's page for the users of its named subcontractor (issue 22): the
 * subcontractor is not one of the clause's parties, so it does not see the
 * clause's page, but it registers placements and reports under the clause
 * and answers the auditor's queries on them. This page shows what the API
 * gives it (GET /clauses/{id}/subcontractors, its own placements and reports):
 * the clause's basic facts, its own delivery, and its own items with their
 * forms. Its words are in src/web/subcontracting.tsx.
 */
import type { Child } from 'hono/jsx';
import { clauseStateHasTag } from '../../../workflows/states.ts';
import { KlausulError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/roles.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { listClauseEvidence, type EvidenceView } from '../../engine/evidence.ts';
import type { ItemView } from '../../engine/instances.ts';
import { listItems } from '../../engine/items.ts';
import { listSubcontractors, type SubcontractorsAnswer } from '../../engine/subcontractors.ts';
import { namesOfClauses } from '../../engine/todo.ts';
import type { ClauseNaming } from '../../db/todo.ts';
import { fill } from '../clause-facts.tsx';
import { type DeliverySectionProps, PlacementsSection, placementFieldsFor, ReportsSection } from '../clause-page.tsx';
import type { Failed } from '../components.tsx';
import { clauseStateLabel, templateTitle, type Words } from '../i18n.ts';
import { page, pageOptions, type WebContext } from '../plumbing.tsx';
import { subcontractingWord, type SubcontractingWord } from '../subcontracting.tsx';
import { chooseSupervisor, supervisorOptions, type SupervisorOption } from './supervisors.tsx';

interface SubcontractorClauseData {
  answer: SubcontractorsAnswer;
  naming: ClauseNaming;
  placements: ItemView[];
  reports: ItemView[];
  evidence: Map<string, EvidenceView[]>;
  supervisors: SupervisorOption[];
}

/** What the subcontractor may read of the clause; undefined when the actor's organisation is not named on it. */
async function subcontractorClauseData(deps: EngineDeps, actor: Actor, clauseId: string, words: Words): Promise<SubcontractorClauseData | undefined> {
  let answer: SubcontractorsAnswer;
  try {
    answer = await listSubcontractors(deps, actor, clauseId);
  } catch (error) {
    if (error instanceof KlausulError && error.code === 'not_found') return undefined;
    throw error;
  }
  const [names, placements, reports, evidence, supervisors] = await Promise.all([
    namesOfClauses(deps, [clauseId]),
    listItems(deps, actor, 'placement', clauseId),
    listItems(deps, actor, 'report', clauseId),
    listClauseEvidence(deps, actor, clauseId),
    supervisorOptions(deps, actor, words),
  ]);
  return { answer, naming: names.get(clauseId)!, placements, reports, evidence, supervisors };
}

/** The page, or undefined when the signed-in user's organisation is not the clause's named subcontractor (the caller's 404 stands). */
export async function subcontractorClausePage(deps: EngineDeps, c: WebContext, clauseId: string, failed?: Failed): Promise<Response | undefined> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const data = await subcontractorClauseData(deps, actor, clauseId, words);
  if (!data) return undefined;
  const { clause } = data.answer;
  const title = templateTitle(words.lang, clause.templateId, clause.templateVersion);
  return page(c, title, <SubcontractorClause data={data} actor={actor} csrfToken={c.get('csrfToken')} words={words} failed={failed} />, pageOptions(c, failed));
}

function SubcontractorClause(props: { data: SubcontractorClauseData; actor: Actor; csrfToken: string; words: Words; failed?: Failed | undefined }): Child {
  const { data, actor, csrfToken, words, failed } = props;
  const { clause } = data.answer;
  const w = (key: SubcontractingWord) => subcontractingWord(words.lang, key);
  const prime = data.naming.supplierName ?? '–';
  const own = data.answer.subcontracting.subcontractors[0];
  const registering = clauseStateHasTag(clause.state, 'registering');
  // Its own items only (the engine lists no others to it), so who registered each goes without saying.
  const delivery: DeliverySectionProps = {
    clauseId: clause.id,
    mayAdd: actor.role === 'contractor' && registering,
    evidence: data.evidence,
    actor,
    csrfToken,
    words,
    failed,
  };
  const fields = chooseSupervisor(placementFieldsFor(clause.targetGroups, words), data.supervisors);
  return (
    <>
      <section class="card facts" aria-labelledby="assignment">
        <h2 id="assignment">{w('assignment')}</h2>
        <p>{fill(w('youAre'), { prime, tender: `${data.naming.tenderReference} ${data.naming.tenderTitle}`, buyer: data.naming.buyerName })}</p>
        <p lang={clause.language}>{clause.summary}</p>
        <dl class="facts-list">
          <dt>{words.t('supplier')}</dt>
          <dd>{prime}</dd>
          <dt>{words.t('contractPeriod')}</dt>
          <dd>
            {words.date(clause.contractStart)} – {words.date(clause.contractEnd)}
          </dd>
          <dt>{w('clauseStands')}</dt>
          <dd>{clauseStateLabel(words.lang, clause.state)}</dd>
        </dl>
        <p>{fill(w('approvedFirst'), { prime })}</p>
        {registering ? null : <p>{w('closedForNew')}</p>}
      </section>
      {own ? (
        <section class="card facts" aria-labelledby="your-delivery">
          <h2 id="your-delivery">{w('yourDelivery')}</h2>
          <dl class="facts-list">
            <dt>{w('placements')}</dt>
            <dd>
              {words.number(own.delivery.placementsVerified, 0)} / {words.number(own.delivery.placements, 0)}
            </dd>
            <dt>{w('awaitingApproval')}</dt>
            <dd>{words.number(own.delivery.placementsAwaitingPrimeApproval, 0)}</dd>
            <dt>{w('hours')}</dt>
            <dd>{words.number(own.delivery.acceptedLabourHours, 0)}</dd>
          </dl>
        </section>
      ) : null}
      <PlacementsSection {...delivery} items={data.placements} fields={fields} />
      <ReportsSection {...delivery} items={data.reports} />
    </>
  );
}
