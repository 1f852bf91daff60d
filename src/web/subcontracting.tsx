/**
 * A clause's subcontractors on its page (issue 22): each one's delivery, the
 * contractor's own, and the spend with work-integration social enterprises,
 * for the buyer and the contractor; the contractor names one from a select of
 * supplier organisations, states its spend, or removes it. Its words are here,
 * in both languages.
 */
import type { Hono } from 'hono';
import type { PortfolioSubcontractor } from '../db/subcontractors.ts';
import type { ClauseNaming } from '../db/todo.ts';
import { DataTable } from './charts.tsx';
import type { Child } from 'hono/jsx';
import type { Actor } from '../domain/roles.ts';
import { loadVisibleClause } from '../engine/clauses.ts';
import type { ClauseView } from '../engine/clause-view.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { listOrganisationsFor } from '../engine/organisations.ts';
import { nameSubcontractor, removeSubcontractor, type SubcontractingView } from '../engine/subcontractors.ts';
import { ActionForm, Badge, type Failed } from './components.tsx';
import { valuesFromForm, type Field } from './forms.tsx';
import { templateTitle, type WebLanguage, type Words } from './i18n.ts';
import { act, ctxOf, formOf } from './plumbing.tsx';
import type { WebEnv } from './session.ts';
import { clausePage } from './pages/clause.tsx';

const WORDS = {
  title: ['Underleverantörer', 'Subcontractors'],
  intro: [
    'Klausulen gäller även leverantörens underleverantörer. Deras platser och rapporter godkänns av leverantören innan beställarens kontroll.',
    'The clause binds the supplier’s subcontractors too. Their placements and reports are approved by the supplier before the buyer’s verification.',
  ],
  none: ['Inga underleverantörer angivna.', 'No subcontractors named.'],
  name: ['Underleverantör', 'Subcontractor'],
  orgNumber: ['Organisationsnummer', 'Organisation number'],
  socialEnterprise: ['Arbetsintegrerande socialt företag', 'Work-integration social enterprise'],
  placements: ['Platser (kontrollerade av registrerade)', 'Placements (verified of registered)'],
  awaitingApproval: ['Väntar på leverantörens godkännande', 'Awaiting the supplier’s approval'],
  hours: ['Godkända arbetstimmar', 'Accepted labour hours'],
  spend: ['Köpt för', 'Spend'],
  own: ['Leverantörens egen leverans', 'The supplier’s own delivery'],
  former: ['Tidigare underleverantör', 'Former subcontractor'],
  socialSpend: ['Köpt från arbetsintegrerande sociala företag', 'Spend with work-integration social enterprises'],
  socialShare: ['{share} % av kontraktsvärdet', '{share} % of the contract value'],
  add: ['Ange underleverantör', 'Name a subcontractor'],
  addHelp: [
    'Välj bland leverantörer med organisationsnummer. Ange underleverantören igen med ett nytt belopp för att uppdatera det.',
    'Choose among suppliers with an organisation number. Name the subcontractor again with a new amount to update it.',
  ],
  spendHelp: [
    'Vad ni hittills köpt av underleverantören inom kontraktet, i hela kronor (frivilligt).',
    'What you have bought from the subcontractor under the contract so far, in whole kronor (optional).',
  ],
  remove: ['Ta bort som underleverantör', 'Remove as subcontractor'],
  registeredBy: ['Registrerad av underleverantören {name}', 'Registered by the subcontractor {name}'],
  approvePlacement: ['Godkänn underleverantörens plats {label}', 'Approve the subcontractor’s placement {label}'],
  approveReport: ['Godkänn underleverantörens rapport {label}', 'Approve the subcontractor’s report {label}'],
  // The subcontractor's own page of a clause (src/web/pages/subcontractor-clause.tsx) and its list on the start page.
  assignment: ['Uppdraget', 'The assignment'],
  youAre: [
    'Ni är underleverantör till {prime} i upphandlingen {tender} för {buyer}.',
    'You are a subcontractor to {prime} in the procurement {tender} for {buyer}.',
  ],
  approvedFirst: [
    'Era platser och rapporter godkänns av {prime} innan beställaren kontrollerar dem. Här ser ni det ni själva har registrerat.',
    'Your placements and reports are approved by {prime} before the buyer verifies them. Here you see what you have registered yourselves.',
  ],
  clauseStands: ['Klausulens läge', 'Where the clause stands'],
  yourDelivery: ['Er leverans', 'Your delivery'],
  closedForNew: ['Klausulen tar inte emot nya platser eller rapporter nu.', 'The clause takes no new placements or reports now.'],
  asSubcontractor: ['Där ni är underleverantör', 'Where you are a subcontractor'],
  primeReturned: ['Skickad tillbaka av leverantören', 'Returned by the supplier'],
  // The overview's table over the portfolio (src/web/pages/overview.tsx).
  acrossPortfolio: [
    'Vad leverantörernas underleverantörer levererat under klausulerna i urvalet. Godkända timmar räknas ur accepterade periodrapporter.',
    'What the suppliers’ subcontractors delivered under the clauses in the selection. Accepted hours count from accepted period reports.',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type SubcontractingWord = keyof typeof WORDS;
export const subcontractingWord = (lang: WebLanguage, key: SubcontractingWord): string => WORDS[key][lang === 'sv' ? 0 : 1];
const both = (key: SubcontractingWord) => ({ sv: WORDS[key][0], en: WORDS[key][1] });

export const NAME_FORM = 'subcontractor-new';

function nameFields(choices: Array<{ value: string; label: string }>, lang: WebLanguage): Field[] {
  return [
    { name: 'orgId', kind: 'select', required: true, options: choices, label: both('name'), description: subcontractingWord(lang, 'addHelp') },
    { name: 'spendSek', kind: 'number', integer: true, required: false, label: both('spend'), description: subcontractingWord(lang, 'spendHelp') },
  ];
}

/** The suppliers the contractor may name: with an organisation number, not itself, by name. */
export async function subcontractorChoices(deps: EngineDeps, clause: ClauseView): Promise<Array<{ value: string; label: string }>> {
  return (await listOrganisationsFor(deps, { kind: 'supplier' }))
    .filter((o) => o.orgNumber && o.id !== clause.contractorOrgId)
    .map((o) => ({ value: o.id, label: `${o.name} (${o.orgNumber})` }));
}

/** The name of the subcontractor that registered an item, as its line on the page says it; nothing for the contractor's own. */
export function registeredBy(item: Record<string, unknown>, clause: ClauseView, words: Words): string {
  if (typeof item.subcontractorOrgId !== 'string') return '';
  const name = clause.subcontracting?.subcontractors.find((s) => s.orgId === item.subcontractorOrgId)?.name ?? item.subcontractorOrgId;
  return ` · ${subcontractingWord(words.lang, 'registeredBy').replace('{name}', name)}`;
}

/** The reasons the clause's contractor gave when it returned a subcontractor's placement or report, each on a line of its own. */
export function PrimeReturns(props: { item: Record<string, unknown>; words: Words }): Child {
  const reasons = (props.item.primeReturns as string[] | undefined) ?? [];
  return (
    <>
      {reasons.map((reason) => (
        <p>
          {subcontractingWord(props.words.lang, 'primeReturned')}: {reason}
        </p>
      ))}
    </>
  );
}

/** A subcontractor's name, with the badge of a work-integration social enterprise when it is one. */
function NamedSubcontractor(props: { name: string; socialEnterprise: boolean; words: Words }): Child {
  return (
    <>
      {props.name}
      {props.socialEnterprise ? (
        <>
          {' '}
          <Badge kind="met">{subcontractingWord(props.words.lang, 'socialEnterprise')}</Badge>
        </>
      ) : null}
    </>
  );
}

export function SubcontractingSection(props: {
  clause: ClauseView;
  actor: Actor;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  choices: Array<{ value: string; label: string }>;
}): Child {
  const { clause, actor, csrfToken, words, failed, choices } = props;
  const subcontracting: SubcontractingView | undefined = clause.subcontracting;
  if (!subcontracting || !clause.contract) return null;
  const w = (key: SubcontractingWord) => subcontractingWord(words.lang, key);
  const isPrime = actor.role === 'contractor' && actor.orgId === clause.contractorOrgId;
  const delivery = (d: SubcontractingView['contractorOwnDelivery']) => [
    <td>
      {words.number(d.placementsVerified, 0)} / {words.number(d.placements, 0)}
    </td>,
    <td>{words.number(d.placementsAwaitingPrimeApproval, 0)}</td>,
    <td>{words.number(d.acceptedLabourHours, 0)}</td>,
  ];
  return (
    <section class="card" aria-labelledby="subcontractors">
      <h2 id="subcontractors">{w('title')}</h2>
      <p>{w('intro')}</p>
      {subcontracting.subcontractors.length === 0 ? <p>{w('none')}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{w('name')}</th>
              <th>{w('orgNumber')}</th>
              <th>{w('placements')}</th>
              <th>{w('awaitingApproval')}</th>
              <th>{w('hours')}</th>
              <th>{w('spend')}</th>
            </tr>
          </thead>
          <tbody>
            {subcontracting.subcontractors.map((s) => (
              <tr id={`subcontractor-${s.orgId}`}>
                <td>
                  <NamedSubcontractor name={s.name} socialEnterprise={s.socialEnterprise} words={words} />
                  {isPrime ? (
                    <ActionForm
                      id={`subcontractor-remove-${s.orgId}`}
                      summary={w('remove')}
                      action={`/app/clauses/${clause.id}/subcontractors/${s.orgId}/remove`}
                      csrfToken={csrfToken}
                      words={words}
                      fields={[]}
                      failed={failed}
                    />
                  ) : null}
                </td>
                <td>{s.orgNumber ?? '–'}</td>
                {delivery(s.delivery)}
                <td>{words.sek(s.spendSek)}</td>
              </tr>
            ))}
            {subcontracting.formerSubcontractors.map((d) => (
              <tr>
                <td>{w('former')}</td>
                <td>–</td>
                {delivery(d)}
                <td>–</td>
              </tr>
            ))}
            <tr>
              <td>{w('own')}</td>
              <td>–</td>
              {delivery(subcontracting.contractorOwnDelivery)}
              <td>–</td>
            </tr>
          </tbody>
        </table>
      </div>
      {subcontracting.socialEnterpriseSpendSek === null ? null : (
        <p>
          {w('socialSpend')}: <strong>{words.sek(subcontracting.socialEnterpriseSpendSek)}</strong>
          {subcontracting.socialEnterpriseShare === null
            ? null
            : ` · ${w('socialShare').replace('{share}', words.number(subcontracting.socialEnterpriseShare * 100, 1))}`}
        </p>
      )}
      {isPrime && choices.length > 0 ? (
        <ActionForm
          id={NAME_FORM}
          summary={w('add')}
          action={`/app/clauses/${clause.id}/subcontractors`}
          csrfToken={csrfToken}
          words={words}
          fields={nameFields(choices, words.lang)}
          failed={failed}
        />
      ) : null}
    </section>
  );
}

export function subcontractingRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.post('/clauses/:id/subcontractors', async (c) => {
    const clauseId = c.req.param('id');
    const clause = await loadVisibleClause(deps.db, c.get('actor')!, clauseId);
    const fields = nameFields(
      await subcontractorChoices(deps, { id: clause.id, contractorOrgId: clause.contractor_org_id } as ClauseView),
      c.get('words').lang,
    );
    const values = valuesFromForm(fields, await formOf(c));
    return act(c, {
      form: NAME_FORM,
      fields,
      values,
      run: () => nameSubcontractor(deps, ctxOf(c), clauseId, values),
      done: `/app/clauses/${clauseId}?done=1#subcontractors`,
      again: (failed) => clausePage(deps, c, clauseId, failed),
    });
  });
  app.post('/clauses/:id/subcontractors/:orgId/remove', (c) => {
    const clauseId = c.req.param('id');
    const orgId = c.req.param('orgId');
    return act(c, {
      form: `subcontractor-remove-${orgId}`,
      fields: [],
      values: {},
      run: () => removeSubcontractor(deps, ctxOf(c), clauseId, orgId),
      done: `/app/clauses/${clauseId}?done=1#subcontractors`,
      again: (failed) => clausePage(deps, c, clauseId, failed),
    });
  });
}

/** The clauses on which the user's organisation is a named subcontractor, each a link to its page for them (src/web/pages/subcontractor-clause.tsx). */
export function AsSubcontractor(props: { words: Words; clauses: ClauseNaming[] }): Child {
  const { words, clauses } = props;
  if (clauses.length === 0) return null;
  return (
    <section aria-labelledby="as-subcontractor">
      <h2 id="as-subcontractor">{subcontractingWord(words.lang, 'asSubcontractor')}</h2>
      <DataTable
        columns={[words.t('theClause'), words.t('tender'), words.t('supplier'), words.t('buyer')]}
        rows={clauses.map((clause) => [
          <a href={`/app/clauses/${clause.clauseId}`}>{templateTitle(words.lang, clause.templateId, clause.templateVersion)}</a>,
          <>
            {clause.tenderReference}
            <span class="sub">{clause.tenderTitle}</span>
          </>,
          clause.supplierName ?? '–',
          clause.buyerName,
        ])}
      />
    </section>
  );
}

/** What subcontractors delivered over the portfolio's clauses, on the overview: each one's clauses, placements and accepted hours, and the spend with social enterprises. */
export function PortfolioSubcontractors(props: {
  words: Words;
  subcontracting: { subcontractors: PortfolioSubcontractor[]; socialEnterpriseSpendSek: number | null };
}): Child {
  const { words, subcontracting } = props;
  if (subcontracting.subcontractors.length === 0) return null;
  const w = (key: SubcontractingWord) => subcontractingWord(words.lang, key);
  return (
    <section aria-labelledby="portfolio-subcontractors">
      <h2 id="portfolio-subcontractors">{w('title')}</h2>
      <p class="help">{w('acrossPortfolio')}</p>
      <DataTable
        columns={[w('name'), words.t('clauseCount'), w('placements'), w('hours')]}
        rows={subcontracting.subcontractors.map((s) => [
          <NamedSubcontractor name={s.name} socialEnterprise={s.socialEnterprise} words={words} />,
          words.number(s.clauses, 0),
          `${words.number(s.placementsVerified, 0)} / ${words.number(s.placements, 0)}`,
          words.number(s.acceptedLabourHours, 0),
        ])}
      />
      {subcontracting.socialEnterpriseSpendSek === null ? null : (
        <p>
          {w('socialSpend')}: <strong>{words.sek(subcontracting.socialEnterpriseSpendSek)}</strong>
        </p>
      )}
    </section>
  );
}
