/**
 * A statechart drawn from its workflow definition: one box per state (a
 * compound state's children as "parent: child"), one arrow per transition
 * with a target, laid out in rows by distance from the initial state. The
 * current state is highlighted, and the transitions the viewer may take now.
 */
import type { Child } from 'hono/jsx';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import { eventLabel, type WebLanguage } from './i18n.ts';

interface StateConfig {
  initial?: string;
  type?: string;
  states?: Record<string, StateConfig>;
  on?: Record<string, unknown>;
}

export interface Diagram {
  nodes: Array<{ path: string; final: boolean; row: number; column: number }>;
  edges: Array<{ from: string; to: string; event: string }>;
}

/** The leaf a path enters: a compound state is entered at its initial child. */
function entered(states: Record<string, StateConfig>, path: string): string {
  const [top, ...rest] = path.split('.');
  const config = states[top!];
  if (!config?.states) return path;
  const child = rest[0] ?? config.initial!;
  return `${top}.${child}`;
}

function targetsOf(transition: unknown): string[] {
  if (typeof transition === 'string') return [transition];
  if (Array.isArray(transition)) return transition.flatMap(targetsOf);
  const target = (transition as { target?: string | string[] } | undefined)?.target;
  return target === undefined ? [] : Array.isArray(target) ? target : [target];
}

/** The nodes and edges of a workflow's machine, laid out in rows; an event's old name (replacedBy) draws no arrow of its own. */
export function diagramOf(workflow: WorkflowDefinition): Diagram {
  const config = workflow.machine.config as StateConfig & { id?: string };
  const states = config.states ?? {};
  const edges: Diagram['edges'] = [];
  const leaves: Array<{ path: string; final: boolean }> = [];
  const resolve = (parent: string | null, target: string): string => {
    if (target.startsWith('#')) return entered(states, target.slice(target.indexOf('.') + 1));
    if (parent && states[parent]?.states?.[target]) return `${parent}.${target}`;
    return entered(states, target);
  };
  for (const [name, state] of Object.entries(states)) {
    const children = state.states ? Object.entries(state.states).map(([child, c]) => [`${name}.${child}`, c] as const) : [[name, state] as const];
    for (const [path, leaf] of children) {
      leaves.push({ path, final: leaf.type === 'final' });
      const parent = path.includes('.') ? name : null;
      for (const [event, transition] of [...Object.entries(leaf.on ?? {}), ...(parent ? Object.entries(state.on ?? {}) : [])]) {
        if (workflow.events[event]?.replacedBy) continue;
        for (const target of targetsOf(transition)) edges.push({ from: path, to: resolve(parent, target), event });
      }
    }
  }
  // Rows by breadth-first distance from the initial state; unreachable states last.
  const row = new Map<string, number>([[entered(states, config.initial ?? Object.keys(states)[0]!), 0]]);
  const queue = [...row.keys()];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const edge of edges.filter((e) => e.from === from && !row.has(e.to))) {
      row.set(edge.to, row.get(from)! + 1);
      queue.push(edge.to);
    }
  }
  const deepest = Math.max(...row.values());
  const columns = new Map<number, number>();
  const nodes = leaves.map((leaf) => {
    const r = row.get(leaf.path) ?? deepest + 1;
    const column = columns.get(r) ?? 0;
    columns.set(r, column + 1);
    return { ...leaf, row: r, column };
  });
  return { nodes, edges };
}

const BOX = { width: 176, height: 34, gapX: 22, gapY: 46 };

/** The diagram as SVG, with a text equivalent for screen readers. */
export function StatechartSvg(props: {
  workflow: WorkflowDefinition;
  current: string;
  possible: string[];
  lang: WebLanguage;
  label: string;
  /** A state's name for people; the dotted path ("parent: child") when not given. */
  stateLabel?: (path: string) => string;
  /** The diagram as a list in words (from each state, its steps and where they lead), under this heading; closed states say `closed`. */
  inWords?: { heading: string; closed: string };
}): Child {
  const { nodes, edges } = diagramOf(props.workflow);
  const perRow = new Map<number, number>();
  for (const n of nodes) perRow.set(n.row, Math.max(perRow.get(n.row) ?? 0, n.column + 1));
  const widest = Math.max(...perRow.values());
  const width = widest * (BOX.width + BOX.gapX) + BOX.gapX;
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  const height = rows * (BOX.height + BOX.gapY) + BOX.gapY / 2;
  const position = new Map(
    nodes.map((n) => {
      const inRow = perRow.get(n.row)!;
      const offset = ((widest - inRow) * (BOX.width + BOX.gapX)) / 2;
      return [n.path, { x: BOX.gapX + offset + n.column * (BOX.width + BOX.gapX), y: BOX.gapY / 2 + n.row * (BOX.height + BOX.gapY) }];
    }),
  );
  const current = nodes.find((n) => n.path === props.current || props.current.startsWith(`${n.path}.`))?.path ?? props.current;
  const shown = props.stateLabel ?? ((path: string) => path.replace('.', ': '));
  return (
    <figure class="statechart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${props.label}: ${shown(current)}`} xmlns="http://www.w3.org/2000/svg">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
          </marker>
        </defs>
        {edges.map((edge) => {
          const a = position.get(edge.from);
          const b = position.get(edge.to);
          if (!a || !b || edge.from === edge.to) return null;
          const x1 = a.x + BOX.width / 2;
          const x2 = b.x + BOX.width / 2;
          const down = b.y > a.y;
          const y1 = down ? a.y + BOX.height : a.y;
          const y2 = down ? b.y : b.y + BOX.height;
          const bend = (x1 <= x2 ? -1 : 1) * 60;
          const middle = (node: { y: number }) => node.y + BOX.height / 2;
          const path =
            b.y === a.y
              ? // Side by side: straight across, from the facing sides.
                x1 < x2
                ? `M ${a.x + BOX.width} ${middle(a)} L ${b.x} ${middle(b)}`
                : `M ${a.x} ${middle(a)} L ${b.x + BOX.width} ${middle(b)}`
              : down
                ? `M ${x1} ${y1} L ${x2} ${y2}`
                : // Back up the chart: a curve along the side.
                  `M ${a.x} ${middle(a)} C ${a.x + bend} ${a.y}, ${b.x + bend} ${b.y + BOX.height}, ${b.x} ${middle(b)}`;
          const possible = edge.from === current && props.possible.includes(edge.event);
          return (
            <g class={`edge${possible ? ' possible' : ''}`}>
              <path d={path} fill="none" stroke="currentColor" marker-end="url(#arrow)" />
              <title>{eventLabel(props.lang, edge.event)}</title>
            </g>
          );
        })}
        {nodes.map((node) => {
          const { x, y } = position.get(node.path)!;
          const isCurrent = node.path === current;
          return (
            <g class={`node${isCurrent ? ' current' : ''}${node.final ? ' final' : ''}`} aria-current={isCurrent ? 'step' : undefined}>
              <rect x={x} y={y} width={BOX.width} height={BOX.height} rx="8" />
              <text x={x + BOX.width / 2} y={y + BOX.height / 2 + 5} text-anchor="middle">
                {shown(node.path)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {props.label}: <strong>{shown(current)}</strong>
        {props.possible.length > 0 ? ` → ${props.possible.map((e) => eventLabel(props.lang, e)).join(', ')}` : ''}
      </figcaption>
      {props.inWords ? (
        <div class="statechart-text">
          <p>{props.inWords.heading}</p>
          <ul>
            {nodes.map((node) => {
              const steps = edges.filter((e) => e.from === node.path && e.to !== node.path);
              return (
                <li aria-current={node.path === current ? 'step' : undefined}>
                  {node.path === current ? <strong>{shown(node.path)}</strong> : shown(node.path)}:{' '}
                  {steps.length === 0 ? props.inWords!.closed : steps.map((e) => `${eventLabel(props.lang, e.event)} → ${shown(e.to)}`).join('; ')}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </figure>
  );
}
