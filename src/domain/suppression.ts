/**
 * Small-number suppression for figures that leave the matching body (issue
 * 21, item 4). Primary: every count under 3 — 0, 1 and 2 — is suppressed
 * (the "a cell under 3 shows <3", taken literally: a shown 0 would
 * tell that nobody in a group had an outcome, which is as much about a person
 * as a 1). Secondary: wherever parts add up to a shown total, a single
 * suppressed cell could be worked back by subtraction, so while any additive
 * group has exactly one suppressed cell, the smallest other cell of the group
 * is suppressed too; this repeats until no group has exactly one (a cell
 * suppressed in one group may leave another with one).
 */

/** A count and whether it is suppressed. */
export interface Cell {
  value: number;
  suppressed: boolean;
}

/** A total and the parts that add up to it. */
export interface AdditiveGroup {
  total: Cell;
  parts: Cell[];
}

export const SUPPRESSION_THRESHOLD = 3;

export const cell = (value: number): Cell => ({ value, suppressed: false });

/** Suppresses the cells (primary) and then, group by group, the cells a subtraction would reveal (secondary). */
export function suppressCells(cells: Iterable<Cell>, groups: readonly AdditiveGroup[]): void {
  for (const c of cells) if (c.value < SUPPRESSION_THRESHOLD) c.suppressed = true;
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const members = [group.total, ...group.parts];
      if (members.filter((m) => m.suppressed).length !== 1) continue;
      let smallest: Cell | undefined;
      for (const m of members) if (!m.suppressed && (!smallest || m.value < smallest.value)) smallest = m;
      if (smallest) {
        smallest.suppressed = true;
        changed = true;
      }
    }
  }
}

/** The cell as shown: its value, or '<3'. */
export const shown = (c: Cell): number | '<3' => (c.suppressed ? '<3' : c.value);
