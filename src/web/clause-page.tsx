/**
 * Every clause's page: where it stands in its statechart, what the signed-in
 * user may do now (nothing else), progress toward the target, deadlines, the
 * history as a timeline, and the clause's placements, reports and openings
 * with their own actions.
 */
import type { Child } from 'hono/jsx';
import { findWorkflow, latestWorkflow } from '../../workflows/index.ts';
import { openingInput } from '../../workflows/opening.ts';
import { reportInput } from '../../workflows/period-report.ts';
import { placementInput, type EarlyEndReason } from '../../workflows/placement.ts';
import { clauseStateHasTag } from '../../workflows/states.ts';
import { findTemplate } from '../../templates/index.ts';
import type { Actor } from '../domain/roles.ts';
import type { ClauseView, HistoryView } from '../engine/clause-view.ts';
import type { ItemView } from '../engine/instances.ts';
import { fieldsFromSchema, type Choices } from './forms.tsx';
import { ActionForm, Badge, EventForms, jsonSchemaOf, ProgressBar, type Failed } from './components.tsx';
import { StatechartSvg } from './diagram.tsx';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import { earlyEndReasonLabel, earlyEndReasonOptions, eventLabel, type Words } from './i18n.ts';

export interface ClausePageData {
  clause: ClauseView;
  history: HistoryView[];
  names: Map<string, string>;
  placements: ItemView[];
  reports: ItemView[];
  openings: ItemView[];
  choices: Choices;
}

const placementFields = fieldsFromSchema(jsonSchemaOf(placementInput));
const reportFields = fieldsFromSchema(jsonSchemaOf(reportInput));
const openingFields = fieldsFromSchema(jsonSchemaOf(openingInput));
export const CLAUSE_FORMS = { placementFields, reportFields, openingFields };

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
                {d.kind}
                {d.period ? ` ${words.date(d.period.start)} – ${words.date(d.period.end)}` : ''}
              </td>
              <td>{words.dateTime(d.dueAt)}</td>
              <td>
                <Badge kind={d.overdue ? 'overdue' : d.milestone?.status === 'met' ? 'met' : d.status}>
                  {d.overdue ? words.t('overdue') : (d.milestone?.status ?? d.status)}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
          {entry.from ? `${entry.from} → ` : ''}
          {entry.to}
          <br />
          <small>
            {words.dateTime(entry.at)} · {entry.actorUserId ? (props.names.get(entry.actorUserId) ?? entry.actorRole) : 'Klausul'} ({entry.actorRole})
          </small>
        </li>
      ))}
    </ol>
  );
}

/** A placement, report or opening with the actions the viewer may take on it. */
function Items(props: {
  kind: 'placement' | 'report' | 'opening';
  items: ItemView[];
  actor: Actor;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  describe(item: ItemView): Child;
  evidence?: boolean;
  choices?: Choices;
}): Child {
  const { words } = props;
  const workflowId = props.kind === 'report' ? 'period-report' : props.kind;
  if (props.items.length === 0) return <p>{words.t('noneYet')}</p>;
  return (
    <div class="grid">
      {props.items.map((item) => (
        <div class="card" id={`${props.kind}-${item.id}`}>
          <div>{props.describe(item)}</div>
          <p>
            <Badge kind={item.state}>{item.state}</Badge>
          </p>
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

export function ClausePage(props: { data: ClausePageData; actor: Actor; csrfToken: string; words: Words; failed?: Failed | undefined }): Child {
  const { data, actor, csrfToken, words, failed } = props;
  const { clause } = data;
  const workflow = findWorkflow(clause.workflowId, clause.workflowVersion)!;
  const template = findTemplate(clause.templateId, clause.templateVersion);
  const delivering = clauseStateHasTag(clause.state, 'registering');
  const isContractor = actor.role === 'contractor';
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
          <StatechartSvg workflow={workflow} current={clause.state} possible={clause.allowedEvents} lang={words.lang} label={words.t('currentState')} />
        </section>
        <section class="card" aria-labelledby="now">
          <h2 id="now">{words.t('actions')}</h2>
          {clause.allowedEvents.length === 0 ? <p>{words.t('noActions')}</p> : null}
          {clause.allowedEvents.includes('IMPOSE_SANCTION') && clause.vite ? (
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
            {words.t('nextDeadline')}: {nextDeadline.kind} · {words.dateTime(nextDeadline.dueAt)}
          </p>
        ) : null}
        <h3>{words.t('deadlines')}</h3>
        <DeadlineList clause={clause} words={words} />
      </section>
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
          evidence
          choices={{ reasonCode: earlyEndReasonOptions(words.lang) }}
          describe={(p) => (
            <>
              <strong>{String(p.participantRef)}</strong> · {String(p.role)} · {words.targetGroup(p.targetGroup)}
              <br />
              {words.date(String(p.startDate))} – {words.date(String(p.endDate ?? p.plannedEndDate))}
              {earlyEnd(p, words)}
              {p.outcome ? ` · ${String(p.outcome)}` : ''}
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
          evidence
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
      {clause.contract && (data.openings.length > 0 || (isContractor && delivering)) ? (
        <section aria-labelledby="openings">
          <h2 id="openings">{words.t('openings')}</h2>
          {isContractor && delivering ? (
            <ActionForm
              id="opening-new"
              summary={words.t('publishOpening')}
              action={`/app/clauses/${clause.id}/openings`}
              csrfToken={csrfToken}
              words={words}
              fields={openingFields}
              failed={failed}
            />
          ) : null}
          <Items
            kind="opening"
            items={data.openings}
            actor={actor}
            csrfToken={csrfToken}
            words={words}
            failed={failed}
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
        </section>
      ) : null}
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
