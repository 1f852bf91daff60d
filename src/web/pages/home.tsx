/**
 * The first page after signing in (issue 19, item 5): for officers, auditors
 * and contractors an "Att göra" list of what waits for them and the deadlines
 * due within two weeks or passed, each row named by tender, clause and
 * counterpart; officers then their tenders; matchers the follow-ups that
 * have fallen due and the openings to fill.
 */
import { OPENINGS_ACCEPTING_PROPOSALS } from '../../../workflows/states.ts';
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { ClauseNaming, WaitingItem } from '../../db/todo.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { listMyOpenings } from '../../engine/matching.ts';
import { listClausesAsSubcontractor } from '../../engine/subcontractors.ts';
import { listTenders } from '../../engine/tenders.ts';
import { getTodo, namesOfClauses } from '../../engine/todo.ts';
import { DataTable } from '../charts.tsx';
import { ActionForm, Badge, type Failed } from '../components.tsx';
import { countOf, deadlineLabel, formatDate, templateTitle, type WordKey, type Words } from '../i18n.ts';
import { guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { followUpHref } from './follow-ups.tsx';
import { tenderFields } from './tenders.tsx';
import { AsSubcontractor, subcontractingWord } from '../subcontracting.tsx';

type Todo = Awaited<ReturnType<typeof getTodo>>;

const ITEM_TASKS: Record<string, WordKey> = {
  'buyer:placement': 'taskVerifyPlacement',
  'buyer:report': 'taskReviewReport',
  'supplier:report': 'taskAnswerQuery',
  'supplier:proposal': 'taskAnswerProposal',
};

/** What the user does with a waiting item: the prime approves a subcontractor's (issue 22). */
const itemTask = (words: Words, side: 'buyer' | 'supplier', item: WaitingItem): string =>
  item.awaitsApproval
    ? subcontractingWord(words.lang, item.kind === 'placement' ? 'approvePlacement' : 'approveReport')
    : words.t(ITEM_TASKS[`${side}:${item.kind}`]!);

/** The columns that tell a row's clause apart: tender, clause and the other party. */
function clauseCells(words: Words, side: 'buyer' | 'supplier', clause: ClauseNaming): Child[] {
  const title = templateTitle(words.lang, clause.templateId, clause.templateVersion);
  return [
    <>
      {clause.tenderReference}
      <span class="sub">{clause.tenderTitle}</span>
    </>,
    title,
    (side === 'buyer' ? clause.supplierName : clause.buyerName) ?? '–',
  ];
}

/** What a waiting item is called: a report's period as dates in the page's language. */
const itemLabel = (item: WaitingItem, words: Words) =>
  item.periodStart && item.periodEnd ? `${words.date(item.periodStart)} – ${words.date(item.periodEnd)}` : item.label;

const itemHref = (item: WaitingItem) =>
  item.kind === 'proposal' && item.openingId ? `/app/openings/${item.openingId}#proposal-${item.id}` : `/app/clauses/${item.clauseId}#${item.kind}-${item.id}`;

/** What waits for the user, and the deadlines close or passed. */
function TodoSections(props: { words: Words; side: 'buyer' | 'supplier'; todo: Todo }): Child {
  const { words, side, todo } = props;
  const counterpart = words.t(side === 'buyer' ? 'supplier' : 'buyer');
  const columns = [words.t('task'), words.t('tender'), words.t('theClause'), counterpart];
  const waiting: Child[][] = [
    ...todo.tasks.map((task) => [
      <a href={`/app/clauses/${task.clause.clauseId}#now`}>{words.t(`task${task.event}` as WordKey)}</a>,
      ...clauseCells(words, side, task.clause),
      '–',
    ]),
    ...todo.items.map((item) => [
      <a href={itemHref(item)}>{itemTask(words, side, item).replace('{label}', itemLabel(item, words))}</a>,
      ...clauseCells(words, side, item),
      words.dateTime(new Date(item.waitingSince).toISOString()),
    ]),
  ];
  return (
    <>
      <section aria-labelledby="waiting">
        <h2 id="waiting">{words.t('waitingForYou')}</h2>
        {waiting.length === 0 ? <p>{words.t('nothingWaiting')}</p> : <DataTable columns={[...columns, words.t('waiting')]} rows={waiting} />}
      </section>
      <section aria-labelledby="deadlines-soon">
        <h2 id="deadlines-soon">{words.t('deadlinesSoon')}</h2>
        {todo.deadlines.length === 0 ? (
          <p>{words.t('noDeadlinesSoon')}</p>
        ) : (
          <DataTable
            columns={[words.t('deadlines'), words.t('dueDate'), words.t('tender'), words.t('theClause'), counterpart]}
            rows={todo.deadlines.map(({ deadline, passed, clause }) => [
              <>
                <a href={`/app/clauses/${clause.clauseId}`}>{deadlineLabel(words.lang, deadline.kind)}</a>{' '}
                {passed ? <Badge kind="overdue">{words.t(deadline.overdue ? 'overdue' : 'passed')}</Badge> : <Badge kind="atRisk">{words.t('dueSoon')}</Badge>}
              </>,
              formatDate(words.lang, deadline.dueAt, { deadline: true }),
              ...clauseCells(words, side, clause),
            ])}
          />
        )}
      </section>
    </>
  );
}

/** A matching body's follow-ups that have fallen due: each a task, linked to the page that records it. */
function FollowUpTasks(props: { words: Words; followUps: Todo['followUps'] }): Child {
  const { words, followUps } = props;
  return (
    <section aria-labelledby="waiting">
      <h2 id="waiting">{words.t('waitingForYou')}</h2>
      {followUps.length === 0 ? (
        <p>{words.t('followUpNoneDue')}</p>
      ) : (
        <DataTable
          columns={[words.t('task'), words.t('followUpPlacement'), words.t('followUpDueFrom')]}
          rows={followUps.map((f) => [
            <a href={followUpHref(f.id)}>
              {words
                .t('followUpTask')
                .replace('{ref}', f.participantRef ?? '–')
                .replace('{months}', String(f.months))}
            </a>,
            `${f.placement.role} · ${f.placement.supplierName ?? f.placement.site ?? '–'}`,
            words.date(f.dueAt.slice(0, 10)),
          ])}
        />
      )}
      <p>
        <a href="/app/follow-ups">{words.t('followUps')}</a>
      </p>
    </section>
  );
}

export async function homePage(deps: EngineDeps, c: WebContext, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  switch (actor.role) {
    case 'officer':
    case 'admin': {
      const [todo, tenders] = await Promise.all([getTodo(deps, actor), listTenders(deps, actor)]);
      return page(
        c,
        words.t('todo'),
        <>
          <TodoSections words={words} side="buyer" todo={todo} />
          <section aria-labelledby="tenders">
            <h2 id="tenders">{words.t('tenders')}</h2>
            {actor.role === 'officer' ? (
              <ActionForm
                id="tender-new"
                summary={words.t('newTender')}
                action="/app/tenders"
                csrfToken={c.get('csrfToken')}
                words={words}
                fields={tenderFields}
                failed={failed}
                submit={words.t('create')}
              />
            ) : null}
            {tenders.length === 0 ? <p>{words.t('noneYet')}</p> : null}
            <ul>
              {tenders.map((t) => (
                <li>
                  <a href={`/app/tenders/${t.id}`}>
                    {t.reference} · {t.title}
                  </a>{' '}
                  {t.reserved ? <Badge kind="open">{words.t('reservedBadge')}</Badge> : null} ({countOf(words.lang, t.clauseIds.length, 'clause')})
                </li>
              ))}
            </ul>
          </section>
        </>,
        pageOptions(c, failed),
      );
    }
    case 'contractor':
    case 'auditor': {
      const [todo, subcontracted] = await Promise.all([getTodo(deps, actor), listClausesAsSubcontractor(deps, actor)]);
      return page(
        c,
        words.t('todo'),
        <>
          <TodoSections words={words} side={actor.role === 'auditor' ? 'buyer' : 'supplier'} todo={todo} />
          <AsSubcontractor words={words} clauses={subcontracted} />
          <p>
            <a href="/app/clauses">{words.t(actor.role === 'auditor' ? 'clauses' : 'myClauses')}</a> · <a href="/app/overview">{words.t('home')}</a>
          </p>
        </>,
      );
    }
    case 'matcher': {
      const [openings, todo] = await Promise.all([listMyOpenings(deps, actor, { states: OPENINGS_ACCEPTING_PROPOSALS }), getTodo(deps, actor)]);
      const names = await namesOfClauses(
        deps,
        openings.map((o) => o.clauseId),
      );
      return page(
        c,
        words.t('todo'),
        <>
          <FollowUpTasks words={words} followUps={todo.followUps} />
          <section aria-labelledby="openings">
            <h2 id="openings">{words.t('openings')}</h2>
            {openings.length === 0 ? (
              <p>{words.t('noneYet')}</p>
            ) : (
              <ul>
                {openings.map((o) => (
                  <li>
                    <a href={`/app/openings/${o.id}`}>
                      {String(o.role)} · {String(o.site ?? '')} · {words.date(String(o.startDate))}
                    </a>{' '}
                    · {(o.competences as string[]).join(', ')}
                    <span class="sub">
                      {names.get(o.clauseId)?.tenderReference ?? '–'} · {names.get(o.clauseId)?.supplierName ?? '–'} ({names.get(o.clauseId)?.buyerName ?? '–'})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>,
      );
    }
    default:
      return page(c, words.t('home'), <p>{words.t('noActions')}</p>);
  }
}

export function homeRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/', (c) => guarded(c, () => homePage(deps, c)));
}
