/**
 * Bodies as the Node.js server receives them (src/http/middleware.ts, bodyGuard):
 * read from the request stream itself, counted against the limit with and
 * without Content-Length, refused when not UTF-8 or not JSON, and still there
 * for a route that validates its JSON through Hono (drafting a tender).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { systemClock } from '../../src/engine/clock.ts';
import { startServer } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

/** A POST over a real socket; chunked: no Content-Length, the body sent in pieces. */
function post(port: number, key: string, path: string, body: Buffer, chunked = false): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        path,
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': body.length }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    // A refusal may close the connection before the whole body is sent.
    req.on('error', reject);
    if (chunked) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    else req.write(body);
    req.end();
  });
}

describe('request bodies over the Node.js server', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let key = '';

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const store = await database.open();
    try {
      const buyer = await addOrganisation({ db: store.db, clock: systemClock }, { name: 'Kroppsvik kommun', kind: 'buyer' });
      key = (await addUser({ db: store.db, clock: systemClock }, { orgId: buyer.id, role: 'officer', name: 'Kropp Officer' })).apiKey;
    } finally {
      await store.close();
    }
    server = await startServer(loadConfig({ ...database.env, PORT: '0', KLAUSUL_LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const tender = (reference: string) => Buffer.from(JSON.stringify({ reference, title: 'Ombyggnad av Kroppsviks skola' }));

  it('takes a JSON body with and without Content-Length, validated through Hono by the route', async () => {
    for (const chunked of [false, true]) {
      const created = await post(server.port, key, '/api/v1/tenders', tender(`KV-${chunked}`), chunked);
      expect(created).toMatchObject({ status: 201, json: { reference: `KV-${chunked}`, title: 'Ombyggnad av Kroppsviks skola' } });
    }
  });

  it('refuses a body over 1 MB, by its Content-Length or counted as it arrives, and bodies that are not UTF-8 or not JSON', async () => {
    const large = Buffer.from(JSON.stringify({ reference: 'KV-stor', title: 'x'.repeat(1024 * 1024) }));
    for (const chunked of [false, true]) {
      const refused = await post(server.port, key, '/api/v1/tenders', large, chunked);
      expect(refused).toMatchObject({ status: 413, json: { error: 'payload_too_large' } });
    }
    expect(await post(server.port, key, '/api/v1/tenders', Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({ status: 400, json: { error: 'malformed_json' } });
    expect(await post(server.port, key, '/api/v1/tenders', Buffer.from('{"reference":'))).toMatchObject({ status: 400, json: { error: 'malformed_json' } });
  });
});
