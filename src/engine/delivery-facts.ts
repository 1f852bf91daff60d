/**
 * The delivery facts of the clauses this server read lately, kept with their
 * mark (migration 0027: a new mark with every change to a clause's
 * placements, reports or offers). A clause is read with the mark of the facts
 * kept for it, and its facts are read again only when its mark moved, so a
 * clause with 10,000 placements is not read, parsed and measured in full by
 * every GET and every event (issue 24). The same mark means the same facts in
 * any transaction, committed or not: marks come from a sequence and are never
 * given out twice.
 *
 * What is derived from the facts (measured fulfilment, the placements a
 * clause counts) is kept with them by the callers, keyed by the facts object
 * (memoised below): the facts kept are frozen, so what was derived from them
 * stays true.
 */
import type { DeliveryFacts, KnownFacts } from '../db/clauses.ts';
import type { Db } from '../db/schema.ts';

/** At most this many facts rows (placements, reports and offers) are kept per database; the clauses read longest ago are let go first. */
const MAX_ROWS = 200_000;
/** At most this many clauses' facts are kept per database. */
const MAX_CLAUSES = 2_000;

class FactsKept {
  /** In the order last read: a Map iterates in insertion order, and a clause read again is put last. */
  private readonly byClause = new Map<string, KnownFacts & { rows: number }>();
  private rows = 0;

  get(clauseId: string): KnownFacts | undefined {
    const kept = this.byClause.get(clauseId);
    if (kept) {
      this.byClause.delete(clauseId);
      this.byClause.set(clauseId, kept);
    }
    return kept;
  }

  /** Keeps what was read; the facts are frozen, since every later read of the same mark shares them. */
  keep(clauseId: string, mark: string, facts: DeliveryFacts): void {
    if (this.byClause.get(clauseId)?.facts === facts) return;
    this.forget(clauseId);
    const rows = facts.placements.length + facts.reports.length + (facts.offers?.length ?? 0);
    if (rows > MAX_ROWS) return;
    this.byClause.set(clauseId, { mark, facts: frozen(facts), rows });
    this.rows += rows;
    for (const [oldest] of this.byClause) {
      if (this.rows <= MAX_ROWS && this.byClause.size <= MAX_CLAUSES) break;
      this.forget(oldest);
    }
  }

  private forget(clauseId: string): void {
    const kept = this.byClause.get(clauseId);
    if (!kept) return;
    this.byClause.delete(clauseId);
    this.rows -= kept.rows;
  }
}

function frozen(facts: DeliveryFacts): DeliveryFacts {
  for (const list of [facts.placements, facts.reports, facts.offers]) {
    for (const fact of list) Object.freeze(fact);
    Object.freeze(list);
  }
  return Object.freeze(facts);
}

/**
 * Kept per database (the engine's `deps.db`): tests run many databases in one
 * process, and a mark names facts only within its own database.
 */
const keptByDatabase = new WeakMap<Db, FactsKept>();

export function factsKept(db: Db): FactsKept {
  let kept = keptByDatabase.get(db);
  if (!kept) {
    kept = new FactsKept();
    keptByDatabase.set(db, kept);
  }
  return kept;
}

/**
 * What is derived from a facts object, remembered per object and key: facts
 * kept above are shared by every read of their mark, so what the reads derive
 * from them is derived once. The key must name everything else the result
 * depends on. At most `perObject` keys are remembered per object (a new day,
 * say, replaces the old).
 */
export function rememberedPerFacts<Result>(perObject = 8): (facts: object, key: string, derive: () => Result) => Result {
  const remembered = new WeakMap<object, Map<string, Result>>();
  return (facts, key, derive) => {
    let results = remembered.get(facts);
    if (!results) {
      results = new Map();
      remembered.set(facts, results);
    }
    const found = results.get(key);
    if (found !== undefined) return found;
    const result = derive();
    if (results.size >= perObject) results.clear();
    results.set(key, result);
    return result;
  };
}
