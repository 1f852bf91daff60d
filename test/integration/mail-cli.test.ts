/** The CLI's mail options and commands (issue 23): addresses checked and kept unique, languages, the failures list and retries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/server-process.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/stores.ts';

const klausul = (env: Record<string, string>, ...args: string[]) => runCli(env, args);

// Each step starts a CLI process of its own: seconds apiece on a busy machine. The rules behind them are tested in process (mail-web.test.ts).
describe.each(BACKENDS)('klausul mail CLI on %s', { timeout: 400_000 }, (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => database?.drop());

  it('adds, changes and removes users’ addresses and languages, refuses a taken address, and lists failures', async () => {
    const env = database.env;
    const org = (await klausul(env, 'org', 'add', '--name', 'Jämtbygg AB', '--kind', 'supplier')).json;
    const erik = await klausul(
      env,
      'user',
      'add',
      '--org',
      org.id,
      '--role',
      'contractor',
      '--name',
      'Erik Holm',
      '--email',
      'Erik.Holm@jamtbygg.example.se',
      '--language',
      'en',
    );
    expect(erik.code).toBe(0);
    expect(erik.json).toMatchObject({ name: 'Erik Holm', email: 'Erik.Holm@jamtbygg.example.se', language: 'en', apiKey: expect.stringMatching(/^kl_/) });

    const taken = await klausul(env, 'user', 'add', '--org', org.id, '--role', 'contractor', '--name', 'Maja Sund', '--email', 'erik.holm@JAMTBYGG.example.se');
    expect(taken.code).toBe(1);
    expect(taken.json).toMatchObject({ error: 'conflict', message: expect.stringContaining('Another user already has the e-mail address') });
    const set = await klausul(env, 'user', 'set', '--user', erik.json.id, '--email', 'erik@jamtbygg.example.se', '--language', 'sv');
    expect(set.json).toMatchObject({ id: erik.json.id, email: 'erik@jamtbygg.example.se', language: 'sv' });
    // An empty address removes it (the record of processing: how users.email is erased); the address is free again.
    const removed = await klausul(env, 'user', 'set', '--user', erik.json.id, '--email', '');
    expect(removed.json).toMatchObject({ id: erik.json.id, email: null, language: 'sv' });
    const maja = await klausul(env, 'user', 'add', '--org', org.id, '--role', 'contractor', '--name', 'Maja Sund', '--email', 'erik@jamtbygg.example.se');
    expect(maja.code).toBe(0);
    expect((await klausul(env, 'mail', 'failures')).json).toEqual([]);
  });
});
