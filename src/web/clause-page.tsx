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
import type { ClauseView, HistoryView } from '../engine/clause-view.ts';
import type { EvidenceView } from '../engine/evidence.ts';
import type { ItemView } from '../engine/instances.ts';
import { fieldsFromSchema, type Choices, type Field } from './forms.tsx';
import { ActionForm, Badge, EventForms, jsonSchemaOf, ProgressBar, type Failed } from './components.tsx';
import { StatechartSvg } from './diagram.tsx';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { clauseStateLabel, deadlineLabel, earlyEndReasonLabel, earlyEndReasonOptions, eventLabel, itemStateLabel, type Words } from './i18n.ts';

export interface ClausePageData {
  clause: ClauseView;
  history: HistoryView[];
  names: Map<string, string>;
  placements: ItemView[];
  reports: ItemView[];
  openings: ItemView[];
  offers: ItemView[];
  /** The evidence files the viewer may see, by placement or report id. */
  evidence: Map<string, EvidenceView[]>;
  choices: Choices;
}

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

/** The placement form as the clause takes it: only the clause's target groups are offered, in words. */
function placementFieldsFor(clause: ClauseView, words: Words) {
  const groups = findTemplate(clause.templateId, clause.templateVersion)?.targetGroups(clause.params as never) ?? TARGET_GROUPS;
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
              <td>{words.dateTime(d.dueAt)}</td>
              <td>
                <Badge kind={d.overdue ? 'overdue' : d.milestone?.status === 'met' ? 'met' : d.status}>
                  {d.overdue ? words.t('overdue') : deadlineLabel(words.lang, d.milestone?.status ?? d.status)}
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
      {clause.corrections.length === 0 ? <p>{words.t('noneYet')}</p> : null}
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
      {clause.sanction ? (
        <p>
          {words.t('viteClaimed')}: <strong>{words.sek(clause.sanction.amountSek)}</strong> · {clause.sanction.reason}
        </p>
      ) : null}
      {clause.termination ? (
        <p>
          {words.t('terminatedFrom')} <strong>{words.date(clause.termination.effectiveDate)}</strong> · {clause.termination.reason}
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
            {words.dateTime(entry.at)} · {entry.actorUserId ? (props.names.get(entry.actorUserId) ?? entry.actorRole) : 'Klausul'} (
            {words.role(entry.actorRole)})
          </small>
        </li>
      ))}
    </ol>
  );
}

/** The files submitted as evidence for an item, each a link to download it: what the auditor looks at before verifying. */
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
            · {words.number(Math.ceil(file.sizeBytes / 1024), 0)} kB · {words.date(file.uploadedAt)}
            {file.description ? ` · ${file.description}` : ''}
          </li>
        ))}
      </ul>
    </div>
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
  if (waiting.length === 0 && adds.length === 0) return props.clauseWaits ? null : <p>{words.t('noActions')}</p>;
  return (
    <>
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

export function ClausePage(props: { data: ClausePageData; actor: Actor; csrfToken: string; words: Words; failed?: Failed | undefined }): Child {
  const { data, actor, csrfToken, words, failed } = props;
  const { clause } = data;
  const workflow = findWorkflow(clause.workflowId, clause.workflowVersion)!;
  const template = findTemplate(clause.templateId, clause.templateVersion);
  const delivering = clauseStateHasTag(clause.state, 'registering');
  const isContractor = actor.role === 'contractor';
  const section: SectionContext = { clause, actor, csrfToken, words, failed, mayAdd: isContractor && delivering };
  const nextDeadline = clause.deadlines.filter((d) => d.status === 'upcoming').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return (
    <>
      <p>
        {template?.title[words.lang] ?? clause.templateId} · {words.t('version')} {clause.version} ·{' '}
        <a href={`/app/tenders/${clause.tenderId}`}>{words.lang === 'sv' ? 'Upphandlingen' : 'The tender'}</a>
        {clause.overdue ? (
          <>
            {' '}
            <Badge kind="overdue">{words.t('overdue')}</Badge>
          </>
        ) : null}
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="where">
          <h2 id="where">{words.t('statechart')}</h2>
          <StatechartSvg
            workflow={workflow}
            current={clause.state}
            possible={clause.allowedEvents}
            lang={words.lang}
            label={words.t('currentState')}
            stateLabel={(state) => clauseStateLabel(words.lang, state)}
          />
        </section>
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
          {clause.plan && clauseStateHasTag(clause.state, 'reviewingPlan') ? <p class="clause-text">{clause.plan.description}</p> : null}
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
          />
        </section>
      </div>
      <section class="card" aria-labelledby="progress">
        <h2 id="progress">{words.t('progress')}</h2>
        <ProgressBar fulfilment={clause.fulfilment} words={words} />
        {nextDeadline ? (
          <p>
            {words.t('nextDeadline')}: {deadlineLabel(words.lang, nextDeadline.kind)} · {words.dateTime(nextDeadline.dueAt)}
          </p>
        ) : null}
        <h3>{words.t('deadlines')}</h3>
        <DeadlineList clause={clause} words={words} />
      </section>
      <Ladder clause={clause} words={words} />
      <section aria-labelledby="placements">
        <h2 id="placements">{words.t('placements')}</h2>
        {isContractor && delivering ? (
          <>
            <ActionForm
              id="placement-new"
              summary={words.t('registerPlacement')}
              action={`/app/clauses/${clause.id}/placements`}
              csrfToken={csrfToken}
              words={words}
              fields={placementFieldsFor(clause, words)}
              failed={failed}
            />
            <ActionForm
              id="placement-import"
              summary={words.t('importCsv')}
              action={`/app/clauses/${clause.id}/placements/import`}
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
                    participantRef, targetGroup, attestationIssuer, attestationReference, attestationDate, role, site, startDate, plannedEndDate, fte,
                    hoursPerWeek
                  </small>
                </div>
              }
            />
          </>
        ) : null}
        <Items
          kind="placement"
          items={data.placements}
          actor={actor}
          csrfToken={csrfToken}
          words={words}
          failed={failed}
          evidence={data.evidence}
          choices={{ reasonCode: earlyEndReasonOptions(words.lang) }}
          describe={(p) => (
            <>
              <strong>{String(p.participantRef)}</strong> · {String(p.role)} · {words.targetGroup(p.targetGroup)}
              <br />
              {words.date(String(p.startDate))} – {words.date(String(p.endDate ?? p.plannedEndDate))}
              {earlyEnd(p, words)}
              {p.outcome ? ` · ${words.option('outcome', { value: String(p.outcome), label: String(p.outcome) })}` : ''}
            </>
          )}
        />
      </section>
      <section aria-labelledby="reports">
        <h2 id="reports">{words.t('reports')}</h2>
        {isContractor && delivering ? (
          <ActionForm
            id="report-new"
            summary={words.t('submitReport')}
            action={`/app/clauses/${clause.id}/reports`}
            csrfToken={csrfToken}
            words={words}
            fields={reportFields}
            failed={failed}
          />
        ) : null}
        <Items
          kind="report"
          items={data.reports}
          actor={actor}
          csrfToken={csrfToken}
          words={words}
          failed={failed}
          evidence={data.evidence}
          describe={(r) => (
            <>
              <strong>
                {words.date(String(r.periodStart))} – {words.date(String(r.periodEnd))}
              </strong>
              <br />
              {words.number(Number(r.totalLabourHours), 0)} h
            </>
          )}
        />
      </section>
      <ItemSection
        kind="opening"
        title={words.t('openings')}
        newForm={{ summary: words.t('publishOpening'), path: 'openings', fields: openingFields }}
        items={data.openings}
        on={section}
        describe={(o) => (
          <>
            <a href={`/app/openings/${o.id}`}>
              <strong>{String(o.role)}</strong>
            </a>{' '}
            · {words.date(String(o.startDate))} · {String(o.weeks)} v · {words.t('supervisorTrained')}:{' '}
            {(o.supervisor as { trained: boolean }).trained ? words.t('yes') : words.t('no')}
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
            <strong>{String(o.participantRef)}</strong> · {String(o.role)} · {String(o.targetGroup)}
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
