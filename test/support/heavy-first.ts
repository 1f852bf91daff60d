/**
 * The order test files start in (vitest.config.ts, sequence.sequencer): the
 * longest first, so that the two workers finish together instead of one
 * starting the browser crawl when the other is nearly done. Vitest orders by
 * the durations of the last run it remembers, and on a fresh clone, which
 * remembers none, by file size, which put the crawl (test/browser/language.test.ts,
 * the longest by far) several minutes into the run. The files named here go
 * first, longest first (their durations in a run of the whole suite on this
 * 2-core machine); the rest follow in Vitest's own order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const HEAVY_FIRST = [
  'test/browser/language.test.ts',
  'test/integration/cli.test.ts',
  'test/integration/keys.test.ts',
  'test/browser/overview.test.ts',
  'test/browser/web.test.ts',
  'test/integration/hostile-input.test.ts',
  'test/browser/clause-page.test.ts',
  'test/integration/server.test.ts',
  'test/integration/mail-cli.test.ts',
  'test/integration/large-import.test.ts',
  'test/browser/oidc-sign-in.test.ts',
  'test/integration/crash.test.ts',
];

export default class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = HEAVY_FIRST.indexOf(relative(file.project.config.root, file.moduleId).replaceAll('\\', '/'));
      return at === -1 ? HEAVY_FIRST.length : at;
    };
    const rest = await super.sort(files);
    // Array.prototype.sort is stable: the files not named keep Vitest's order.
    return rest.sort((a, b) => rank(a) - rank(b));
  }
}
