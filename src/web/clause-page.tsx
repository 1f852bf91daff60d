/**
 * Every clause's page: where it stands in its statechart, what the signed-in
 * user may do now (nothing else), progress toward the target, deadlines, the
 * history as a timeline, and the clause's placements, reports, openings and
 * offers of employment with their own actions.
 */
import type { Child } from 'hono/jsx';
import { findWorkflow, latestWorkflow } from '../../workflows/index.ts';
import { offerInput } from '../../workflows/employment-offer.ts';
import { openingInput } from '../../workflows/opening.ts';
import { reportInput } from '../../workflows/period-report.ts';
import { placementInput, type EarlyEndReason } from '../../workflows/placement.ts';
import { clauseStateHasTag } from '../../workflows/states.ts';
import { findTemplate } from '../../templates/index.ts';
import type { Actor } from '../domain/roles.ts';
import type { ClauseFacts } from '../engine/clause-facts.ts';
import type { ClauseView, HistoryView } from '../engine/clause-view.ts';
import type { EvidenceView } from '../engine/evidence.ts';
import type { ItemView } from '../engine/instances.ts';
import { fieldsFromSchema, flatten, type Choices, type Field } from './forms.tsx';
import { chooseSupervisor, type SupervisorOption } from './pages/supervisors.tsx';
import { ActionForm, Badge, EventForms, jsonSchemaOf, ProgressBar, type Failed } from './components.tsx';
import { PrimeReturns, registeredBy, SubcontractingSection } from './subcontracting.tsx';
import { ContractFacts, Decisions, dueWhen, fill, Plans, StatusPanel } from './clause-facts.tsx';
import { PLACEMENT_CSV_COLUMNS } from '../domain/placement-csv.ts';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { clauseStateLabel, deadlineLabel, earlyEndReasonLabel, fieldLabel, earlyEndReasonOptions, eventLabel, itemStateLabel, type Words } from './i18n.ts';

export interface ClausePageData {
  clause: ClauseView;
  history: HistoryView[];
  names: Map<string, string>;
  placements: ItemView[];
  reports: ItemView[];
  openings: ItemView[];
  offers: ItemView[];
  /** The tender and the parties by name. */
  facts: ClauseFacts;
  /** Today's date (YYYY-MM-DD) on the engine's clock: whether the contract has ended. */
  today: string;
  /** The evidence files the viewer may see, by placement or report id. */
  evidence: Map<string, EvidenceView[]>;
  choices: Choices;
  /** The proposals that wait for the contractor's answer, by opening id. */
  waitingProposals: Map<string, ItemView[]>;
  /** The viewer's organisation's supervisors, offered on the opening and placement forms (issue 22). */
  supervisorOptions?: SupervisorOption[] | undefined;
  /** The suppliers the clause's contractor may name as subcontractors (issue 22). */
  subcontractorChoices?: Array<{ value: string; label: string }> | undefined;
  /** The draft's parameter form, when the viewer may edit the draft. */
  draftFields?: Field[] | undefined;
}

/** The form that edits a draft's terms. */
export const DRAFT_FORM = 'clause-EDIT_DRAFT';

const placementFields = fieldsFromSchema(jsonSchemaOf(placementInput));
const reportFields = fieldsFromSchema(jsonSchemaOf(reportInput));
const openingFields = fieldsFromSchema(jsonSchemaOf(openingInput));
const offerFields = fieldsFromSchema(jsonSchemaOf(offerInput));
export const CLAUSE_FORMS = { placementFields, reportFields, openingFields, offerFields };

/** What a passed first-job milestone found, in words: the job offered or started, and when (the earlier of the two). */
function firstJobFound(milestone: { firstStartDate?: string | null; firstOfferDate?: string | null } | null | undefined, words: Words): string | null {
  const started = milestone?.firstStartDate ?? null;
  const offered = milestone?.firstOfferDate ?? null;
  if (offered !== null && (started === null || offered < started)) return words.t('firstJobOffered').replace('{date}', words.date(offered));
  return started === null ? null : words.t('firstJobStarted').replace('{date}', words.date(started));
}

/** The clause's target groups: every one when it names none. */
const targetGroupsOf = (clause: ClauseView): readonly string[] =>
  findTemplate(clause.templateId, clause.templateVersion)?.targetGroups(clause.params as never) ?? TARGET_GROUPS;

/** The placement form as the clause takes it: only the clause's target groups are offered, in words. */
export function placementFieldsFor(groups: readonly string[], words: Words) {
  return fieldsFromSchema(jsonSchemaOf(placementInput), { targetGroup: groups.map((group) => ({ value: group, label: words.targetGroup(group) })) });
}

/** How a placement ended early: the reason's code in words (version 2), and the reason as written. */
function earlyEnd(item: ItemView, words: Words): string {
  if (item.endedAs !== 'endedEarly') return '';
  const code = item.endReasonCode as EarlyEndReason | null | undefined;
  const said = [code ? earlyEndReasonLabel(words.lang, code) : null, item.endReason ? String(item.endReason) : null].filter(Boolean).join(': ');
  return ` · ${eventLabel(words.lang, 'END_EARLY')}${said ? ` (${said})` : ''}`;
}

function DeadlineList(props: { clause: ClauseView; words: Words }): Child {
  const { clause, words } = props;
  if (clause.deadlines.length === 0) return <p>{words.t('noneYet')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{words.t('deadlines')}</th>
            <th>{words.lang === 'sv' ? 'Förfaller' : 'Due'}</th>
            <th>{words.t('state')}</th>
          </tr>
        </thead>
        <tbody>
          {clause.deadlines.map((d) => (
            <tr>
              <td>
                {deadlineLabel(words.lang, d.kind)}
                {d.milestone?.notice ? ` ${d.milestone.notice}` : ''}
                {d.period ? ` ${words.date(d.period.start)} – ${words.date(d.period.end)}` : ''}
                {d.kind === 'firstJob' && firstJobFound(d.milestone, words) ? (
                  <>
                    <br />
                    <small>{firstJobFound(d.milestone, words)}</small>
                  </>
                ) : null}
              </td>
              <td>{dueWhen(d, words)}</td>
              <td>
                <Badge kind={d.overdue ? 'overdue' : d.metLate || d.milestone?.status === 'met' ? 'met' : d.status}>
                  {d.overdue ? words.t('overdue') : deadlineLabel(words.lang, d.metLate ? 'metLate' : (d.milestone?.status ?? d.status))}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rungs of the sanction ladder the clause has climbed: written notices with their answers, vite claimed, termination. */
function Ladder(props: { clause: ClauseView; words: Words }): Child {
  const { clause, words } = props;
  if (clause.corrections.length === 0 && !clause.sanction && !clause.termination) return null;
  return (
    <section class="card" aria-labelledby="ladder">
      <h2 id="ladder">{words.t('sanctionLadder')}</h2>
      {clause.corrections.length === 0 ? null : (
        <ol class="timeline">
          {clause.corrections.map((notice) => (
            <li id={`correction-${notice.number}`}>
              <strong>{words.t('correctionNumber').replace('{n}', String(notice.number))}</strong> · {words.t('correctionDueBy')} {words.date(notice.dueDate)}
              <br />
              {notice.reason}
              <br />
              {notice.answer ? (
                <>
                  <Badge kind="met">{words.t('correctionAnswered')}</Badge> {words.date(notice.answer.answeredOn)}: {notice.answer.description}
                </>
              ) : (
                <Badge kind="upcoming">{words.t('correctionUnanswered')}</Badge>
              )}
            </li>
          ))}
        </ol>
      )}
      {clause.sanction ? (
        <p>
          {words.t('viteClaimed')}:{' '}
          <strong>
            {clause.vite?.capSek
              ? fill(words.t('viteWithinCap'), { amount: words.sek(clause.sanction.amountSek), cap: words.sek(clause.vite.capSek) })
              : words.sek(clause.sanction.amountSek)}
          </strong>
          <br />
          {words.t('reasonGiven')}: {clause.sanction.reason}
        </p>
      ) : null}
      {clause.termination ? (
        <p>
          {words.t('terminatedFrom')} <strong>{words.date(clause.termination.effectiveDate)}</strong>
          <br />
          {words.t('reasonGiven')}: {clause.termination.reason}
        </p>
      ) : null}
    </section>
  );
}

function Timeline(props: { history: HistoryView[]; names: Map<string, string>; words: Words }): Child {
  const { words } = props;
  return (
    <ol class="timeline">
      {[...props.history].reverse().map((entry) => (
        <li>
          <strong>{entry.type === 'CREATE' ? (words.lang === 'sv' ? 'Skapad' : 'Created') : eventLabel(words.lang, entry.type)}</strong>
          {' · '}
          {entry.from ? `${clauseStateLabel(words.lang, entry.from)} → ` : ''}
          {clauseStateLabel(words.lang, entry.to)}
          {entry.type === 'FIRST_JOB_DUE' && firstJobFound(entry.payload, words) ? ` · ${firstJobFound(entry.payload, words)}` : ''}
          <br />
          <small>
            {words.dateTime(entry.at)} · {words.actor(entry.actorUserId ? props.names.get(entry.actorUserId) : undefined, entry.actorRole)}
          </small>
        </li>
      ))}
    </ol>
  );
}

/** A file's media type as people name it. */
function fileType(mediaType: string, words: Words): string {
  if (mediaType === 'application/pdf') return words.t('fileTypePdf');
  if (mediaType.startsWith('image/')) return words.t('fileTypeImage');
  if (mediaType === 'text/csv') return words.t('fileTypeCsv');
  if (mediaType.includes('spreadsheetml')) return words.t('fileTypeXlsx');
  return words.t('fileTypeOther');
}

/** The files submitted as evidence for an item, each a link to download it with its type, size and date: what the auditor looks at before verifying. */
function EvidenceList(props: { files: EvidenceView[]; words: Words }): Child {
  const { files, words } = props;
  if (files.length === 0) return null;
  return (
    <div class="evidence">
      <strong>{words.t('evidenceListed')}</strong>
      <ul>
        {files.map((file) => (
          <li>
            <a href={`/app/evidence/${file.id}`} download={file.fileName}>
              {file.fileName}
            </a>{' '}
            · {fileType(file.mediaType, words)} · {words.number(Math.max(1, Math.ceil(file.sizeBytes / 1024)), 0)} kB ·{' '}
            {words.t('uploadedOn').replace('{date}', words.date(file.uploadedAt))}
            {file.description ? ` · ${file.description}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A placement's target-group attestation: who issued it, its reference and date. */
function Attestation(props: { attestation: unknown; words: Words }): Child {
  const a = props.attestation as { issuer?: string; reference?: string; date?: string } | undefined;
  if (!a?.reference) return null;
  const { words } = props;
  return (
    <p class="attestation">
      {words.t('attestation')}: {a.issuer ?? ''}, {words.t('attestationRef')} {a.reference}, {words.date(a.date)}
    </p>
  );
}

/** A period report's figures: total hours, and each part reported (local, disadvantaged, apprentice, training hours). */
function ReportFigures(props: { report: ItemView; words: Words }): Child {
  const { report, words } = props;
  const parts = (['localLabourHours', 'disadvantagedLabourHours', 'apprenticeHours', 'trainingHours'] as const).filter(
    (name) => typeof report[name] === 'number',
  );
  return (
    <>
      {words.number(Number(report.totalLabourHours), 0)} {words.t('hoursInAll')}
      {parts.length > 0 ? (
        <ul>
          {parts.map((name) => (
            <li>
              {fieldLabel(words.lang, name)}: {words.number(Number(report[name]), 0)} h
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The workflow of each kind of item the clause page lists. */
const WORKFLOW_OF_KIND = { placement: 'placement', report: 'period-report', opening: 'opening', offer: 'employment-offer' } as const;

/** A placement, report, opening or offer with the actions the viewer may take on it. */
function Items(props: {
  kind: keyof typeof WORKFLOW_OF_KIND;
  items: ItemView[];
  actor: Actor;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  describe(item: ItemView): Child;
  /** Placements and reports: their evidence files, listed, and the contractor's upload form. */
  evidence?: Map<string, EvidenceView[]>;
  choices?: Choices;
}): Child {
  const { words } = props;
  const workflowId = WORKFLOW_OF_KIND[props.kind];
  if (props.items.length === 0) return <p>{words.t('noneYet')}</p>;
  return (
    <div class="grid">
      {props.items.map((item) => (
        <div class="card" id={`${props.kind}-${item.id}`}>
          <div>{props.describe(item)}</div>
          <p>
            <Badge kind={item.state}>{itemStateLabel(words.lang, workflowId, item.state)}</Badge>
          </p>
          {props.evidence ? <EvidenceList files={props.evidence.get(item.id) ?? []} words={words} /> : null}
          <EventForms
            prefix={`${props.kind}-${item.id}`}
            action={`/app/${props.kind}s/${item.id}/events`}
            workflow={findWorkflow(workflowId, item.workflowVersion) ?? latestWorkflow(workflowId)}
            allowed={item.allowedEvents}
            version={item.version}
            csrfToken={props.csrfToken}
            words={words}
            failed={props.failed}
            choices={props.choices}
          />
          {props.evidence && props.actor.role === 'contractor' && !item.final ? (
            <ActionForm
              id={`evidence-${item.id}`}
              summary={words.t('evidence')}
              action={`/app/${props.kind}s/${item.id}/evidence`}
              csrfToken={props.csrfToken}
              words={words}
              multipart
              submit={words.t('upload')}
              failed={props.failed}
              fields={[{ name: 'description', kind: 'text', required: false }]}
              extra={
                <div class="field">
                  <label for={`evidence-${item.id}-file`}>{words.t('evidenceFile')}</label>
                  <input type="file" id={`evidence-${item.id}-file`} name="file" required />
                </div>
              }
            />
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** Where a section of the clause's items is drawn: the page's clause and viewer, and whether the viewer may add items (the contractor in delivery). */
interface SectionContext {
  clause: ClauseView;
  actor: Actor;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  mayAdd: boolean;
}

/**
 * A section of the awarded clause's items (openings, offers): its heading, the
 * contractor's form for a new one when it may add one, and the items; nothing
 * while there are none and none may be added.
 */
function ItemSection(props: {
  kind: 'opening' | 'offer';
  title: string;
  help?: string;
  newForm: { summary: string; path: string; fields: Field[] };
  items: ItemView[];
  on: SectionContext;
  describe(item: ItemView): Child;
}): Child {
  const { kind, newForm, on } = props;
  if (!on.clause.contract || (props.items.length === 0 && !on.mayAdd)) return null;
  return (
    <section aria-labelledby={`${kind}s`}>
      <h2 id={`${kind}s`}>{props.title}</h2>
      {props.help ? <p>{props.help}</p> : null}
      {on.mayAdd ? (
        <ActionForm
          id={`${kind}-new`}
          summary={newForm.summary}
          action={`/app/clauses/${on.clause.id}/${newForm.path}`}
          csrfToken={on.csrfToken}
          words={on.words}
          fields={newForm.fields}
          failed={on.failed}
        />
      ) : null}
      <Items kind={kind} items={props.items} actor={on.actor} csrfToken={on.csrfToken} words={on.words} failed={on.failed} describe={props.describe} />
    </section>
  );
}

/** Proposals for the clause's openings that wait for the supplier's answer, each a link to its card on the opening's page. */
export function WaitingProposals(props: { proposals: ItemView[]; words: Words; mine: boolean }): Child {
  const { words } = props;
  return (
    <div class="waiting-proposals">
      <p>{words.t(props.mine ? 'proposalsAwaitingYou' : 'proposalsAwaitingSupplier')}:</p>
      <ul>
        {props.proposals.map((proposal) => (
          <li>
            <a href={`/app/openings/${String(proposal.openingId)}#proposal-${proposal.id}`}>{String(proposal.candidateRef)}</a> ·{' '}
            {words.targetGroup(proposal.targetGroup)} · {itemStateLabel(words.lang, 'proposal', proposal.state)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** How many waiting items the panel names before it says how many more there are. */
const TASKS_LISTED = 8;

/**
 * What else the viewer can do on the page, beside the clause's own events:
 * the items below that wait for them (a placement to start or verify, a
 * report to answer, an offer's answer) and what they may add, each a link to
 * its form; "nothing to do" only when there is nothing at all.
 */
function ElsewhereOnThePage(props: { data: ClausePageData; words: Words; mayAdd: boolean; clauseWaits: boolean }): Child {
  const { data, words } = props;
  const waiting = [
    ...data.placements.map((item) => ({ kind: 'placement' as const, item, name: String(item.participantRef) })),
    ...data.reports.map((item) => ({
      kind: 'report' as const,
      item,
      name: `${words.date(String(item.periodStart))} – ${words.date(String(item.periodEnd))}`,
    })),
    ...data.openings.map((item) => ({ kind: 'opening' as const, item, name: String(item.role) })),
    ...data.offers.map((item) => ({ kind: 'offer' as const, item, name: String(item.participantRef) })),
  ].filter(({ item }) => item.allowedEvents.length > 0);
  const adds = props.mayAdd
    ? [
        ['placement-new', words.t('registerPlacement')],
        ['report-new', words.t('submitReport')],
        ['opening-new', words.t('publishOpening')],
        ['offer-new', words.t('recordOffer')],
      ]
    : [];
  const proposals = [...data.waitingProposals.values()].flat().filter((proposal) => proposal.allowedEvents.length > 0);
  if (waiting.length === 0 && adds.length === 0 && proposals.length === 0) return props.clauseWaits ? null : <p>{words.t('noActions')}</p>;
  return (
    <>
      {proposals.length > 0 ? <WaitingProposals proposals={proposals} words={words} mine /> : null}
      {waiting.length > 0 ? (
        <>
          <p>{words.t('waitingBelow')}</p>
          <ul>
            {waiting.slice(0, TASKS_LISTED).map(({ kind, item, name }) => (
              <li>
                <a href={`#${kind}-${item.id}`}>{name}</a>: {item.allowedEvents.map((type) => eventLabel(words.lang, type, WORKFLOW_OF_KIND[kind])).join(', ')}
              </li>
            ))}
          </ul>
          {waiting.length > TASKS_LISTED ? <p>{words.t('andMore').replace('{n}', words.number(waiting.length - TASKS_LISTED))}</p> : null}
        </>
      ) : null}
      {adds.length > 0 ? (
        <p>
          {words.t('youMayAdd')}{' '}
          {adds.map(([id, label], index) => (
            <>
              {index > 0 ? ' · ' : ''}
              <a href={`#${id}`}>{label}</a>
            </>
          ))}
        </p>
      ) : null}
    </>
  );
}

/** Where a clause's placements or reports are drawn: on the clause's page, and on its subcontractor's (src/web/pages/subcontractor-clause.tsx). */
export interface DeliverySectionProps {
  clauseId: string;
  /** Whether the viewer may register new ones: a contractor (or subcontractor) while the clause registers delivery. */
  mayAdd: boolean;
  evidence: Map<string, EvidenceView[]>;
  actor: Actor;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  /** Who registered an item, where the viewer sees others' than its own (" · Registrerad av underleverantören …"). */
  registeredBy?: (item: ItemView) => string;
}

/** The clause's placements: the forms that register one or import a CSV file, and each placement with its evidence and actions. */
export function PlacementsSection(props: DeliverySectionProps & { items: ItemView[]; fields: Field[] }): Child {
  const { clauseId, csrfToken, words, failed } = props;
  return (
    <section aria-labelledby="placements">
      <h2 id="placements">{words.t('placements')}</h2>
      {props.mayAdd ? (
        <>
          <ActionForm
            id="placement-new"
            summary={words.t('registerPlacement')}
            action={`/app/clauses/${clauseId}/placements`}
            csrfToken={csrfToken}
            words={words}
            fields={props.fields}
            failed={failed}
          />
          <ActionForm
            id="placement-import"
            summary={words.t('importCsv')}
            action={`/app/clauses/${clauseId}/placements/import`}
            csrfToken={csrfToken}
            words={words}
            multipart
            submit={words.t('upload')}
            fields={[]}
            failed={failed}
            extra={
              <div class="field">
                <label for="placement-import-file">{words.t('csvFile')}</label>
                <input type="file" id="placement-import-file" name="file" accept=".csv,text/csv" required />
                <small class="help">
                  {words.t('csvColumns')} <code translate="no">{PLACEMENT_CSV_COLUMNS.join(', ')}</code>
                </small>
              </div>
            }
          />
        </>
      ) : null}
      <Items
        kind="placement"
        items={props.items}
        actor={props.actor}
        csrfToken={csrfToken}
        words={words}
        failed={failed}
        evidence={props.evidence}
        choices={{ reasonCode: earlyEndReasonOptions(words.lang) }}
        describe={(p) => (
          <>
            <strong>{String(p.participantRef)}</strong> · {String(p.role)} · {words.targetGroup(p.targetGroup)}
            <br />
            {words.date(String(p.startDate))} – {words.date(String(p.endDate ?? p.plannedEndDate))}
            {earlyEnd(p, words)}
            {props.registeredBy?.(p) ?? ''}
            {p.outcome ? ` · ${words.option('outcome', { value: String(p.outcome), label: String(p.outcome) })}` : ''}
            <Attestation attestation={p.attestation} words={words} />
            <PrimeReturns item={p} words={words} />
            {typeof p.rejection === 'string' ? (
              <p>
                {words.t('rejectionReason')}: {p.rejection}
              </p>
            ) : null}
          </>
        )}
      />
    </section>
  );
}

/** The clause's period reports: the form that submits one, and each report with its figures, the auditor's queries, evidence and actions. */
export function ReportsSection(props: DeliverySectionProps & { items: ItemView[] }): Child {
  const { clauseId, csrfToken, words, failed } = props;
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">{words.t('reports')}</h2>
      {props.mayAdd ? (
        <ActionForm
          id="report-new"
          summary={words.t('submitReport')}
          action={`/app/clauses/${clauseId}/reports`}
          csrfToken={csrfToken}
          words={words}
          fields={reportFields}
          failed={failed}
        />
      ) : null}
      <Items
        kind="report"
        items={props.items}
        actor={props.actor}
        csrfToken={csrfToken}
        words={words}
        failed={failed}
        evidence={props.evidence}
        describe={(r) => (
          <>
            <strong>
              {words.date(String(r.periodStart))} – {words.date(String(r.periodEnd))}
            </strong>
            {props.registeredBy?.(r) ?? ''}
            <br />
            <ReportFigures report={r} words={words} />
            <PrimeReturns item={r} words={words} />
            {((r.queries as string[] | undefined) ?? []).map((query) => (
              <p>
                {words.t('auditorsQuery')}: {query}
              </p>
            ))}
            {r.acceptanceNote ? (
              <p>
                {words.t('noteGiven')}: {String(r.acceptanceNote)}
              </p>
            ) : null}
          </>
        )}
      />
    </section>
  );
}

export function ClausePage(props: { data: ClausePageData; actor: Actor; csrfToken: string; words: Words; failed?: Failed | undefined }): Child {
  const { data, actor, csrfToken, words, failed } = props;
  const { clause } = data;
  const workflow = findWorkflow(clause.workflowId, clause.workflowVersion)!;
  const delivering = clauseStateHasTag(clause.state, 'registering');
  const isContractor = actor.role === 'contractor';
  const section: SectionContext = { clause, actor, csrfToken, words, failed, mayAdd: isContractor && delivering };
  const delivery: DeliverySectionProps = {
    clauseId: clause.id,
    mayAdd: section.mayAdd,
    evidence: data.evidence,
    actor,
    csrfToken,
    words,
    failed,
    registeredBy: (item) => registeredBy(item, clause, words),
  };
  return (
    <>
      <StatusPanel data={data} workflow={workflow} words={words} />
      <section class="card" aria-labelledby="now">
        <h2 id="now">{words.t('actions')}</h2>
        <ElsewhereOnThePage data={data} words={words} mayAdd={section.mayAdd} clauseWaits={clause.allowedEvents.length > 0} />
        {clause.allowedEvents.some((e) => e === 'CLAIM_VITE' || e === 'IMPOSE_SANCTION') && clause.vite ? (
          <p>
            {words.t('computedVite')}: <strong>{words.sek(clause.vite.computedSek)}</strong> · {words.t('viteCap')}: {words.sek(clause.vite.capSek)}
          </p>
        ) : null}
        {clause.allowedEvents.some((e) => e === 'CONFIRM_FULFILLED' || e === 'RECORD_SHORTFALL') ? (
          <ProgressBar fulfilment={clause.fulfilment} words={words} />
        ) : null}
        {clauseStateHasTag(clause.state, 'reviewingPlan') ? <Plans clause={clause} words={words} /> : null}
        {data.draftFields ? (
          <ActionForm
            id={DRAFT_FORM}
            summary={eventLabel(words.lang, 'EDIT_DRAFT')}
            action={`/app/clauses/${clause.id}/draft`}
            csrfToken={csrfToken}
            words={words}
            fields={data.draftFields}
            failed={failed}
            hidden={{ _version: clause.version }}
            values={flatten({ language: clause.language, params: clause.params })}
          />
        ) : null}
        <EventForms
          prefix="clause"
          action={`/app/clauses/${clause.id}/events`}
          workflow={workflow}
          allowed={clause.allowedEvents.filter((e) => e !== 'EDIT_DRAFT')}
          version={clause.version}
          csrfToken={csrfToken}
          words={words}
          failed={failed}
          choices={data.choices}
          about={{ supplier: data.facts.supplier?.name, contractEnd: clause.contract?.endDate ?? null, today: data.today }}
        />
      </section>
      <ContractFacts data={data} words={words} />
      <Decisions data={data} actor={actor} words={words} />
      <section class="card" aria-labelledby="progress">
        <h2 id="progress">{words.t('progress')}</h2>
        <ProgressBar fulfilment={clause.fulfilment} words={words} />
        <h3>{words.t('deadlines')}</h3>
        <DeadlineList clause={clause} words={words} />
      </section>
      <Ladder clause={clause} words={words} />
      <SubcontractingSection clause={clause} actor={actor} csrfToken={csrfToken} words={words} failed={failed} choices={data.subcontractorChoices ?? []} />
      <PlacementsSection
        {...delivery}
        items={data.placements}
        fields={chooseSupervisor(placementFieldsFor(targetGroupsOf(clause), words), data.supervisorOptions ?? [])}
      />
      <ReportsSection {...delivery} items={data.reports} />
      <ItemSection
        kind="opening"
        title={words.t('openings')}
        newForm={{ summary: words.t('publishOpening'), path: 'openings', fields: chooseSupervisor(openingFields, data.supervisorOptions ?? []) }}
        items={data.openings}
        on={section}
        describe={(o) => (
          <>
            <a href={`/app/openings/${o.id}`}>
              <strong>{String(o.role)}</strong>
            </a>{' '}
            · {words.date(String(o.startDate))} · {String(o.weeks)} {words.t('weeksShort')} · {words.t('supervisorTrained')}:{' '}
            {(o.supervisor as { trained: boolean }).trained ? words.t('yes') : words.t('no')}
            {data.waitingProposals.get(o.id)?.length ? (
              <WaitingProposals proposals={data.waitingProposals.get(o.id)!} words={words} mine={isContractor} />
            ) : null}
          </>
        )}
      />
      <ItemSection
        kind="offer"
        title={words.t('offers')}
        help={words.t('offersHelp')}
        newForm={{ summary: words.t('recordOffer'), path: 'offers', fields: offerFields }}
        items={data.offers}
        on={section}
        describe={(o) => (
          <>
            <strong>{String(o.participantRef)}</strong> · {String(o.role)} · {words.targetGroup(o.targetGroup)}
            <br />
            {words.date(String(o.offeredDate))} · {words.number(Number(o.hoursPerWeek))} h
            {o.answeredDate ? ` · ${words.t('answered')} ${words.date(String(o.answeredDate))}` : ''}
          </>
        )}
      />
      <section class="card" aria-labelledby="text">
        <h2 id="text">{words.t('clauseText')}</h2>
        <p class="clause-text" lang={clause.language}>
          {clause.text}
        </p>
      </section>
      <section class="card" aria-labelledby="history">
        <h2 id="history">{words.t('history')}</h2>
        <Timeline history={data.history} names={data.names} words={words} />
      </section>
    </>
  );
}
