/**
 * Programme pages for members (issue 21, item 6): the programmes an
 * organisation is in, and one programme's scope (targets, members, clauses)
 * with its report for a year or the whole period: key figures, charts with
 * their tables, the report's tables, and the report as a workbook and a PDF.
 * The report's words, tables and bars are those of the documents
 * (../programme-report-view.ts). These are components: the routes give them
 * the programme and the report the engine computes.
 */
import type { Child } from 'hono/jsx';
import type { ProgrammeReport, ProgrammeTargets } from '../../domain/programme-report-shape.ts';
import type { OrgKind } from '../../domain/roles.ts';
import { BarChart, DataTable } from '../charts.tsx';
import type { Words } from '../i18n.ts';
import {
  cellText,
  dateRange,
  goalCharts,
  keyFigures,
  memberKindLabel,
  periodLabel,
  type ReportSection,
  type ReportTable,
  reportSections,
  targetList,
  yearBars,
} from '../programme-report-view.ts';

/** A programme as its page shows it: its period and targets, and its scope. */
export interface ProgrammeScope {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  targets: ProgrammeTargets;
  members: Array<{ orgId: string; name: string; kind: OrgKind }>;
  clauses: Array<{ clauseId: string; tenderReference: string; title: string; supplierName: string | null }>;
}

export interface ProgrammePageProps {
  words: Words;
  programme: ProgrammeScope;
  report: ProgrammeReport;
  /** The calendar years the year selector offers. */
  years: number[];
  /** The year the report is for; null for the whole period. */
  selectedYear: number | null;
  canDownload: boolean;
}

/** A programme in the list of those the user's organisation is a member of. */
export interface ProgrammeListItem {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  members: number;
  clauses: number;
}

export const programmePath = (id: string) => `/app/programmes/${encodeURIComponent(id)}`;
/** The report as a file, for the page's year: served to the signed-in user like the other exports (pages/exports.tsx). */
export const programmeReportFilePath = (id: string, format: 'xlsx' | 'pdf', year: number | null) =>
  `${programmePath(id)}/report.${format}${year === null ? '' : `?year=${year}`}`;

export function ProgrammeList(props: { words: Words; programmes: ProgrammeListItem[] }): Child {
  const { words } = props;
  if (props.programmes.length === 0) return <p>{words.t('programmeReportNoProgrammes')}</p>;
  return (
    <DataTable
      columns={[words.t('programmeReportProgramme'), words.t('period'), words.t('programmeReportMembers'), words.t('programmeReportClauses')]}
      rows={props.programmes.map((p) => [
        <a href={programmePath(p.id)}>{p.name}</a>,
        dateRange(words, p.startDate, p.endDate),
        words.number(p.members, 0),
        words.number(p.clauses, 0),
      ])}
    />
  );
}

function Scope(props: { words: Words; programme: ProgrammeScope }): Child {
  const { words, programme } = props;
  const targets = targetList(words, programme.targets);
  return (
    <section aria-labelledby="programme-scope">
      <h2 id="programme-scope">{words.t('programmeReportScope')}</h2>
      <h3>{words.t('programmeReportTargets')}</h3>
      {targets.length === 0 ? <p>{words.t('programmeReportNoTargets')}</p> : <Figures figures={targets} />}
      <h3>{words.t('programmeReportMembers')}</h3>
      <DataTable
        columns={[words.t('programmeReportOrganisation'), words.t('programmeReportRole')]}
        rows={programme.members.map((m) => [m.name, memberKindLabel(words, m.kind)])}
      />
      <h3>{words.t('programmeReportClauses')}</h3>
      {programme.clauses.length === 0 ? (
        <p>{words.t('programmeReportNoClauses')}</p>
      ) : (
        <DataTable
          columns={[words.t('programmeReportTenderReference'), words.t('programmeReportTender'), words.t('supplier')]}
          rows={programme.clauses.map((c) => [
            <a href={`/app/clauses/${encodeURIComponent(c.clauseId)}`}>{c.tenderReference}</a>,
            c.title,
            c.supplierName ?? '–',
          ])}
        />
      )}
    </section>
  );
}

function YearChoice(props: { words: Words; programme: ProgrammeScope; years: number[]; selectedYear: number | null }): Child {
  const { words } = props;
  return (
    <form method="get" action={programmePath(props.programme.id)} class="year-choice">
      <label for="programme-year">{words.t('programmeReportChooseYear')}</label>{' '}
      <select id="programme-year" name="year">
        <option value="" selected={props.selectedYear === null}>
          {words.t('programmeReportWholePeriod')}
        </option>
        {props.years.map((year) => (
          <option value={String(year)} selected={props.selectedYear === year}>
            {String(year)}
          </option>
        ))}
      </select>{' '}
      <button type="submit">{words.t('programmeReportShow')}</button>
    </form>
  );
}

function Downloads(props: { words: Words; id: string; year: number | null }): Child {
  const { words } = props;
  return (
    <section aria-labelledby="programme-downloads">
      <h3 id="programme-downloads">{words.t('programmeReportDownloads')}</h3>
      <p class="help">{words.t('programmeReportDownloadsHelp')}</p>
      <ul class="exports">
        <li>
          <a class="button secondary" href={programmeReportFilePath(props.id, 'pdf', props.year)} download>
            {words.t('programmeReportPdf')}
          </a>
        </li>
        <li>
          <a class="button secondary" href={programmeReportFilePath(props.id, 'xlsx', props.year)} download>
            {words.t('programmeReportXlsx')}
          </a>
        </li>
      </ul>
    </section>
  );
}

const Table = (props: { words: Words; table: ReportTable }): Child => (
  <DataTable columns={props.table.columns} rows={props.table.rows.map((cells) => cells.map((cell) => cellText(props.words, cell)))} />
);

/** A table of the report under its own heading, with its note; an empty table is only its note. */
function TitledTable(props: { words: Words; table: ReportTable; level: 'h3' | 'h4' }): Child {
  const { table } = props;
  const Heading = props.level;
  return (
    <>
      <Heading>{table.title}</Heading>
      {table.rows.length > 0 ? <Table words={props.words} table={table} /> : null}
      {table.note ? <p class="help">{table.note}</p> : null}
    </>
  );
}

/** Figures as the overview shows its key figures (charts.tsx CHART_STYLE): a label over each value. */
const Figures = (props: { figures: Array<[string, string]>; label?: string }): Child => (
  <dl class="figures" aria-label={props.label}>
    {props.figures.map(([label, value]) => (
      <div class="figure">
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
);

function Summary(props: { words: Words; report: ProgrammeReport; section: ReportSection }): Child {
  const { words, report } = props;
  const perYear = props.section.tables[1]!;
  return (
    <>
      <Figures figures={keyFigures(report, words)} label={words.t('programmeReportPlacements')} />
      {report.perYear.length === 0 ? null : (
        <BarChart
          id="chart-programme-years"
          title={words.t('programmeReportPerYear')}
          desc={words.t('programmeReportPerYearDesc')}
          bars={yearBars(report, words)}
          words={words}
          table={<Table words={words} table={perYear} />}
        />
      )}
    </>
  );
}

function Outcomes(props: { words: Words; report: ProgrammeReport; section: ReportSection }): Child {
  const { words, report } = props;
  return (
    <section aria-labelledby="programme-outcomes">
      <h3 id="programme-outcomes">{props.section.title}</h3>
      <div class="charts">
        {goalCharts(report, words).map((chart) => (
          <BarChart
            id={`chart-programme-${chart.checkpoint}`}
            title={chart.title}
            desc={words.t('programmeReportAgainstTargetsDesc')}
            bars={chart.bars}
            words={words}
            table={
              <DataTable
                columns={[words.t('programmeReportOutcome'), words.t('programmeReportAchieved')]}
                rows={chart.bars.map((bar) => [bar.label, bar.valueText])}
              />
            }
          />
        ))}
      </div>
      {props.section.tables.map((table) => (
        <TitledTable words={words} table={table} level="h4" />
      ))}
    </section>
  );
}

export function ProgrammePage(props: ProgrammePageProps): Child {
  const { words, programme, report } = props;
  const sections = reportSections(report, words);
  return (
    <>
      <p class="help">{dateRange(words, programme.startDate, programme.endDate)}</p>
      <Scope words={words} programme={programme} />
      <section aria-labelledby="programme-report">
        <h2 id="programme-report">
          {words.t('programmeReportTitle')}: {periodLabel(words, report.period).toLocaleLowerCase(words.lang)}
        </h2>
        <YearChoice words={words} programme={programme} years={props.years} selectedYear={props.selectedYear} />
        <p class="help">{dateRange(words, report.period.from, report.period.to)}</p>
        {report.suppressed ? <p class="notice">{words.t('programmeReportSuppressedNote')}</p> : null}
        {props.canDownload ? <Downloads words={words} id={programme.id} year={props.selectedYear} /> : null}
        {sections.map((section) =>
          section.id === 'summary' ? (
            <Summary words={words} report={report} section={section} />
          ) : section.id === 'outcomes' ? (
            <Outcomes words={words} report={report} section={section} />
          ) : (
            <section>
              {section.tables.map((table) => (
                <TitledTable words={words} table={table} level="h3" />
              ))}
            </section>
          ),
        )}
      </section>
    </>
  );
}
