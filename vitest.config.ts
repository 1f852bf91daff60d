import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two files at a time even on two cores: the browser, PostgreSQL and the CLI's child processes keep a file waiting
    // much of its time (the default, one worker on two cores, ran the suite file after file).
    maxWorkers: 2,
  },
});
