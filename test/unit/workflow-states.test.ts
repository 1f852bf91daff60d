/**
 * The workflows own their states (issue 17): the groups of states the rest
 * of Klausul asks about are tags on the machines, and code outside
 * workflows/ derives its state lists from them (workflows/states.ts).
 *
 * (a) Every tag names real states, and the derived groups are what xstate
 *     itself says of each state.
 * (b) A scan of src/ and templates/ finds state names written as literals in
 *     state comparisons and state lists: a name that is no state of any
 *     machine fails, and so does any literal left where a derived list or a
 *     tag should be used, except the allow-listed lines below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOLLOW_UP_STATES } from '../../src/domain/follow-ups.ts';
import { allWorkflows } from '../../workflows/index.ts';
import {
  CLAUSE_TOP_STATES,
  type ClauseState,
  type ClauseTopState,
  FINAL_CLAUSE_TOP_STATES,
  ITEM_EVENT_STATES,
  isStateOf,
  ONGOING_PLACEMENT_STATES,
  PLACEMENTS_AWAITING_VERIFICATION,
  REGISTERING_STATES,
  REPORTING_STATES,
  REPORTS_AWAITING_ANSWER,
  stateHasTag,
  statesOf,
  statesTagged,
  TERMS_OPEN_STATES,
  termsSettled,
  WORKFLOW_TAGS,
  type WorkflowId,
} from '../../workflows/states.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOW_IDS = Object.keys(WORKFLOW_TAGS) as WorkflowId[];

describe('state groups on the machines', () => {
  it.each(WORKFLOW_IDS)('%s: every tag marks at least one real state', (id) => {
    for (const tag of WORKFLOW_TAGS[id]) {
      const states = statesTagged(id, tag as never);
      expect(states, `${id} tag ${tag}`).not.toHaveLength(0);
      for (const state of states) expect(isStateOf(id, state), `${id} tag ${tag}: ${state}`).toBe(true);
    }
  });

  it('the machines use only the tags workflows/tags.ts declares, and all versions of a workflow agree', () => {
    for (const workflow of allWorkflows()) {
      const id = workflow.id as WorkflowId;
      const declared = new Set<string>(WORKFLOW_TAGS[id]);
      const visit = (node: { path: string[]; tags: string[]; states: Record<string, never> }) => {
        for (const child of Object.values(node.states) as Array<typeof node>) {
          for (const tag of child.tags) expect(declared, `${id}@${workflow.version} ${child.path.join('.')}`).toContain(tag);
          // The union over versions (what states.ts derives) equals this version's own tags.
          for (const tag of WORKFLOW_TAGS[id]) {
            expect(child.tags.includes(tag), `${id}@${workflow.version} ${child.path.join('.')} ${tag}`).toBe(
              statesTagged(id, tag as never).includes(child.path.join('.') as never),
            );
          }
          visit(child);
        }
      };
      visit(workflow.machine.root as never);
      expect(statesOf(id).length).toBeGreaterThan(0);
    }
  });

  it("stateHasTag says what xstate's snapshot.hasTag says, for every state of every version", () => {
    for (const workflow of allWorkflows()) {
      const id = workflow.id as WorkflowId;
      // A state a later version added (viteClaimed, terminated in social-clause 3) is no state of the earlier ones.
      const hasState = (state: string) =>
        state.split('.').reduce<{ states: Record<string, unknown> } | undefined>((node, key) => node?.states[key] as never, workflow.machine.root as never) !==
        undefined;
      for (const state of statesOf(id).filter(hasState)) {
        const node = workflow.machine.getStateNodeById(`${workflow.machine.id}.${state}`);
        if (node.type === 'compound') continue; // a snapshot is never in a compound state alone
        const value = state.includes('.') ? { [state.split('.')[0]!]: state.split('.').slice(1).join('.') } : state;
        const snapshot = workflow.machine.resolveState({ value, context: {} as never });
        for (const tag of WORKFLOW_TAGS[id]) expect(stateHasTag(id, state, tag as never), `${id} ${state} ${tag}`).toBe(snapshot.hasTag(tag));
      }
    }
  });

  it('derives the groups the code uses', () => {
    expect(CLAUSE_TOP_STATES).toEqual([
      'draft',
      'tendering',
      'commitment',
      'delivery',
      'verification',
      'shortfall',
      'remediation',
      'fulfilled',
      'sanctioned',
      'waived',
      'withdrawn',
      'viteClaimed',
      'terminated',
    ]);
    // sanctioned on versions 1 and 2; viteClaimed and terminated on version 3.
    expect(FINAL_CLAUSE_TOP_STATES).toEqual(['fulfilled', 'sanctioned', 'waived', 'withdrawn', 'viteClaimed', 'terminated']);
    expect(TERMS_OPEN_STATES).toEqual(['draft', 'tendering']);
    expect(REGISTERING_STATES).toEqual(['delivery', 'remediation']);
    expect(ITEM_EVENT_STATES).toEqual(['delivery', 'verification', 'remediation']);
    expect(REPORTING_STATES).toEqual(['delivery', 'verification', 'shortfall', 'remediation']);
    expect(statesTagged('social-clause', 'deadline:planDue')).toEqual(['commitment.awaitingPlan']);
    expect(statesTagged('social-clause', 'deadline:correctionDue')).toEqual(['delivery', 'verification', 'shortfall', 'remediation']);
    expect(statesTagged('social-clause', 'sanctionImposed')).toEqual(['sanctioned', 'viteClaimed']);
    expect(ONGOING_PLACEMENT_STATES).toEqual(['registered', 'active']);
    expect(PLACEMENTS_AWAITING_VERIFICATION).toEqual(['completed', 'endedEarly', 'discontinued']);
    expect(REPORTS_AWAITING_ANSWER).toEqual(['submitted', 'resubmitted']);
    expect(CLAUSE_TOP_STATES.filter(termsSettled)).toEqual(CLAUSE_TOP_STATES.filter((s) => s !== 'draft' && s !== 'tendering'));
  });

  it('types the state names, so tsc rejects a misspelled one', () => {
    const path: ClauseState = 'commitment.awaitingPlan';
    const top: ClauseTopState = 'delivery';
    // @ts-expect-error: no such state
    const misspelled: ClauseState = 'delivry';
    // @ts-expect-error: a nested path is no top state
    const nested: ClauseTopState = 'commitment.planReview';
    expect([path, top, misspelled, nested].length).toBe(4);
  });
});

// ── The scan ──────────────────────────────────────────────────────────────

/** Every state name of every machine, as dotted paths and as their segments. */
const KNOWN = new Set(WORKFLOW_IDS.flatMap((id) => statesOf(id).flatMap((path) => [path, ...path.split('.')])));
/**
 * A follow-up's states (src/domain/follow-ups.ts): a lifecycle of its own in the follow_ups table, moved by a poller
 * and one event, with no machine; its literals are no machine's states and no misspelling of one.
 */
const OWN_LIFECYCLES = new Set<string>(FOLLOW_UP_STATES);

interface Finding {
  file: string;
  line: number;
  literal: string;
  /** "unknown": no machine has the state; "literal": a known state spelled where a derived list or tag belongs. */
  problem: 'unknown' | 'literal';
  text: string;
}

const STATE_EXPR = String.raw`(?:\b[\w.]*(?:state|State)\b|[\w.]*\.value\b)`;
const LIT = String.raw`'([A-Za-z][\w.]*)'`;
/** Single state names compared with a state, in TypeScript and in SQL. */
const SINGLE_PATTERNS = [
  new RegExp(`${STATE_EXPR}\\s*(?:===|!==|==|!=|<>|=)\\s*${LIT}`, 'g'), // state === 'x', top_state = 'x' (SQL)
  new RegExp(`${LIT}\\s*(?:===|!==|==|!=)\\s*${STATE_EXPR}`, 'g'), // 'x' === state
  new RegExp(String.raw`\.where\(\s*'[\w.]*state'\s*,\s*'[^']+'\s*,\s*${LIT}\s*\)`, 'g'), // .where('p.state', '!=', 'x')
  new RegExp(String.raw`\bstate:\s*${LIT}`, 'g'), // { state: 'x' } as a filter
  new RegExp(String.raw`\.matches\(\s*${LIT}`, 'g'), // snapshot.matches('x')
];
/** A literal list: [ 'a', 'b' ], ( 'a', 'b' ) in SQL. */
const LIST_PATTERN = /[[(]\s*('[A-Za-z][\w.]*'(?:\s*,\s*'[A-Za-z][\w.]*')+)\s*,?\s*[\])]/g;
/** SQL lists after a state column: state in ('a', 'b'). */
const SQL_STATE_LIST = /\bstate\s+(?:not\s+)?in\s*\(\s*('[^)]*')\s*\)/g;

/** The state literals in one file's source. */
function scanSource(file: string, source: string): Finding[] {
  const findings: Finding[] = [];
  const lines = source.split('\n');
  let switchOnState = false;
  lines.forEach((text, index) => {
    const line = index + 1;
    const add = (literal: string) => findings.push({ file, line, literal, problem: KNOWN.has(literal) ? 'literal' : 'unknown', text: text.trim() });
    if (/^\s*(\/\/|\*|\/\*)/.test(text)) return; // comments may name states
    for (const pattern of SINGLE_PATTERNS) for (const match of text.matchAll(pattern)) add(match[1]!);
    for (const match of text.matchAll(SQL_STATE_LIST)) for (const literal of match[1]!.matchAll(/'([^']+)'/g)) add(literal[1]!);
    for (const match of text.matchAll(LIST_PATTERN)) {
      const literals = [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
      // A list is a state list when at least half of it names states (or the line speaks of states); its other names are then misspelled states.
      if (literals.filter((l) => KNOWN.has(l)).length * 2 >= literals.length || /state/i.test(text)) {
        if (literals.some((l) => KNOWN.has(l))) for (const literal of literals) add(literal);
      }
    }
    if (/\bswitch\s*\(/.test(text)) switchOnState = new RegExp(STATE_EXPR).test(text.slice(text.indexOf('switch')));
    if (switchOnState) for (const match of text.matchAll(new RegExp(`\\bcase\\s+${LIT}\\s*:`, 'g'))) add(match[1]!);
  });
  // The same literal found twice on a line (by two patterns) is one finding.
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.line}:${f.literal}:${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * State literals that may stay for now, by file and a piece of the line.
 * src/engine/** is being restructured by the lead, who switches these to the
 * exports of workflows/states.ts: this part shrinks to empty. The rest sit in
 * files other engineers own right now (src/web restructure, other HTTP
 * handlers) and go the same way.
 */
/** Lines that may keep a state literal, with what they should use instead; empty now that every list is derived. */
const ALLOWED: Array<{ file: string; text: string; use: string }> = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The TypeScript sources outside workflows/: src (but its migrations, which keep the schema as it was) and templates. */
function scanTree(): Finding[] {
  return [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'templates'))]
    .map((path) => relative(ROOT, path))
    .filter((file) => !file.startsWith('src/db/migrations/'))
    .flatMap((file) => scanSource(file, readFileSync(join(ROOT, file), 'utf8')));
}

const describeFinding = (f: Finding) => `${f.file}:${f.line} '${f.literal}': ${f.text}`;

describe('state names outside workflows/', () => {
  const findings = scanTree();

  it('name only states of the machines', () => {
    const unknown = findings.filter((f) => f.problem === 'unknown' && !OWN_LIFECYCLES.has(f.literal));
    expect(unknown.map(describeFinding), 'state names no machine has').toEqual([]);
  });

  it('are no literal state lists or comparisons but derived ones (except the allow-list)', () => {
    const left = findings.filter((f) => f.problem === 'literal' && !ALLOWED.some((a) => a.file === f.file && f.text.includes(a.text)));
    expect(left.map(describeFinding), 'use workflows/states.ts instead').toEqual([]);
  });

  it('keep no allow-list entry that no longer matches a line', () => {
    const stale = ALLOWED.filter((a) => !findings.some((f) => a.file === f.file && f.text.includes(a.text)));
    expect(
      stale.map((a) => `${a.file}: ${a.text}`),
      'remove these from ALLOWED',
    ).toEqual([]);
  });

  it('finds a misspelled state, and a spelled-out list, in any of the forms it scans', () => {
    const source = [
      "if (clause.state === 'delivry') return;",
      "if ('remediaton' !== row.top_state) return;",
      ".where('p.state', '!=', 'rejectd')",
      "sql`when c.top_state in ('fulfilled', 'sanctiond') then 1`",
      "const OPEN = ['delivery', 'remediatoin'];",
      'switch (opening.state) {',
      "  case 'opne':",
      '}',
      "const fine = 'delivry'; // not a state comparison",
      "const statuses = ['scheduled', 'fired'];",
    ].join('\n');
    const found = scanSource('example.ts', source);
    expect(found.filter((f) => f.problem === 'unknown').map((f) => [f.line, f.literal])).toEqual([
      [1, 'delivry'],
      [2, 'remediaton'],
      [3, 'rejectd'],
      [4, 'sanctiond'],
      [5, 'remediatoin'],
      [7, 'opne'],
    ]);
    // The correctly spelled names in the lists are found too: as literals that should be derived.
    expect(found.filter((f) => f.problem === 'literal').map((f) => [f.line, f.literal])).toEqual([
      [4, 'fulfilled'],
      [5, 'delivery'],
    ]);
  });
});
