/**
 * Evidence files over HTTP, on PGlite and (with DATABASE_URL) on PostgreSQL:
 * upload to placements and reports, the hash in history, download by the
 * buyer and the uploading supplier only, and every refusal storing nothing.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { CSV, PDF, PNG, XLSX, ZIP } from '../fixtures/evidence.ts';
import { clauseInDelivery, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

const PLACEMENTS = {
  count: 1,
  minWeeks: 12,
  hoursPerWeek: 30,
  targetGroups: ['newcomers'],
  matchingBody: 'Arbetsförmedlingen',
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(BACKENDS)('evidence on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;
  let placementId: string;
  let reportId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENTS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const contractor = h.as(p.contractor);
    const placement = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: 'JB-2026-014',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-88213', date: '2026-02-20' },
      role: 'målare',
      startDate: '2026-03-02',
      plannedEndDate: '2026-06-30',
      fte: 1,
      hoursPerWeek: 35,
    });
    placementId = placement.body.id;
    const report = await contractor.post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 1200 });
    reportId = report.body.id;
  });
  afterAll(() => dropSeeded({ database, store }));

  const upload = (
    key: string,
    path: string,
    file: { bytes: Uint8Array; name: string; type?: string } | null,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    if (file) form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return h.as(key).raw(path, { method: 'POST', body: form, headers });
  };
  const toPlacement = `/api/v1/placements/`;
  const stored = async () => ({
    evidence: Number(
      (
        await store.db
          .selectFrom('evidence')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    history: Number(
      (
        await store.db
          .selectFrom('item_history')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('stores a PDF on a placement with its hash, records the hash in history, and serves it back byte for byte', async () => {
    const before = (await h.as(p.contractor).get(`${toPlacement}${placementId}`)).body.version;
    const answer = await upload(
      p.contractor,
      `${toPlacement}${placementId}/evidence`,
      { bytes: PDF, name: 'C:\\scans\\tidrapport mars.pdf', type: 'application/pdf' },
      { description: 'Tidrapport mars' },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      itemKind: 'placement',
      itemId: placementId,
      clauseId,
      fileName: 'tidrapport mars.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.byteLength,
      sha256: sha256(PDF),
      description: 'Tidrapport mars',
    });
    expect(answer.headers.get('location')).toBe(`/api/v1/evidence/${answer.body.id}/content`);

    const placement = await h.as(p.auditor).get(`${toPlacement}${placementId}`);
    expect(placement.body.version).toBe(before + 1);
    expect(placement.body.evidence).toEqual([expect.objectContaining({ id: answer.body.id, sha256: sha256(PDF) })]);
    const history = await h.as(p.auditor).get(`${toPlacement}${placementId}/history`);
    expect(history.body.at(-1)).toMatchObject({
      type: 'ADD_EVIDENCE',
      actorRole: 'contractor',
      payload: { evidence: { id: answer.body.id, sha256: sha256(PDF) } },
    });

    for (const key of [p.auditor, p.officer, p.buyerAdmin, p.contractor]) {
      const res = await h.app.request(answer.body.contentUrl, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(sha256(bytes)).toBe(sha256(PDF));
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
      expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''tidrapport%20mars.pdf");
    }
    const listed = await h.as(p.officer).get(`${toPlacement}${placementId}/evidence`);
    expect(listed.body.map((e: { id: string }) => e.id)).toEqual([answer.body.id]);
    expect((await h.as(p.officer).get(`/api/v1/evidence/${answer.body.id}`)).body.sha256).toBe(sha256(PDF));
  });

  it('shows evidence to nobody outside the buyer and the uploading supplier', async () => {
    const answer = await upload(p.contractor, `${toPlacement}${placementId}/evidence`, { bytes: PNG, name: 'foto.png' });
    expect(answer.body.mediaType).toBe('image/png');
    for (const key of [p.otherContractor, p.otherOfficer]) {
      expect((await h.as(key).get(`/api/v1/evidence/${answer.body.id}`)).status).toBe(404);
      expect((await h.as(key).get(answer.body.contentUrl)).status).toBe(404);
      expect((await h.as(key).get(`${toPlacement}${placementId}/evidence`)).status).toBe(404);
    }
    expect((await h.as(null).get(answer.body.contentUrl)).status).toBe(401);
  });

  it('takes CSV and XLSX on a period report, judged by content, not by the name or type the client gives', async () => {
    const csv = await upload(p.contractor, `/api/v1/reports/${reportId}/evidence`, { bytes: CSV, name: 'timmar-mars.csv', type: 'text/csv' });
    expect(csv.status).toBe(201);
    expect(csv.body.mediaType).toBe('text/csv');
    const xlsx = await upload(p.contractor, `/api/v1/reports/${reportId}/evidence`, { bytes: XLSX, name: 'timmar.xlsx', type: 'application/octet-stream' });
    expect(xlsx.status).toBe(201);
    expect(xlsx.body.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const report = await h.as(p.auditor).get(`/api/v1/reports/${reportId}`);
    expect(report.body.evidence.map((e: { sha256: string }) => e.sha256)).toEqual([sha256(CSV), sha256(XLSX)]);
  });

  it('stores and serves a file under a name whose extension follows its type, without bidi or control characters', async () => {
    const path = `/api/v1/reports/${reportId}/evidence`;
    const cases = [
      ['Tidrapport april.pdf.cmd', PDF, 'Tidrapport april.pdf'],
      ['Tidrapport\u202efdp.exe', PDF, 'Tidrapportfdp.exe.pdf'],
      ['foto\u200b\u2066.bat', PNG, 'foto.bat.png'],
    ] as const;
    for (const [name, bytes, stored] of cases) {
      const answer = await upload(p.contractor, path, { bytes, name });
      expect(answer.status, name).toBe(201);
      expect(answer.body.fileName).toBe(stored);
      const res = await h.app.request(answer.body.contentUrl, { headers: { authorization: `Bearer ${p.officer}` } });
      expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(stored)}`);
    }
  });

  it('refuses what is not evidence, personal identity numbers and the wrong sender, storing nothing', async () => {
    const path = `${toPlacement}${placementId}/evidence`;
    const before = await stored();
    const refusals: Array<[string, Awaited<ReturnType<typeof upload>>, number, string]> = [
      ['a zip named .pdf', await upload(p.contractor, path, { bytes: ZIP, name: 'intyg.pdf', type: 'application/pdf' }), 415, 'unsupported_media_type'],
      ['plain text not named .csv', await upload(p.contractor, path, { bytes: CSV, name: 'notes.txt', type: 'text/plain' }), 415, 'unsupported_media_type'],
      ['an empty file', await upload(p.contractor, path, { bytes: new Uint8Array(), name: 'tom.pdf' }), 422, 'validation'],
      ['no file field', await upload(p.contractor, path, null, { description: 'glömde filen' }), 422, 'validation'],
      ['a number in the file name', await upload(p.contractor, path, { bytes: PDF, name: 'intyg 19121212-1212.pdf' }), 422, 'personal_identity_number'],
      ['a spaced number in the file name', await upload(p.contractor, path, { bytes: PDF, name: 'intyg 19811218 9876.pdf' }), 422, 'personal_identity_number'],
      [
        'a number in the description',
        await upload(p.contractor, path, { bytes: PDF, name: 'intyg.pdf' }, { description: 'Gäller 121212-1212' }),
        422,
        'personal_identity_number',
      ],
      [
        'a number in a CSV',
        await upload(p.contractor, path, { bytes: new TextEncoder().encode('deltagare;timmar\n19121212-1212;35\n'), name: 'lista.csv' }),
        422,
        'personal_identity_number',
      ],
      [
        'over 10 MB',
        await upload(p.contractor, path, { bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(37, 0, 1).fill(80, 1, 2), name: 'stor.pdf' }),
        413,
        'payload_too_large',
      ],
      ['far over 10 MB', await upload(p.contractor, path, { bytes: new Uint8Array(11 * 1024 * 1024), name: 'enorm.pdf' }), 413, 'payload_too_large'],
      ['JSON', await h.as(p.contractor).post(path, { file: 'JVBERi0=' }), 415, 'unsupported_media_type'],
      ['the auditor', await upload(p.auditor, path, { bytes: PDF, name: 'intyg.pdf' }), 403, 'forbidden'],
      ['another supplier', await upload(p.otherContractor, path, { bytes: ZIP, name: 'intyg.pdf' }), 404, 'not_found'],
    ];
    for (const [what, res, status, error] of refusals) {
      expect({ what, status: res.status, error: res.body?.error }).toEqual({ what, status, error });
    }
    expect(refusals.find(([what]) => what === 'a number in the file name')![1].body.path).toBe('file.name');
    expect(refusals.find(([what]) => what === 'no file field')![1].body.issues[0].path).toBe('file');
    expect(await stored()).toEqual(before);

    // Dates and numbers that only look like identity numbers (no valid check digit) pass.
    const dateLike = await upload(p.contractor, path, { bytes: PDF, name: 'tidrapport 20260302-0001.pdf' });
    expect(dateLike.status).toBe(201);
  });

  it('answers a retried upload with the first answer and stores the file once', async () => {
    const path = `/api/v1/reports/${reportId}/evidence`;
    const file = { bytes: PDF, name: 'attest.pdf' };
    const first = await upload(p.contractor, path, file, {}, { 'idempotency-key': 'upload-attest-1' });
    const before = await stored();
    const retry = await upload(p.contractor, path, file, {}, { 'idempotency-key': 'upload-attest-1' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await stored()).toEqual(before);
    const other = await upload(p.contractor, path, { bytes: PNG, name: 'attest.pdf' }, {}, { 'idempotency-key': 'upload-attest-1' });
    expect(other.body.error).toBe('idempotency_key_reused');
  });

  it('keeps files immutable and the evidence of a verified placement closed, and replays evidence in verify', async () => {
    await expect(sql`update evidence set file_name = 'x.pdf'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from evidence`.execute(store.db)).rejects.toThrow(/append-only/);

    const contractor = h.as(p.contractor);
    await contractor.post(`${toPlacement}${placementId}/events`, { type: 'START' });
    await contractor.post(`${toPlacement}${placementId}/events`, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'studies' });
    expect((await h.as(p.auditor).post(`${toPlacement}${placementId}/events`, { type: 'VERIFY' })).body.state).toBe('verified');
    const late = await upload(p.contractor, `${toPlacement}${placementId}/evidence`, { bytes: PDF, name: 'sent.pdf' });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('invalid_transition');

    // ADD_EVIDENCE is internal: a client cannot forge one through the events endpoint.
    const forged = await contractor.post(`/api/v1/reports/${reportId}/events`, {
      type: 'ADD_EVIDENCE',
      evidence: { id: 'x', fileName: 'x', mediaType: 'application/pdf', sizeBytes: 1, sha256: 'x' },
    });
    expect(forged.status).toBe(422);

    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, failures: [] });
  });
});
