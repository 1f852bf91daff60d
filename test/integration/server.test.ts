/** The service as `npm start` runs it (`serve --demo`): first start seeds a demo, real HTTP, OpenAPI, docs, restart; `serve` alone and production seed none. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DataDirInUseError } from '../../src/db/data-dir-lock.ts';
import { countOrganisations } from '../../src/db/organisations.ts';
import { startServer } from '../../src/main.ts';
import { runCli } from '../support/server-process.ts';
import { createTestDatabase } from '../support/stores.ts';

/** Starts the server on an empty database with the console captured: what it printed, and how many organisations the store then holds. */
async function firstStart(env: Record<string, string>, options: { demo?: boolean } = {}) {
  const database = await createTestDatabase('pglite');
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  try {
    const server = await startServer(loadConfig({ ...database.env, ...env, PORT: '0', KLAUSUL_LOG_LEVEL: 'silent' }), options);
    log.mockRestore();
    await server.stop();
    const store = await database.open();
    try {
      return { output: printed.join('\n'), organisations: await countOrganisations(store.db) };
    } finally {
      await store.close();
    }
  } finally {
    log.mockRestore();
    await database.drop();
  }
}

describe('the demo only on request', () => {
  it('in production: seeds no demo and prints no keys on an empty database, but says how to add the first organisation', async () => {
    const { output, organisations } = await firstStart({ NODE_ENV: 'production' });
    expect(output).not.toMatch(/kl_/);
    expect(output).not.toContain('Demo API keys');
    expect(output).toContain('klausul org add');
    expect(output).not.toContain('--demo');
    expect(organisations).toBe(0);
  });

  it('`serve` without --demo seeds nothing either, and says how to get a demo', async () => {
    const { output, organisations } = await firstStart({});
    expect(output).not.toMatch(/kl_/);
    expect(output).toContain('klausul org add');
    expect(output).toContain('npm start');
    expect(organisations).toBe(0);
  });

  it('refuses --demo in production, before opening the store', async () => {
    await expect(firstStart({ NODE_ENV: 'production' }, { demo: true })).rejects.toThrow(/--demo is refused when NODE_ENV=production/);
  });

  it('`klausul serve --demo` with NODE_ENV=production exits non-zero with the reason and prints no key', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const run = await runCli({ ...database.env, NODE_ENV: 'production', PORT: '0' }, ['serve', '--demo']);
      expect(run.code).toBe(1);
      expect(run.json).toMatchObject({ error: 'config' });
      expect(run.json.message).toMatch(/serve --demo is refused when NODE_ENV=production/);
      expect(run.stdout).not.toMatch(/kl_/);
    } finally {
      await database.drop();
    }
  });
});

describe('the service on an embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'klausul-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ PORT: '0', KLAUSUL_DATA_DIR: dataDir, KLAUSUL_LOG_LEVEL: 'silent', KLAUSUL_NOW: '2026-09-01T08:00:00Z' });

  let contractorKey = '';

  it('seeds and prints a demo on first start with --demo, serves the API, and keeps its data across a restart', async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const server = await startServer(config, { demo: true });
    log.mockRestore();
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const keys = [...printed.join('\n').matchAll(/^\s+(officer|auditor|contractor)\s+(kl_\S+)/gm)].map((m) => [m[1], m[2]]);
      expect(keys.map(([role]) => role)).toEqual(['officer', 'auditor', 'contractor']);
      const officerKey = keys[0]![1]!;
      contractorKey = keys[2]![1]!;

      const health = await (await fetch(`${base}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'pglite' });
      // KLAUSUL_NOW starts the clock in the past and time runs on from there.
      expect(Date.parse(health.time) - Date.parse('2026-09-01T08:00:00Z')).toBeLessThan(60_000);

      const clauses = await (await fetch(`${base}/api/v1/clauses`, { headers: { authorization: `Bearer ${officerKey}` } })).json();
      expect(clauses.map((c: { state: string }) => c.state).sort()).toEqual(['delivery', 'draft']);

      const openapi = await (await fetch(`${base}/openapi.json`)).json();
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining(['/templates', '/tenders', '/tenders/{id}/clauses', '/clauses/{id}', '/clauses/{id}/events', '/clauses/{id}/history']),
      );
      expect(openapi.components.schemas).toHaveProperty('ClauseEvent_AWARD');
      const docs = await fetch(`${base}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('/docs/assets/start.js');
      // Swagger UI, served from the installed package, reads the API's description.
      expect(await (await fetch(`${base}/docs/assets/start.js`)).text()).toContain('/openapi.json');

      await expect(startServer(config)).rejects.toBeInstanceOf(DataDirInUseError);
    } finally {
      await server.stop();
    }

    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
    const again = await startServer(config, { demo: true });
    const secondStart = quiet.mock.calls.map((c) => String(c[0])).join('\n');
    quiet.mockRestore();
    try {
      expect(secondStart).not.toContain('Demo API keys');
      const health = await fetch(`http://127.0.0.1:${again.port}/health`);
      expect(health.status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('stops gracefully: a request in flight when the stop begins is answered and stored, then the database is released', async () => {
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
    const server = await startServer(config);
    const base = `http://127.0.0.1:${server.port}`;
    const auth = { authorization: `Bearer ${contractorKey}` };
    const live = ((await (await fetch(`${base}/api/v1/clauses`, { headers: auth })).json()) as Array<{ id: string; state: string }>).find(
      (c) => c.state === 'delivery',
    )!;
    const before = ((await (await fetch(`${base}/api/v1/clauses/${live.id}/placements`, { headers: auth })).json()) as unknown[]).length;
    const rows = Array.from({ length: 3_000 }, (_, i) => `GS-${i},newcomers,Arbetsförmedlingen,AF-GS-${i},2026-02-20,målare,,2026-03-02,2026-06-30,1,35`);
    const csv = [
      'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek',
      ...rows,
    ].join('\n');
    const importing = fetch(`${base}/api/v1/clauses/${live.id}/placements/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: csv,
    });
    // Let the request reach the server, then stop it while the import runs.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = server.stop();
    const answer = await importing;
    await stopping;
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as { imported: number }).imported).toBe(3_000);
    await expect(fetch(`${base}/health`)).rejects.toThrow();

    // Released: the data directory opens again, with the import in it.
    const again = await startServer(config);
    quiet.mockRestore();
    try {
      const placements = await (await fetch(`http://127.0.0.1:${again.port}/api/v1/clauses/${live.id}/placements`, { headers: auth })).json();
      expect(placements).toHaveLength(before + 3_000);
    } finally {
      await again.stop();
    }
  });
});
