/**
 * The matching body's follow-ups after placements and its participants' paths
 * (issue 21, item 3): the list of follow-ups, one follow-up with the form that
 * records what the participant does now, and a participant's path across
 * placements, tenders and suppliers with the follow-ups of each.
 */
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { EMPLOYABILITY_ANSWERS, FOLLOW_UP_STATUSES } from '../../domain/follow-ups.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { type FollowUpView, getFollowUp, getParticipantPath, listFollowUps, type PlacementFacts, recordFollowUp } from '../../engine/follow-ups.ts';
import { DataTable } from '../charts.tsx';
import { ActionForm, Badge, type Failed } from '../components.tsx';
import { type Field, valuesFromForm } from '../forms.tsx';
import { fieldLabel, itemStateLabel, type WordKey, type Words, wordsFor } from '../i18n.ts';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

const capitalised = (code: string) => code.charAt(0).toUpperCase() + code.slice(1);
const statusWord = (words: Words, status: string) => words.t(`followUpStatus${capitalised(status)}` as WordKey);
const employabilityWord = (words: Words, answer: string) => words.t(`followUpEmployability${capitalised(answer)}` as WordKey);
const stateWord = (words: Words, state: string) => words.t(`followUpState${capitalised(state)}` as WordKey);
const BADGE_OF_STATE: Record<string, string> = { scheduled: 'open', due: 'atRisk', recorded: 'met' };

export const followUpHref = (id: string) => `/app/follow-ups/${encodeURIComponent(id)}`;
export const pathHref = (participantRef: string) => `/app/participants/${encodeURIComponent(participantRef)}/path`;

/** The record form's fields, labelled in both languages from the page's words. */
const bothLanguages = (key: WordKey) => ({ sv: wordsFor('sv').t(key), en: wordsFor('en').t(key) });
function recordFields(words: Words): Field[] {
  return [
    {
      name: 'status',
      kind: 'select',
      required: true,
      label: bothLanguages('followUpStatus'),
      options: FOLLOW_UP_STATUSES.map((value) => ({ value, label: statusWord(words, value) })),
    },
    {
      name: 'employability',
      kind: 'select',
      required: false,
      label: bothLanguages('followUpEmployability'),
      options: EMPLOYABILITY_ANSWERS.map((value) => ({ value, label: employabilityWord(words, value) })),
    },
    { name: 'note', kind: 'textarea', required: false, label: bothLanguages('followUpNote') },
  ];
}

const where = (placement: PlacementFacts) => [placement.site, placement.supplierName].filter(Boolean).join(' · ') || '–';

function followUpRows(words: Words, followUps: FollowUpView[]): Child[][] {
  return followUps.map((f) => [
    <a href={followUpHref(f.id)}>{words.t('followUpTitle').replace('{months}', String(f.months))}</a>,
    words.date(f.dueAt.slice(0, 10)),
    <Badge kind={BADGE_OF_STATE[f.state] ?? 'open'}>{stateWord(words, f.state)}</Badge>,
    f.status ? statusWord(words, f.status) : '–',
  ]);
}
const followUpColumns = (words: Words) => [words.t('followUps'), words.t('followUpDueFrom'), words.t('state'), words.t('followUpStatus')];

async function followUpListPage(deps: EngineDeps, c: WebContext): Promise<Response> {
  const words = c.get('words');
  const followUps = await listFollowUps(deps, c.get('actor')!);
  return page(
    c,
    words.t('followUps'),
    followUps.length === 0 ? (
      <p>{words.t('noneYet')}</p>
    ) : (
      <DataTable
        columns={[words.t('participant'), ...followUpColumns(words)]}
        rows={followUps.map((f, i) => [
          f.participantRef ? <a href={pathHref(f.participantRef)}>{f.participantRef}</a> : '–',
          ...followUpRows(words, followUps)[i]!,
        ])}
      />
    ),
  );
}

async function followUpPage(deps: EngineDeps, c: WebContext, id: string, failed?: Failed): Promise<Response> {
  const words = c.get('words');
  const f = await getFollowUp(deps, c.get('actor')!, id);
  const { placement } = f;
  const facts: Array<[string, Child]> = [
    [words.t('participant'), f.participantRef ? <a href={pathHref(f.participantRef)}>{f.participantRef}</a> : '–'],
    [words.t('followUpPlacement'), `${placement.role} · ${words.date(placement.startDate)} – ${words.date(placement.endDate)}`],
    [words.t('followUpHost'), where(placement)],
    [words.t('buyer'), placement.buyerName ?? '–'],
    [words.t('followUpDueFrom'), words.date(f.dueAt.slice(0, 10))],
    [words.t('state'), <Badge kind={BADGE_OF_STATE[f.state] ?? 'open'}>{stateWord(words, f.state)}</Badge>],
  ];
  if (f.state === 'recorded') {
    facts.push(
      [words.t('followUpStatus'), f.status ? statusWord(words, f.status) : '–'],
      [words.t('followUpEmployability'), f.employability ? employabilityWord(words, f.employability) : '–'],
      [fieldLabel(words.lang, 'note'), f.note ?? '–'],
      [words.t('followUpRecordedBy'), `${f.recordedBy?.name ?? '–'}, ${words.dateTime(f.recordedAt)}`],
    );
  }
  return page(
    c,
    words.t('followUpTitle').replace('{months}', String(f.months)),
    <>
      <dl class="facts-list">
        {facts.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      {f.state === 'due' ? (
        <ActionForm
          id="follow-up-record"
          summary={words.t('followUpRecord')}
          action={followUpHref(f.id)}
          csrfToken={c.get('csrfToken')}
          words={words}
          fields={recordFields(words)}
          failed={failed}
          open
        />
      ) : f.state === 'scheduled' ? (
        <p>{words.t('followUpNotYetDue').replace('{date}', words.date(f.dueAt.slice(0, 10)))}</p>
      ) : null}
      <p>
        <a href="/app/follow-ups">{words.t('followUps')}</a>
        {f.participantRef ? (
          <>
            {' · '}
            <a href={pathHref(f.participantRef)}>{words.t('followUpShowPath')}</a>
          </>
        ) : null}
      </p>
    </>,
    { ...pageOptions(c, failed), notice: c.req.query('done') ? words.t('followUpRecorded') : undefined },
  );
}

async function pathPage(deps: EngineDeps, c: WebContext, ref: string): Promise<Response> {
  const words = c.get('words');
  const path = await getParticipantPath(deps, c.get('actor')!, ref);
  return page(
    c,
    words.t('followUpPathOf').replace('{ref}', path.participantRef),
    <>
      <p>{words.t('followUpPathIntro')}</p>
      {path.placements.map((p) => (
        <section aria-labelledby={`placement-${p.id}`}>
          <h2 id={`placement-${p.id}`}>
            {p.role} · {words.date(p.startDate)} – {p.endDate ? words.date(p.endDate) : words.t('followUpNotYet')}
          </h2>
          <dl class="facts-list">
            <dt>{words.t('tender')}</dt>
            <dd>{p.tenderTitle ?? '–'}</dd>
            <dt>{words.t('buyer')}</dt>
            <dd>{p.buyerName ?? '–'}</dd>
            <dt>{words.t('followUpHost')}</dt>
            <dd>{where(p)}</dd>
            <dt>{fieldLabel(words.lang, 'targetGroup')}</dt>
            <dd>{words.targetGroup(p.targetGroup)}</dd>
            <dt>{words.t('state')}</dt>
            <dd>{itemStateLabel(words.lang, 'placement', p.state)}</dd>
            <dt>{fieldLabel(words.lang, 'outcome')}</dt>
            <dd>{p.outcome ? words.option('outcome', { value: p.outcome, label: p.outcome }) : '–'}</dd>
          </dl>
          {p.followUps.length > 0 ? <DataTable columns={followUpColumns(words)} rows={followUpRows(words, p.followUps)} /> : null}
        </section>
      ))}
      <p>
        <a href="/app/follow-ups">{words.t('followUps')}</a>
      </p>
    </>,
  );
}

export function followUpRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/follow-ups', (c) => guarded(c, () => followUpListPage(deps, c)));
  app.get('/follow-ups/:id', (c) => guarded(c, () => followUpPage(deps, c, c.req.param('id'))));
  app.post('/follow-ups/:id', (c) =>
    guarded(c, async () => {
      const id = c.req.param('id');
      const fields = recordFields(c.get('words'));
      const values = valuesFromForm(fields, await formOf(c));
      return act(c, {
        form: 'follow-up-record',
        fields,
        values,
        run: () => recordFollowUp(deps, ctxOf(c), id, { type: 'RECORD', ...values }),
        done: `${followUpHref(id)}?done=1`,
        again: (failed) => followUpPage(deps, c, id, failed),
      });
    }),
  );
  app.get('/participants/:ref/path', (c) => guarded(c, () => pathPage(deps, c, c.req.param('ref'))));
}
