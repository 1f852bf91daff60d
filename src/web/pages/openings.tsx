/** An opening's page: where and what, suggestions from the candidate pool for the matcher, and the proposals with their answers. */
import { openingStateHasTag } from '../../../workflows/states.ts';
import type { Hono } from 'hono';
import { latestWorkflow } from '../../../workflows/index.ts';
import { proposalInput } from '../../../workflows/proposal.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { getOpening, listOpeningProposals, proposeCandidate, suggestCandidates } from '../../engine/matching.ts';
import { ActionForm, Badge, EventForms, jsonSchemaOf, type Failed } from '../components.tsx';
import { fieldsFromSchema, valuesFromForm } from '../forms.tsx';
import { itemStateLabel, type WordKey } from '../i18n.ts';
import { WaitingProposals } from '../clause-page.tsx';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

const proposalFields = fieldsFromSchema(jsonSchemaOf(proposalInput));

/** How near the candidate lives to the opening, in words. */
const DISTANCE = {
  sameMunicipality: 'distanceSameMunicipality',
  sameCounty: 'distanceSameCounty',
  elsewhere: 'distanceElsewhere',
  unknown: 'distanceUnknown',
} as const satisfies Record<string, WordKey>;

export async function openingPage(deps: EngineDeps, c: WebContext, openingId: string, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const opening = await getOpening(deps, actor, openingId);
  const proposals = await listOpeningProposals(deps, actor, openingId);
  const suggestions =
    actor.role === 'matcher' && openingStateHasTag(opening.state, 'acceptsProposals') ? (await suggestCandidates(deps, actor, openingId)).suggestions : [];
  const proposalWorkflow = latestWorkflow('proposal');
  // "Föreslå" on a suggestion fills the proposal form with the candidate (a link: it works without a script).
  const chosen = suggestions.find(({ candidate }) => candidate.candidateRef === c.req.query('propose'))?.candidate;
  const prefilled = chosen ? { candidateRef: chosen.candidateRef, targetGroup: chosen.targetGroup, competences: chosen.competences } : undefined;
  const pct = (n: number) => `${words.number(n * 100, 0)} %`;
  // The supplier's contractor answers proposals: those it may answer wait for it (a matcher may only withdraw its own).
  const awaitingYou = actor.role === 'contractor' ? proposals.filter((proposal) => proposal.allowedEvents.length > 0) : [];
  return page(
    c,
    `${String(opening.role)} · ${words.date(String(opening.startDate))}`,
    <>
      <section class="card">
        <p>
          <Badge kind={opening.state}>{itemStateLabel(words.lang, 'opening', opening.state)}</Badge>
          {[opening.site, opening.municipality].filter(Boolean).map((where) => ` · ${String(where)}`)} · {String(opening.weeks)} {words.t('weeksShort')} ·{' '}
          {String(opening.hoursPerWeek)} {words.t('hoursPerWeekShort')}
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
        {awaitingYou.length > 0 ? <WaitingProposals proposals={awaitingYou} words={words} mine /> : null}
      </section>
      {suggestions.length > 0 ? (
        <section aria-labelledby="suggestions">
          <h2 id="suggestions">{words.t('suggestionsFromPool')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{words.t('participant')}</th>
                  <th>{words.t('score')}</th>
                  <th>{words.t('competence')}</th>
                  <th>{words.t('availability')}</th>
                  <th>{words.t('distance')}</th>
                  <th>
                    <span class="visually-hidden">{words.t('propose')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {suggestions.map(({ candidate, score }) => (
                  <tr>
                    <td>
                      {candidate.candidateRef} · {words.targetGroup(candidate.targetGroup)}
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
                      {words.t(DISTANCE[score.distance.relation])} → {words.number(score.distance.points, 3)}
                    </td>
                    {/* The button names itself: no column name above it on a phone's card. */}
                    <td data-label="">
                      <a
                        class="button"
                        href={`/app/openings/${openingId}?propose=${encodeURIComponent(candidate.candidateRef)}#proposal-new`}
                        aria-label={words.t('proposeCandidate').replace('{ref}', candidate.candidateRef)}
                      >
                        {words.t('propose')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {actor.role === 'matcher' && openingStateHasTag(opening.state, 'acceptsProposals') ? (
        <ActionForm
          id="proposal-new"
          summary={words.t('propose')}
          action={`/app/openings/${openingId}/proposals`}
          csrfToken={c.get('csrfToken')}
          words={words}
          fields={proposalFields}
          failed={failed}
          open={suggestions.length > 0}
          values={prefilled}
        />
      ) : null}
      <h2>{words.t('proposalsForOpening')}</h2>
      {proposals.length === 0 ? <p>{words.t('noneYet')}</p> : null}
      <div class="grid">
        {proposals.map((proposal) => (
          <div class="card" id={`proposal-${proposal.id}`}>
            <strong>{String(proposal.candidateRef)}</strong> · {words.targetGroup(proposal.targetGroup)} ·{' '}
            <Badge kind={proposal.state}>{itemStateLabel(words.lang, 'proposal', proposal.state)}</Badge>
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
    pageOptions(c, failed),
  );
}

export function openingRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/openings/:id', (c) => guarded(c, () => openingPage(deps, c, c.req.param('id'))));
  app.post('/openings/:id/proposals', async (c) => {
    const openingId = c.req.param('id');
    const values = valuesFromForm(proposalFields, await formOf(c));
    return act(c, {
      form: 'proposal-new',
      fields: proposalFields,
      values,
      run: () => proposeCandidate(deps, ctxOf(c), openingId, values),
      done: `/app/openings/${openingId}?done=1`,
      again: (failed) => openingPage(deps, c, openingId, failed),
    });
  });
}
