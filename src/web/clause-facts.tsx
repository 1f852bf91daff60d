/**
 * The top of a clause's page: where it stands in words (who acts next, and
 * what), the next deadline as a date, the requests that wait for an answer,
 * the statechart in a panel that opens; then the contract's facts (parties,
 * tender, value, period, target, the plan in force) and every decision with
 * its reason, addressed to the party that must act on it.
 */
import type { Child } from 'hono/jsx';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import { clauseStateHasTag, reportStateHasTag } from '../../workflows/states.ts';
import { lastDayOf } from '../domain/deadlines.ts';
import type { Actor } from '../domain/roles.ts';
import type { ClauseFacts } from '../engine/clause-facts.ts';
import type { ClauseView, DeadlineView, HistoryView } from '../engine/clause-view.ts';
import type { ItemView } from '../engine/instances.ts';
import { StatechartSvg } from './diagram.tsx';
import { SupervisionFacts } from './supervision-facts.tsx';
import { clauseStateLabel, deadlineLabel, eventLabel, fieldLabel, type WordKey, type Words } from './i18n.ts';

/** What the page needs of the clause for its top: the clause, its parties by name, its history and the reports and placements that may wait on a query. */
export interface StatusData {
  clause: ClauseView;
  facts: ClauseFacts;
  history: HistoryView[];
  names: Map<string, string>;
  reports: ItemView[];
  placements: ItemView[];
}

/** Each state's sentence, and who acts next (none once the clause is closed). */
const STATUS: Record<string, [WordKey, WordKey]> = {
  draft: ['statusDraft', 'nextDraft'],
  tendering: ['statusTendering', 'nextTendering'],
  'commitment.awaitingPlan': ['statusAwaitingPlan', 'nextAwaitingPlan'],
  'commitment.planReview': ['statusPlanReview', 'nextPlanReview'],
  delivery: ['statusDelivery', 'nextDelivery'],
  verification: ['statusVerification', 'nextVerification'],
  shortfall: ['statusShortfall', 'nextShortfall'],
  remediation: ['statusRemediation', 'nextRemediation'],
  fulfilled: ['statusFulfilled', 'nextClosed'],
  sanctioned: ['statusViteClaimed', 'nextClosed'],
  viteClaimed: ['statusViteClaimed', 'nextClosed'],
  terminated: ['statusTerminated', 'nextClosed'],
  waived: ['statusWaived', 'nextClosed'],
  withdrawn: ['statusWithdrawn', 'nextClosed'],
};

/** A sentence with its {names} filled in. */
export const fill = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);

const partyNames = (facts: ClauseFacts, words: Words) => ({
  buyer: facts.buyer.name,
  supplier: facts.supplier?.name ?? words.t('supplier').toLowerCase(),
});

/** Deadlines set for a date: due at the end of that day. The plan's deadline is counted in days from the award, and keeps its time. */
const DATE_DEADLINES = new Set(['firstJob', 'reportDue', 'contractEnd', 'correctionDue']);

/**
 * When a deadline falls due, as people read it: a deadline set for a date is
 * due at the end of that day (midnight UTC after it) and is shown as that
 * date, without a clock time; so is a remedy deadline set by the remedy
 * plan's completion date. One counted from an event keeps its time.
 */
export function dueWhen(deadline: Pick<DeadlineView, 'dueAt' | 'kind'>, words: Words): string {
  const due = new Date(deadline.dueAt);
  const atMidnight = due.getUTCHours() === 0 && due.getUTCMinutes() === 0 && due.getUTCSeconds() === 0 && due.getUTCMilliseconds() === 0;
  const dateOnly = DATE_DEADLINES.has(deadline.kind) || (deadline.kind === 'remedyDue' && atMidnight);
  return dateOnly ? words.date(lastDayOf(due)) : words.dateTime(deadline.dueAt);
}

/** The requests the clause waits on an answer to: a plan sent back, a shortfall, written notices not answered, reports queried. */
function openRequests(data: StatusData, words: Words): Array<{ what: string; reason: string }> {
  const { clause } = data;
  const requests: Array<{ what: string; reason: string }> = [];
  const lastPlanRequest = clause.planChangeRequests?.at(-1);
  if (clauseStateHasTag(clause.state, 'deadline:planDue') && lastPlanRequest)
    requests.push({ what: eventLabel(words.lang, 'REQUEST_PLAN_CHANGES'), reason: lastPlanRequest });
  if (clauseStateHasTag(clause.state, 'remedyOwed') && clause.shortfall)
    requests.push({ what: eventLabel(words.lang, 'RECORD_SHORTFALL'), reason: clause.shortfall.reason });
  if (!clause.final) {
    for (const notice of clause.corrections.filter((n) => n.answer === null)) {
      requests.push({
        what: `${words.t('correctionNumber').replace('{n}', String(notice.number))} · ${words.t('correctionDueBy')} ${words.date(notice.dueDate)}`,
        reason: notice.reason,
      });
    }
  }
  for (const report of data.reports.filter((r) => reportStateHasTag(r.state, 'awaitingResubmission'))) {
    const queries = (report.queries as string[] | undefined) ?? [];
    requests.push({ what: fill(words.t('reportQueried'), { period: periodOf(report, words) }), reason: queries.at(-1) ?? '' });
  }
  return requests;
}

export const periodOf = (report: ItemView, words: Words): string => `${words.date(String(report.periodStart))} – ${words.date(String(report.periodEnd))}`;

/** The clause's status in words first; the statechart, with its text alternative, in a panel that opens. */
export function StatusPanel(props: { data: StatusData; workflow: WorkflowDefinition; words: Words }): Child {
  const { data, words } = props;
  const { clause } = data;
  const [statusKey, nextKey] = STATUS[clause.state] ?? STATUS[clause.state.split('.')[0]!] ?? ['statusDelivery', 'nextDelivery'];
  const names = { ...partyNames(data.facts, words), tender: data.facts.tender.reference };
  const next = clause.final
    ? undefined
    : clause.deadlines.filter((d) => d.status === 'upcoming' || d.overdue).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const requests = openRequests(data, words);
  return (
    <section class="card status" aria-labelledby="status">
      <h2 id="status">{words.t('statusNow')}</h2>
      <p class="status-line">
        <strong>{fill(words.t(statusKey), names)}</strong>
      </p>
      <p>
        <strong>{words.t('nextStep')}:</strong> {fill(words.t(nextKey), names)}
      </p>
      {requests.length > 0 ? (
        <ul class="requests">
          {requests.map((request) => (
            <li>
              <strong>{request.what}:</strong> {request.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {clause.final ? null : (
        <p>
          <strong>{words.t('nextDeadline')}:</strong>{' '}
          {next
            ? `${deadlineLabel(words.lang, next.kind)} · ${dueWhen(next, words)}${next.overdue ? ` · ${words.t('overdue')}` : ''}`
            : words.t('noDeadlineAhead')}
        </p>
      )}
      <details class="statechart-panel" id="statechart">
        <summary>{words.t('showStatechart')}</summary>
        <StatechartSvg
          workflow={props.workflow}
          current={clause.state}
          possible={clause.allowedEvents}
          lang={words.lang}
          label={words.t('currentState')}
          stateLabel={(state) => clauseStateLabel(words.lang, state)}
          inWords={{ heading: words.t('statechartInWords'), closed: words.t('statechartNoSteps') }}
        />
      </details>
    </section>
  );
}

/** The plan in force (or under review, or sent back), with its milestones; the latest remedy plan too. */
export function Plans(props: { clause: ClauseView; words: Words }): Child {
  const { clause, words } = props;
  const remedy = clause.remedyPlans?.at(-1);
  if (!clause.plan && !remedy) return null;
  const planState = clauseStateHasTag(clause.state, 'reviewingPlan')
    ? 'planUnderReview'
    : clauseStateHasTag(clause.state, 'deadline:planDue')
      ? 'planSentBack'
      : 'planAccepted';
  return (
    <>
      {clause.plan ? (
        <div class="plan" id="plan">
          <h3>
            {words.t('commitmentPlan')} ({words.t(planState)})
          </h3>
          <p class="clause-text">{clause.plan.description}</p>
          {clause.plan.firstPlacementBy ? (
            <p>
              {fieldLabel(words.lang, 'firstPlacementBy')}: {words.date(clause.plan.firstPlacementBy)}
            </p>
          ) : null}
          <Milestones milestones={clause.plan.milestones} words={words} />
        </div>
      ) : null}
      {remedy ? (
        <div class="plan" id="remedy-plan">
          <h3>{words.t('remedyPlan')}</h3>
          <p class="clause-text">{remedy.description}</p>
          {remedy.completeBy ? (
            <p>
              {fieldLabel(words.lang, 'completeBy')}: {words.date(remedy.completeBy)}
            </p>
          ) : null}
          <Milestones milestones={remedy.milestones} words={words} />
        </div>
      ) : null}
    </>
  );
}

function Milestones(props: { milestones: Array<{ date: string; description: string }> | undefined; words: Words }): Child {
  if (!props.milestones?.length) return null;
  return (
    <>
      <h4>{props.words.t('planMilestones')}</h4>
      <ul>
        {props.milestones.map((m) => (
          <li>
            {props.words.date(m.date)}: {m.description}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The contract's facts: tender, parties, value, period, target; and the plan in force. */
export function ContractFacts(props: { data: StatusData; words: Words }): Child {
  const { data, words } = props;
  const { clause, facts } = data;
  const contract = clause.contract;
  const none = words.t('notAwardedYet');
  // The organisation named at award; before that, or without one, the body the clause's terms name.
  const named = (clause.params as { matchingBody?: unknown }).matchingBody;
  const matchingBody = facts.matchingBody?.name ?? (typeof named === 'string' ? named : null);
  return (
    <section class="card facts" aria-labelledby="contract">
      <h2 id="contract">{words.t('theContract')}</h2>
      <dl class="facts-list">
        <dt>{words.t('tender')}</dt>
        <dd>
          <a href={`/app/tenders/${facts.tender.id}`}>
            {facts.tender.reference} · {facts.tender.title}
          </a>
        </dd>
        <dt>{words.t('buyer')}</dt>
        <dd>{facts.buyer.name}</dd>
        <dt>{words.t('supplier')}</dt>
        <dd>{facts.supplier?.name ?? none}</dd>
        {matchingBody ? (
          <>
            <dt>{words.t('matchingBody')}</dt>
            <dd>{matchingBody}</dd>
          </>
        ) : null}
        <dt>{words.t('contractValue')}</dt>
        <dd>{contract ? words.sek(contract.contractValueSek) : none}</dd>
        <dt>{words.t('contractPeriod')}</dt>
        <dd>{contract ? `${words.date(contract.startDate)} – ${words.date(contract.endDate)}` : none}</dd>
        <dt>{words.t('target')}</dt>
        <dd>{clause.target.value === null ? none : `${words.number(clause.target.value)} ${words.unit(clause.target.unit)}`}</dd>
        {clause.vite ? (
          <>
            <dt>{words.t('viteCap')}</dt>
            <dd>
              {clause.vite.capSek === null
                ? `${words.number(clause.vite.capPct)} %`
                : `${words.sek(clause.vite.capSek)} (${words.number(clause.vite.capPct)} %)`}
            </dd>
          </>
        ) : null}
        <SupervisionFacts clause={clause} facts={facts} words={words} />
      </dl>
      {clauseStateHasTag(clause.state, 'reviewingPlan') ? null : <Plans clause={clause} words={words} />}
    </section>
  );
}

/** Who a decision is addressed to: the party that must act on it. */
type Addressee = 'supplier' | 'buyer' | null;

/** The clause's decisions shown with their reasons; the sanction ladder's rungs (notices, vite, termination) are also summed up with the ladder. */
const DECISIONS: Record<string, Addressee> = {
  REQUEST_PLAN_CHANGES: 'supplier',
  REQUEST_CORRECTION: 'supplier',
  CLAIM_VITE: 'supplier',
  IMPOSE_SANCTION: 'supplier',
  TERMINATE: 'supplier',
  ACCEPT_PLAN: 'supplier',
  CLOSE_DELIVERY: 'buyer',
  CONFIRM_FULFILLED: 'supplier',
  RECORD_SHORTFALL: 'supplier',
  CLOSE_REMEDY: 'supplier',
  WAIVE: 'supplier',
  WITHDRAW: null,
  DISCARD: null,
};

interface Decision {
  what: string;
  at: string | null;
  by: string | null;
  to: Addressee;
  lines: Array<[string, string]>;
}

function decisionsOf(data: StatusData, words: Words): Decision[] {
  const fromHistory = data.history
    .filter((entry) => entry.type in DECISIONS)
    .map((entry): Decision => {
      const p = entry.payload as Record<string, unknown>;
      const lines: Array<[string, string]> = [];
      if (typeof p.reason === 'string') lines.push([words.t('reasonGiven'), p.reason]);
      if (entry.type === 'REQUEST_CORRECTION' && typeof p.dueDate === 'string') lines.push(['', `${words.t('correctionDueBy')} ${words.date(p.dueDate)}`]);
      if (typeof p.amountSek === 'number') {
        const cap = data.clause.vite?.capSek;
        lines.push([
          words.t('viteClaimed'),
          cap ? fill(words.t('viteWithinCap'), { amount: words.sek(p.amountSek), cap: words.sek(cap) }) : words.sek(p.amountSek),
        ]);
      }
      if (entry.type === 'TERMINATE' && typeof p.effectiveDate === 'string') lines.push([words.t('terminatedFrom'), words.date(p.effectiveDate)]);
      if (typeof p.note === 'string') lines.push([words.t('noteGiven'), p.note]);
      const meeting = p.meetingRecord as { date: string; reference: string; summary?: string } | undefined;
      if (meeting) {
        lines.push([
          fieldLabel(words.lang, 'meetingRecord.reference'),
          `${meeting.reference} · ${words.date(meeting.date)}${meeting.summary ? ` · ${meeting.summary}` : ''}`,
        ]);
      }
      const gap = p.fulfilment as { measured: number; target: number | null; unit: string } | undefined;
      if (entry.type === 'RECORD_SHORTFALL' && gap) {
        lines.push(['', fill(words.t('shortfallGap'), { measured: words.number(gap.measured), target: words.number(gap.target), unit: words.unit(gap.unit) })]);
      }
      return {
        what: eventLabel(words.lang, entry.type),
        at: entry.at,
        by: words.actor(entry.actorUserId ? data.names.get(entry.actorUserId) : undefined, entry.actorRole),
        to: DECISIONS[entry.type] ?? null,
        lines,
      };
    })
    // A decision without words of its own (a plan accepted without a note) is in the history; here only what has something to say.
    .filter((d) => d.lines.length > 0);
  const queried = data.reports
    .filter((r) => ((r.queries as string[] | undefined) ?? []).length > 0)
    .flatMap((r) =>
      ((r.queries as string[]) ?? []).map(
        (query): Decision => ({
          what: fill(words.t('reportQueried'), { period: periodOf(r, words) }),
          at: null,
          by: null,
          to: 'supplier',
          lines: [[words.t('auditorsQuery'), query]],
        }),
      ),
    );
  const rejected = data.placements
    .filter((p) => typeof p.rejection === 'string')
    .map(
      (p): Decision => ({
        what: fill(words.t('placementRejected'), { ref: String(p.participantRef) }),
        at: null,
        by: null,
        to: 'supplier',
        lines: [[words.t('rejectionReason'), String(p.rejection)]],
      }),
    );
  return [...fromHistory.reverse(), ...queried, ...rejected];
}

/** Every decision with its reason, newest first, addressed to the party that must act on it ("to you" for the viewer's own). */
export function Decisions(props: { data: StatusData; actor: Actor; words: Words }): Child {
  const { data, actor, words } = props;
  const decisions = decisionsOf(data, words);
  if (decisions.length === 0) return null;
  const orgOf = { supplier: data.facts.supplier, buyer: data.facts.buyer };
  return (
    <section class="card" aria-labelledby="decisions">
      <h2 id="decisions">{words.t('decisions')}</h2>
      <ol class="timeline decisions">
        {decisions.map((decision) => {
          const org = decision.to ? orgOf[decision.to] : null;
          return (
            <li>
              <strong>{decision.what}</strong>
              {org ? (
                <>
                  {' · '}
                  <span class={org.id === actor.orgId ? 'badge overdue' : 'badge'}>
                    {org.id === actor.orgId ? words.t('decisionToYou') : fill(words.t('decisionTo'), { org: org.name })}
                  </span>
                </>
              ) : null}
              {decision.lines.map(([label, text]) => (
                <>
                  <br />
                  {label ? `${label}: ` : ''}
                  {text}
                </>
              ))}
              {decision.at ? (
                <>
                  <br />
                  <small>
                    {words.date(decision.at)} · {decision.by}
                  </small>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
