/**
 * API keys as an operator handles them with the CLI: listed without secrets,
 * revoked at once (the API and the web sessions refuse the key on the next
 * request), rotated (a new key, the user's old keys revoked).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { listKeys, revokeKey, rotateKey } from '../../src/engine/admin.ts';
import { dropSeeded, harness, openSeeded, type Harness, type SeededDatabase } from '../support/api.ts';
import { runCli } from '../support/server-process.ts';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';

const klausul = runCli;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Each step starts a fresh CLI process (tsx, then the store): several seconds apiece on a busy machine.
const CLI_STEPS_TIMEOUT_MS = 240_000;

describe.each(BACKENDS)('API keys with the CLI on %s', { timeout: CLI_STEPS_TIMEOUT_MS }, (backend) => {
  let database: TestDatabase;
  // The service's view of the same database. PGlite allows one process per data directory, so
  // there it is closed while a CLI command runs; on PostgreSQL it stays open throughout, as a
  // running server would, and must see a revocation on its very next request.
  let store: Store | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const service = async (): Promise<Harness> => {
    if (!h) {
      store = await database.open();
      h = harness(store);
    }
    return h;
  };
  const cli = async (args: string[], options?: { json?: boolean }) => {
    if (backend === 'pglite' && store) {
      await store.close();
      store = undefined;
      h = undefined;
    }
    return klausul(database.env, args, options);
  };
  const status = async (apiKey: string) => (await (await service()).as(apiKey).get('/api/v1/tenders')).status;

  it('lists keys without secrets, revokes a key at once and rotates a user onto a new one', async () => {
    const org = (await cli(['org', 'add', '--name', 'Mitthem AB', '--kind', 'buyer'])).json;
    const other = (await cli(['org', 'add', '--name', 'Jämtbygg AB', '--kind', 'supplier'])).json;
    const officer = (await cli(['user', 'add', '--org', org.id, '--role', 'officer', '--name', 'Anna Ek'])).json;
    const auditor = (await cli(['user', 'add', '--org', org.id, '--role', 'auditor', '--name', 'Johan Berg'])).json;
    const contractor = (await cli(['user', 'add', '--org', other.id, '--role', 'contractor', '--name', 'Erik Holm'])).json;
    const secrets = [officer.apiKey, auditor.apiKey, contractor.apiKey];

    // The list: who, which role, which organisation, the key's first characters; never a key or its hash.
    const list = await cli(['key', 'list']);
    expect(list.code).toBe(0);
    expect(list.json).toHaveLength(3);
    const officerKey = list.json.find((k: { userId: string }) => k.userId === officer.id);
    expect(officerKey).toEqual({
      id: expect.any(String),
      userId: officer.id,
      userName: 'Anna Ek',
      role: 'officer',
      orgId: org.id,
      orgName: 'Mitthem AB',
      keyPrefix: officer.apiKey.slice(0, 7),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      revokedAt: null,
      revoked: false,
    });
    const text = await cli(['key', 'list'], { json: false });
    expect(text.stdout).toContain('Anna Ek');
    for (const output of [list.stdout, text.stdout]) {
      for (const secret of secrets) {
        expect(output).not.toContain(secret);
        expect(output).not.toContain(sha256(secret));
      }
    }
    expect((await cli(['key', 'list', '--org', other.id])).json.map((k: { userName: string }) => k.userName)).toEqual(['Erik Holm']);

    // Both keys work, in the API and in the web application.
    expect(await status(officer.apiKey)).toBe(200);
    expect(await status(auditor.apiKey)).toBe(200);
    const session = await webSignIn(await service(), officer.apiKey);
    expect((await (await service()).app.request('/app', { headers: { cookie: session } })).status).toBe(200);

    // Revoked: the next request is refused, and the web session has ended.
    const revoked = await cli(['key', 'revoke', '--key', officerKey.id]);
    expect(revoked).toMatchObject({ code: 0, json: { id: officerKey.id, userId: officer.id, keyPrefix: officerKey.keyPrefix, alreadyRevoked: false } });
    const refused = await (await service()).as(officer.apiKey).get('/api/v1/tenders');
    expect(refused).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const web = await (await service()).app.request('/app', { headers: { cookie: session } });
    expect(web.status).toBe(303);
    expect(web.headers.get('location')).toBe('/app/login');
    expect(await status(auditor.apiKey)).toBe(200);

    // Again: the same answer, nothing changes.
    const again = await cli(['key', 'revoke', '--key', officerKey.id]);
    expect(again).toMatchObject({ code: 0, json: { id: officerKey.id, revokedAt: revoked.json.revokedAt, alreadyRevoked: true } });
    expect(await cli(['key', 'revoke', '--key', 'no-such-key'])).toMatchObject({ code: 1, json: { error: 'not_found' } });

    // Rotated: the new key works (printed once), the old one is refused.
    const auditorKeyId = list.json.find((k: { userId: string }) => k.userId === auditor.id).id;
    const rotated = await cli(['key', 'rotate', '--user', auditor.id]);
    expect(rotated).toMatchObject({
      code: 0,
      json: {
        id: expect.any(String),
        userId: auditor.id,
        userName: 'Johan Berg',
        role: 'auditor',
        orgId: org.id,
        apiKey: expect.stringMatching(/^kl_/),
        revokedKeyIds: [auditorKeyId],
      },
    });
    const newKey: string = rotated.json.apiKey;
    expect(newKey).not.toBe(auditor.apiKey);
    expect(rotated.json.keyPrefix).toBe(newKey.slice(0, 7));
    expect(await status(newKey)).toBe(200);
    expect(await status(auditor.apiKey)).toBe(401);

    const auditorKeys = (await cli(['key', 'list', '--user', auditor.id])).json as Array<{ id: string; revoked: boolean; revokedAt: string | null }>;
    expect(auditorKeys.map((k) => [k.id, k.revoked])).toEqual(
      expect.arrayContaining([
        [auditorKeyId, true],
        [rotated.json.id, false],
      ]),
    );
    expect(auditorKeys).toHaveLength(2);
    expect(JSON.stringify(auditorKeys)).not.toContain(newKey);

    // A user whose keys are all revoked can be given one again.
    const officerAgain = await cli(['key', 'rotate', '--user', officer.id], { json: false });
    expect(officerAgain.code).toBe(0);
    const printed = /API key \(shown once, store it now\): (kl_\S+)/.exec(officerAgain.stdout)![1]!;
    expect(await status(printed)).toBe(200);
    expect(await cli(['key', 'rotate', '--user', 'no-such-user'])).toMatchObject({ code: 1, json: { error: 'not_found' } });
  });
});

describe.each(BACKENDS)('API keys in a running service on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(async () => dropSeeded(seeded ?? {}));

  it('refuses a key revoked while the service runs on its very next request', async () => {
    const { h, p } = seeded;
    const contractor = h.as(p.contractor);
    expect((await contractor.get('/api/v1/clauses')).status).toBe(200);
    const [key] = (await listKeys(h.deps)).filter((k) => k.userName === 'Erik Holm');
    await revokeKey(h.deps, { keyId: key!.id });
    expect((await contractor.get('/api/v1/clauses')).status).toBe(401);
    expect((await h.as(p.otherContractor).get('/api/v1/clauses')).status).toBe(200);
  });

  it('filters the list and names what is missing or unknown', async () => {
    const { h, p } = seeded;
    const all = await listKeys(h.deps);
    const [officer] = all.filter((k) => k.userName === 'Sara Lind');
    expect((await listKeys(h.deps, { userId: officer!.userId })).map((k) => k.id)).toEqual([officer!.id]);
    expect((await listKeys(h.deps, { orgId: officer!.orgId })).map((k) => k.userName).sort()).toEqual(['Admin', 'Johan Berg', 'Sara Lind']);
    await expect(listKeys(h.deps, { orgId: 'no-such-org' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(listKeys(h.deps, { userId: 'no-such-user' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revokeKey(h.deps, {})).rejects.toMatchObject({ code: 'validation' });
    await expect(rotateKey(h.deps, {})).rejects.toMatchObject({ code: 'validation' });
    expect(JSON.stringify(all)).not.toContain(p.officer);
  });

  it('leaves exactly one live key when rotations of one user race', async () => {
    const { h } = seeded;
    const [auditorKey] = (await listKeys(h.deps)).filter((k) => k.userName === 'Johan Berg');
    const rotations = await Promise.all(Array.from({ length: 4 }, () => rotateKey(h.deps, { userId: auditorKey!.userId })));
    const keys = await listKeys(h.deps, { userId: auditorKey!.userId });
    expect(keys.filter((k) => !k.revoked)).toHaveLength(1);
    const live = rotations.filter((r) => keys.some((k) => k.id === r.id && !k.revoked));
    expect(live).toHaveLength(1);
    for (const rotation of rotations) expect((await h.as(rotation.apiKey).get('/api/v1/tenders')).status).toBe(rotation === live[0] ? 200 : 401);
  });
});
