/**
 * The overview (issue 19, item 8): the portfolio's totals, what may be
 * claimed as vite, clauses at risk and bound to miss, per supplier and per
 * target group, drawn as charts with their tables, with the portfolio's
 * filters as a GET form and its exports. A buyer's users see what their
 * organisation buys, a supplier's what it delivers.
 */
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { templateIds } from '../../../templates/index.ts';
import { CLAUSE_TOP_STATES } from '../../../workflows/states.ts';
import type { PortfolioFilter } from '../../db/progress.ts';
import { TARGET_GROUPS } from '../../domain/target-groups.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { getOverview, OVERVIEW_CLAUSES } from '../../engine/portfolio.ts';
import { PortfolioFilterQuery } from '../../http/portfolio.ts';
import { type Bar, BarChart, ColumnChart, DataTable } from '../charts.tsx';
import { Badge } from '../components.tsx';
import { clauseStateLabel, exportLabel, fieldLabel, templateTitle, type WordKey, type Words } from '../i18n.ts';
import { guarded, page, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { PortfolioSubcontractors } from '../subcontracting.tsx';
import { filterQuery, webExportRoutes } from './exports.tsx';

type Overview = Awaited<ReturnType<typeof getOverview>>;

const PROJECTION_WORDS: Record<string, WordKey> = { onTrack: 'onTrack', atRisk: 'atRisk', willMiss: 'willMiss' };
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
const pct = (words: Words, value: number | null | undefined) => (value === null || value === undefined ? '–' : `${words.number(value)} %`);
const query = (values: Record<string, string | undefined>) => {
  const defined = Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]);
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
};

function FilterForm(props: { words: Words; filter: PortfolioFilter; choices: Overview['choices'] }): Child {
  const { words, filter } = props;
  const select = (name: keyof PortfolioFilter, label: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{words.t('all')}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={filter[name] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const active = Object.values(filter).some((v) => v !== undefined);
  return (
    <details class="action filters" open={active}>
      <summary>{words.t('filters')}</summary>
      <form method="get" action="/app/overview">
        <div class="filter-grid">
          {select(
            'tenderId',
            words.t('tender'),
            props.choices.tenders.map((t) => [t.id, `${t.reference} · ${t.title}`]),
          )}
          {select(
            'supplierOrgId',
            words.t('supplier'),
            props.choices.suppliers.map((s) => [s.id, s.name]),
          )}
          {select(
            'kind',
            words.t('clauseKind'),
            templateIds().map((id) => [id, templateTitle(words.lang, id)]),
          )}
          {select(
            'state',
            words.t('state'),
            CLAUSE_TOP_STATES.map((s) => [s, clauseStateLabel(words.lang, s)]),
          )}
          {select(
            'targetGroup',
            fieldLabel(words.lang, 'targetGroup'),
            TARGET_GROUPS.map((g) => [g, words.targetGroup(g)]),
          )}
          <div class="field">
            <label for="filter-from">{words.t('contractsFrom')}</label>
            <input type="date" id="filter-from" name="from" value={filter.from ?? ''} />
          </div>
          <div class="field">
            <label for="filter-to">{words.t('contractsTo')}</label>
            <input type="date" id="filter-to" name="to" value={filter.to ?? ''} />
          </div>
        </div>
        <button type="submit">{words.t('showFiltered')}</button> {active ? <a href="/app/overview">{words.t('clearFilters')}</a> : null}
      </form>
    </details>
  );
}

function KeyFigures(props: { words: Words; totals: Overview['totals'] }): Child {
  const { words, totals } = props;
  const figures: Array<[string, string, string]> = [
    [words.t('clauses'), words.number(totals.clauses, 0), ''],
    [words.t('onTrack'), words.number(totals.onTrack, 0), 'onTrack'],
    [words.t('atRisk'), words.number(totals.atRisk, 0), 'atRisk'],
    [words.t('willMiss'), words.number(totals.willMiss, 0), 'willMiss'],
    [words.t('deadlinesPassed'), words.number(totals.overdue, 0), totals.overdue > 0 ? 'overdue' : ''],
    [words.t('viteAtStake'), words.sek(totals.exposureSek), ''],
  ];
  return (
    <section aria-labelledby="key-figures">
      <h2 id="key-figures">{words.t('keyFigures')}</h2>
      <dl class="figures">
        {figures.map(([label, value, kind]) => (
          <div class={`figure ${kind}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Exports(props: { words: Words; filter: PortfolioFilter }): Child {
  const { words, filter } = props;
  const placementFilter = { tenderId: filter.tenderId, supplierOrgId: filter.supplierOrgId, targetGroup: filter.targetGroup };
  const links: Array<[string, string]> = [
    [`/app/exports/clauses.csv${query({ ...filter, variant: 'excel-sv' })}`, words.t('exportClausesExcelSv')],
    [`/app/exports/clauses.xlsx${query({ ...filter, variant: 'excel-sv' })}`, exportLabel(words.lang, 'clausesXlsxSv')],
    [`/app/exports/clauses.xlsx${query({ ...filter })}`, words.t('exportClausesXlsx')],
    [`/app/exports/clauses.csv${query({ ...filter })}`, words.t('exportClausesCsv')],
    [`/app/exports/placements.csv${query({ ...placementFilter, variant: 'excel-sv' })}`, words.t('exportPlacementsExcelSv')],
    [`/app/exports/placements.csv${query(placementFilter)}`, words.t('exportPlacementsCsv')],
  ];
  if (filter.tenderId) links.push([`/app/exports/tenders/${filter.tenderId}/ocds.json`, words.t('exportTenderOcds')]);
  return (
    <section aria-labelledby="exports">
      <h2 id="exports">{words.t('exports')}</h2>
      <p class="help">
        {words.t('exportsHelp')}
        {filter.tenderId ? null : ` ${exportLabel(words.lang, 'ocdsNeedsTender')}`}
      </p>
      <ul class="exports">
        {links.map(([href, label]) => (
          <li>
            <a class="button secondary" href={href} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How a clause is told apart in a chart or a table: its tender's reference, its supplier, its kind. */
const clauseName = (words: Words, c: Overview['clauses'][number]) =>
  `${c.tenderReference ?? '–'} · ${c.supplierName ?? '–'} · ${templateTitle(words.lang, c.kind)}`;

function ProgressChart(props: { words: Words; clauses: Overview['clauses'] }): Child {
  const { words } = props;
  const measured = props.clauses.filter((c) => c.target !== null && c.target > 0);
  if (measured.length === 0) return null;
  const bars: Bar[] = measured.map((c) => ({
    label: clauseName(words, c),
    value: c.pct,
    valueText: pct(words, c.pct),
    marker: c.expectedPct,
    kind: c.projection,
  }));
  return (
    <BarChart
      id="chart-progress"
      title={words.t('progressAgainstPace')}
      desc={words.t('progressAgainstPaceDesc')}
      bars={bars}
      words={words}
      table={
        <DataTable
          columns={[words.t('theClause'), words.t('delivered'), words.t('expectedByNow'), words.t('projection')]}
          rows={measured.map((c) => [
            clauseName(words, c),
            pct(words, c.pct),
            pct(words, c.expectedPct),
            c.projection ? words.t(PROJECTION_WORDS[c.projection]!) : '–',
          ])}
        />
      }
    />
  );
}

function OutcomesChart(props: { words: Words; outcomes: Overview['outcomes'] }): Child {
  const { words, outcomes } = props;
  if (outcomes.ended === 0)
    return (
      <section class="card">
        <h3>{words.t('outcomesAgainstTargets')}</h3>
        <p>{words.t('noEndedPlacements')}</p>
      </section>
    );
  const targets = outcomes.targets;
  const rows: Array<[WordKey, number, number | null]> = [
    ['outcomeStudies', outcomes.pct.studies, targets?.studiesPct ?? null],
    ['outcomeFurtherPlacement', outcomes.pct.furtherPlacement, targets?.placementPct ?? null],
    ['outcomeEmployment', outcomes.pct.employment, targets?.employmentPct ?? null],
  ];
  const ended = fill(words.t('endedPlacements'), { n: words.number(outcomes.ended, 0) });
  return (
    <BarChart
      id="chart-outcomes"
      title={`${words.t('outcomesAgainstTargets')} (${ended})`}
      desc={`${words.t('outcomesAgainstTargetsDesc')}${targets ? '' : ` ${words.t('noTargetsSet')}`}`}
      bars={rows.map(([key, share, target]) => ({
        label: words.t(key),
        value: share,
        valueText: pct(words, share),
        marker: target,
        kind: target === null ? null : share >= target ? 'onTrack' : 'atRisk',
      }))}
      words={words}
      table={
        <DataTable
          columns={[words.t('outcomes'), words.t('share'), words.t('target')]}
          rows={rows.map(([key, share, target]) => [words.t(key), pct(words, share), pct(words, target)])}
        />
      }
    />
  );
}

function MonthsChart(props: { words: Words; months: Overview['months'] }): Child {
  const { words, months } = props;
  if (months.length === 0)
    return (
      <section class="card">
        <h3>{words.t('deliveryPerMonth')}</h3>
        <p>{words.t('noPlacementsYet')}</p>
      </section>
    );
  const format = new Intl.DateTimeFormat(words.lang === 'sv' ? 'sv-SE' : 'en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const monthName = (month: string) => format.format(new Date(`${month}-15T12:00:00Z`));
  return (
    <ColumnChart
      id="chart-months"
      title={words.t('deliveryPerMonth')}
      desc={words.t('deliveryPerMonthDesc')}
      series={[words.t('placementsStarted'), words.t('placementsVerified')]}
      columns={months.map((m) => ({ label: monthName(m.month), values: [m.started, m.verified] }))}
      words={words}
      table={
        <DataTable
          columns={[words.t('month'), words.t('placementsStarted'), words.t('placementsVerified')]}
          rows={months.map((m) => [monthName(m.month), words.number(m.started, 0), words.number(m.verified, 0)])}
        />
      }
    />
  );
}

function SupplierTable(props: { words: Words; rows: Overview['bySupplier'] }): Child {
  const { words } = props;
  return (
    <section aria-labelledby="per-supplier">
      <h2 id="per-supplier">{words.t('perSupplier')}</h2>
      <DataTable
        columns={[
          words.t('supplier'),
          words.t('unitWord'),
          words.t('clauseCount'),
          words.t('progress'),
          words.t('onTrack'),
          words.t('atRisk'),
          words.t('willMiss'),
          words.t('deadlinesPassed'),
          words.t('viteAtStake'),
        ]}
        rows={props.rows.map((s) => [
          s.supplierName ?? '–',
          s.unit ? words.unit(s.unit) : '–',
          words.number(s.clauses, 0),
          s.target === null ? '–' : `${words.number(s.delivered)} ${words.t('of')} ${words.number(s.target)} (${pct(words, s.pct)})`,
          words.number(s.onTrack, 0),
          words.number(s.atRisk, 0),
          words.number(s.willMiss, 0),
          words.number(s.overdue, 0),
          words.sek(s.exposureSek),
        ])}
      />
    </section>
  );
}

function TargetGroupTable(props: { words: Words; rows: Overview['byTargetGroup'] }): Child {
  const { words } = props;
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby="per-target-group">
      <h2 id="per-target-group">{words.t('perTargetGroup')}</h2>
      <DataTable
        columns={[fieldLabel(words.lang, 'targetGroup'), words.t('unitWord'), words.t('clauseCount'), words.t('delivered')]}
        rows={props.rows.map((g) => [
          words.targetGroup(g.targetGroup),
          g.unit ? words.unit(g.unit) : '–',
          words.number(g.clauses, 0),
          words.number(g.delivered),
        ])}
      />
    </section>
  );
}

function ClauseTable(props: { words: Words; clauses: Overview['clauses']; total: number }): Child {
  const { words } = props;
  return (
    <section aria-labelledby="overview-clauses">
      <h2 id="overview-clauses">{words.t('clauses')}</h2>
      {props.total > props.clauses.length ? <p>{fill(words.t('moreClauses'), { n: words.number(OVERVIEW_CLAUSES, 0) })}</p> : null}
      <DataTable
        columns={[words.t('tender'), words.t('theClause'), words.t('supplier'), words.t('state'), words.t('progress'), words.t('viteAtStake'), 'OCDS']}
        rows={props.clauses.map((c) => [
          <>
            {c.tenderReference ?? '–'}
            {c.tenderTitle ? <span class="sub">{c.tenderTitle}</span> : null}
          </>,
          <a href={`/app/clauses/${c.clauseId}`}>{templateTitle(words.lang, c.kind)}</a>,
          c.supplierName ?? '–',
          <>
            {clauseStateLabel(words.lang, c.state)} {c.projection ? <Badge kind={c.projection}>{words.t(PROJECTION_WORDS[c.projection]!)}</Badge> : null}{' '}
            {c.overdue > 0 ? <Badge kind="overdue">{words.t('overdue')}</Badge> : null}
          </>,
          c.target === null ? '–' : `${words.number(c.delivered)} ${words.t('of')} ${words.number(c.target)} ${c.unit ? words.unit(c.unit) : ''}`,
          words.sek(c.exposureSek),
          <a href={`/app/exports/clauses/${c.clauseId}/ocds.json`} aria-label={`OCDS: ${clauseName(words, c)}`}>
            JSON
          </a>,
        ])}
      />
    </section>
  );
}

export async function overviewPage(deps: EngineDeps, c: WebContext): Promise<Response> {
  const words = c.get('words');
  const parsed = PortfolioFilterQuery.safeParse(filterQuery(c.req.query()));
  const filter: PortfolioFilter = parsed.success ? parsed.data : {};
  const overview = await getOverview(deps, c.get('actor')!, filter);
  return page(
    c,
    words.t('home'),
    <>
      <p class="help">{fill(words.t('asOf'), { date: words.date(overview.asOf) })}</p>
      <FilterForm words={words} filter={filter} choices={overview.choices} />
      <KeyFigures words={words} totals={overview.totals} />
      <Exports words={words} filter={filter} />
      {overview.clauses.length === 0 ? (
        <p>{words.t('noClausesInFilter')}</p>
      ) : (
        <>
          <div class="charts">
            <ProgressChart words={words} clauses={overview.clauses} />
            <OutcomesChart words={words} outcomes={overview.outcomes} />
            <MonthsChart words={words} months={overview.months} />
          </div>
          <SupplierTable words={words} rows={overview.bySupplier} />
          <PortfolioSubcontractors words={words} subcontracting={overview.subcontracting} />
          <TargetGroupTable words={words} rows={overview.byTargetGroup} />
          <ClauseTable words={words} clauses={overview.clauses} total={overview.page.total} />
        </>
      )}
    </>,
    { status: parsed.success ? 200 : 422, problem: parsed.success ? undefined : words.t('filterRefused') },
  );
}

export function overviewRoutes(app: Hono<WebEnv>, deps: EngineDeps, ocidPrefix: string): void {
  webExportRoutes(app, deps, ocidPrefix);
  app.get('/overview', (c) => guarded(c, () => overviewPage(deps, c)));
  // The portfolio as a page: the API's JSON lives at /api/v1/portfolio.
  app.get('/portfolio', (c) => c.redirect(`/app/overview${new URL(c.req.url).search}`, 302));
}
