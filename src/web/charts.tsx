/**
 * Charts drawn on the server as SVG (issue 19, item 8), each an image with a
 * title and a description for screen readers, and its figures as a table a
 * click away: the chart is a picture of the table, never the only way to read it.
 * The tables are DataTable's, which on a phone become stacked cards.
 */
import type { Child } from 'hono/jsx';
import type { Words } from './i18n.ts';

/** A table of figures: a header row, and rows whose cells carry their column's name (shown beside each cell on a phone, where rows become cards). */
export function DataTable(props: { columns: string[]; rows: Child[][] }): Child {
  return (
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells) => (
            <tr>
              {cells.map((cell, i) => (
                <td data-label={props.columns[i]}>
                  <div>{cell}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const WIDTH = 520;
const LEFT = 8;
const RIGHT = 72;
/** Labels longer than this are cut with an ellipsis (the table beside the chart has them whole). */
const LABEL_CHARS = 46;
const cut = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/** A chart's frame: the image with its title and description, and the same figures as a table. */
function Figure(props: { id: string; title: string; desc: string; height: number; words: Words; table: Child; children: Child }): Child {
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${props.height}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.desc}</desc>
        {props.children}
      </svg>
      <details class="chart-table">
        <summary>{props.words.t('chartAsTable')}</summary>
        {props.table}
      </details>
    </figure>
  );
}

export interface Bar {
  label: string;
  /** Percent, drawn from 0. */
  value: number | null;
  valueText: string;
  /** Where the bar should reach (the pace, a target), drawn as a line across it. */
  marker?: number | null | undefined;
  /** A badge kind (onTrack, atRisk, willMiss) that colours the bar. */
  kind?: string | null | undefined;
}

const ROW = 48;

/** Horizontal bars of percentages, each with a line where it should reach. */
export function BarChart(props: { id: string; title: string; desc: string; bars: Bar[]; words: Words; table: Child }): Child {
  const max = Math.max(100, ...props.bars.flatMap((b) => [b.value ?? 0, b.marker ?? 0]));
  const span = WIDTH - LEFT - RIGHT;
  const x = (pct: number) => LEFT + (pct / max) * span;
  const height = props.bars.length * ROW + 8;
  return (
    <Figure id={props.id} title={props.title} desc={props.desc} height={height} words={props.words} table={props.table}>
      <line class="axis" x1={x(100)} x2={x(100)} y1={0} y2={height} />
      {props.bars.map((bar, i) => {
        const top = i * ROW + 4;
        return (
          <g class={`bar ${bar.kind ?? ''}`}>
            <text x={LEFT} y={top + 16} class="label">
              {cut(bar.label)}
            </text>
            <rect class="track" x={LEFT} y={top + 24} width={span} height={14} rx={3} />
            <rect class="fill" x={LEFT} y={top + 24} width={Math.max(0, x(bar.value ?? 0) - LEFT)} height={14} rx={3} />
            {bar.marker === null || bar.marker === undefined ? null : <line class="marker" x1={x(bar.marker)} x2={x(bar.marker)} y1={top + 20} y2={top + 42} />}
            <text x={WIDTH - RIGHT + 6} y={top + 36} class="value">
              {bar.valueText}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}

export interface Column {
  label: string;
  /** One value per series, drawn side by side. */
  values: number[];
}

/** Columns per month (or any period), a few series side by side, with a legend. */
export function ColumnChart(props: { id: string; title: string; desc: string; series: string[]; columns: Column[]; words: Words; table: Child }): Child {
  const height = 220;
  const base = 170;
  const top = 52;
  const max = Math.max(1, ...props.columns.flatMap((c) => c.values));
  const slot = (WIDTH - 2 * LEFT) / Math.max(1, props.columns.length);
  const barWidth = Math.min(28, (slot - 6) / props.series.length);
  // Every label when they fit; otherwise every n-th, so they do not run into each other.
  const every = Math.max(1, Math.ceil(props.columns.length / 12));
  return (
    <Figure id={props.id} title={props.title} desc={props.desc} height={height} words={props.words} table={props.table}>
      {props.series.map((name, s) => (
        <g class={`legend series-${s}`}>
          <rect class="fill" x={LEFT + s * 240} y={4} width={14} height={14} rx={2} />
          <text x={LEFT + s * 240 + 20} y={17} class="label">
            {name}
          </text>
        </g>
      ))}
      <line class="axis" x1={LEFT} x2={WIDTH - LEFT} y1={base} y2={base} />
      {props.columns.map((column, i) => {
        const left = LEFT + i * slot + (slot - barWidth * props.series.length) / 2;
        return (
          <g>
            {column.values.map((value, s) => {
              const h = ((base - top) * value) / max;
              return (
                <>
                  <rect class={`fill series-${s}`} x={left + s * barWidth} y={base - h} width={barWidth - 2} height={h} />
                  <text x={left + s * barWidth + (barWidth - 2) / 2} y={base - h - 4} class="value" text-anchor="middle">
                    {props.words.number(value, 0)}
                  </text>
                </>
              );
            })}
            {i % every === 0 ? (
              <text x={LEFT + i * slot + slot / 2} y={base + 18} class="label" text-anchor="middle">
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </Figure>
  );
}

/** Styles of the charts and of the overview around them, part of the page's style sheet (layout.tsx). */
export const CHART_STYLE = `
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 0; }
.figures .figure { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 8px; padding: 8px 12px; }
.figures .figure.onTrack { border-left-color: var(--ok); } .figures .figure.atRisk { border-left-color: var(--warn); } .figures .figure.willMiss, .figures .figure.overdue { border-left-color: var(--bad); }
.figures dt { font-size: .9rem; color: var(--muted); } .figures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
.filter-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0 14px; }
ul.exports { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; } ul.exports .button { display: inline-block; text-decoration: none; }
.charts { display: grid; grid-template-columns: 1fr; gap: 0; }
form.year-choice { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; } form.year-choice select { width: auto; min-width: 14em; }
td .sub, li .sub { display: block; color: var(--muted); font-size: .9rem; }
@media (max-width: 600px) {
  table.cards thead { position: absolute; left: -9999px; }
  table.cards tr { display: block; border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: #fff; }
  table.cards td { display: grid; grid-template-columns: 40% 1fr; gap: 8px; border-bottom: 1px solid #eef1f4; }
  table.cards td::before { content: attr(data-label); font-weight: 600; color: var(--muted); }
}
figure.chart { margin: 12px 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
figure.chart svg { width: 100%; max-width: 640px; height: auto; display: block; }
figure.chart text { font-size: 13px; fill: var(--ink); } figure.chart text.value { font-size: 12px; }
figure.chart .track { fill: #edf1f5; } figure.chart .fill { fill: var(--accent); }
figure.chart .onTrack .fill { fill: var(--ok); } figure.chart .atRisk .fill { fill: var(--warn); } figure.chart .willMiss .fill { fill: var(--bad); }
figure.chart .fill.series-1, figure.chart .series-1 .fill { fill: var(--ok); }
figure.chart .marker { stroke: var(--ink); stroke-width: 3; } figure.chart .axis { stroke: #8a96a5; stroke-width: 1; stroke-dasharray: 3 3; }
@media (max-width: 600px) { figure.chart { padding: 10px; } figure.chart text { font-size: 19px; } figure.chart text.value { font-size: 17px; } }
`;
