/**
 * axe-core's WCAG 2.1 A and AA rules run on a page in Chromium, for the browser
 * tests: the axe-core that @axe-core/playwright ships, put into the page once
 * and run there with axe.run, as AxeBuilder's legacy mode does. The same
 * rules on the same markup at a third of AxeBuilder's default cost in CPU
 * (0.6 s a page against 1.7 s on this machine):
 * - AxeBuilder by default runs axe.runPartial in each frame and then
 *   axe.finishRun in a blank page it opens for every call, putting axe-core
 *   (half a megabyte of script) into that page too; that is for cross-origin
 *   frames, and the application's pages have no frames (src/web has no iframe).
 *   Its legacy mode still puts axe-core into the page twice.
 * - resultTypes ['violations']: axe gathers nodes and selectors only for the
 *   violations, the one result the tests read; every rule still runs on the
 *   whole page (or the part asked for), and passes and the rest keep one node
 *   apiece.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** What a test reads of a violation: axe's rule and the elements that break it. */
export interface AxeViolation {
  id: string;
  nodes: Array<{ target: unknown[] }>;
}

// The axe-core @axe-core/playwright depends on, found from where that package is.
const fromAxePlaywright = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
const AXE_SOURCE = readFileSync(fromAxePlaywright.resolve('axe-core/axe.min.js'), 'utf8');

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe finds against WCAG 2.1 AA on the page as it stands, or in the part the selector `include` picks. */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ include, tags }) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => ({ target: node.target })) }));
    },
    { include, tags: WCAG_AA },
  );
}

/** A violation as a failure message names it: the rule and the elements, the first `nodes` of them when given. */
export const describeViolation = (violation: AxeViolation, nodes = Number.POSITIVE_INFINITY) =>
  `${violation.id}: ${violation.nodes
    .slice(0, nodes)
    .map((node) => node.target.join(' '))
    .join(', ')}`;
