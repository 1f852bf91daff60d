/** The CLI as an operator runs it: one JSON document per command with --json. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../src/db/migrate.ts';
import { runCli } from '../support/server-process.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/stores.ts';

const klausul = (env: Record<string, string>, ...args: string[]) => runCli(env, args);
/** Through bin/klausul.mjs, the package's command, as an operator runs it (the other steps run the CLI built for the test run). */
const installedKlausul = (env: Record<string, string>, ...args: string[]) => runCli(env, args, { asInstalled: true });

// Each step starts a fresh CLI process (then the store): seconds apiece on a busy machine.
const CLI_STEPS_TIMEOUT_MS = 120_000;

describe.each(BACKENDS)('klausul CLI on %s', { timeout: CLI_STEPS_TIMEOUT_MS }, (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    // On PostgreSQL an empty database, so that `migrate` runs every migration (a new PGlite one would cost an initdb).
    database = await createTestDatabase(backend, { emptyPostgres: true });
  });
  afterAll(async () => database?.drop());

  it('migrates, adds organisations and users, seeds a demo and verifies', async () => {
    const env = database.env;
    expect((await installedKlausul(env, 'migrate')).json).toMatchObject({ ok: true, current: LATEST_MIGRATION });

    const org = await klausul(env, 'org', 'add', '--name', 'Mitthem AB', '--kind', 'buyer');
    expect(org.code).toBe(0);
    expect(org.json).toMatchObject({ id: expect.any(String), name: 'Mitthem AB', kind: 'buyer' });

    const user = await klausul(env, 'user', 'add', '--org', org.json.id, '--role', 'officer', '--name', 'Anna Ek');
    expect(user.json).toMatchObject({ id: expect.any(String), orgId: org.json.id, role: 'officer', apiKey: expect.stringMatching(/^kl_/) });

    const wrongRole = await klausul(env, 'user', 'add', '--org', org.json.id, '--role', 'contractor', '--name', 'X');
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.json).toMatchObject({ error: 'validation' });
    const identity = await klausul(env, 'org', 'add', '--name', 'Enskild firma 19811218-9876', '--kind', 'supplier');
    expect(identity.json.error).toBe('personal_identity_number');
    expect((await klausul(env, 'org', 'add', '--name', 'X', '--kind', 'alien')).json.error).toBe('validation');

    // On a fixed day, so that what the demo seeds relative to its clock (a follow-up due, a placement about to start) is there.
    const demo = await klausul({ ...env, KLAUSUL_NOW: '2026-09-01T08:00:00Z' }, 'demo');
    expect(demo.json.keys.map((k: { role: string }) => k.role)).toEqual(['officer', 'auditor', 'contractor', 'matcher', 'subcontractor']);
    expect(demo.json.clauseIds).toHaveLength(2);
    expect(demo.json.openingIds).toHaveLength(2);

    const body = await klausul(env, 'org', 'add', '--name', 'Innanförskapsakademin', '--kind', 'matching_body');
    expect(body.json).toMatchObject({ kind: 'matching_body' });
    expect((await klausul(env, 'user', 'add', '--org', body.json.id, '--role', 'matcher', '--name', 'Oskar Dahl')).json).toMatchObject({
      role: 'matcher',
      apiKey: expect.stringMatching(/^kl_/),
    });
    expect((await klausul(env, 'user', 'add', '--org', body.json.id, '--role', 'contractor', '--name', 'X')).json.error).toBe('validation');

    expect((await klausul(env, 'verify')).json).toEqual({
      ok: true,
      // The demo's placements (src/engine/demo.ts): the participant whose follow-up is due (CREATE, START, COMPLETE), and
      // the subcontractor's, registered (CREATE).
      checked: 7,
      checkedByKind: { clause: 2, placement: 2, report: 0, opening: 2, proposal: 1, offer: 0 },
      failed: 0,
      failures: [],
      chain: { ok: true, checkedRows: 13, broken: 0, firstBroken: null },
    });
    const orgs = await klausul(env, 'org', 'list');
    expect(orgs.json.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Mitthem AB', 'Östersundshem AB', 'Jämtbygg AB']));
  });

  it("erases the demo's followed participant by reference (issue 20, item 2), and verify still passes", async () => {
    const env = database.env;
    const both = await klausul(env, 'erase', '--participant', 'AF-2026-0388', '--candidate', 'AF-2026-0412');
    expect(both).toMatchObject({ code: 1, json: { error: 'validation' } });
    const erased = await klausul(env, 'erase', '--participant', 'AF-2026-0388');
    expect(erased.code).toBe(0);
    expect(erased.json).toMatchObject({ subject: 'participant', alreadyErased: false, counts: { placements: 1, historyRows: 3 } });
    expect((await klausul(env, 'verify')).json).toMatchObject({ ok: true, failed: 0, chain: { ok: true, broken: 0 } });
    expect((await klausul(env, 'erase', '--participant', 'AF-2026-0388')).json).toMatchObject({ alreadyErased: true, erasureIds: [] });
  });

  it('explains unknown commands and bad configuration', async () => {
    const unknown = await installedKlausul(database.env, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.json.error).toBe('usage');
    const badPort = await klausul({ ...database.env, PORT: 'seventy' }, 'migrate');
    expect(badPort.json).toMatchObject({ error: 'config', message: expect.stringContaining('PORT') });
  });
});

describe('klausul CLI on a PGlite data directory in use', () => {
  it('refuses a second process on the same PGlite data directory', async () => {
    const database = await createTestDatabase('pglite');
    const store = await database.open();
    try {
      const second = await klausul(database.env, 'verify');
      expect(second.code).toBe(1);
      expect(second.json.message).toMatch(/in use by another Klausul process/);
    } finally {
      await store.close();
    }
    expect((await klausul(database.env, 'verify')).json.ok).toBe(true);
    await database.drop();
  });
});
