import { defineConfig } from 'vitest/config';
import HeavyFirst from './test/support/heavy-first.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at a time even on two cores: the browser, PostgreSQL and the CLI's child processes keep a file waiting
    // much of its time (the default, one worker on two cores, ran the suite file after file).
    maxWorkers: 2,
    // Test files share their workers' module graph instead of loading the application anew per file, which cost more
    // CPU than any test (README, The test suite's speed); every file opens its own database and server.
    isolate: false,
    // The longest files first, on a fresh clone too (test/support/heavy-first.ts).
    sequence: { sequencer: HeavyFirst },
  },
});
