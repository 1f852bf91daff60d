/**
 * Spreadsheets as Swedish offices use them (issue 19, item 10), through both
 * doors: a semicolon file with a byte-order mark and decimal commas is
 * imported, refusals name the file's lines, the page says how many rows were
 * stored, and the exports come in a Swedish Excel variant beside the old
 * files, from the API and from the web application alike.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUSE_EXPORT_COLUMNS } from '../../src/engine/exports.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';
import { PLACEMENT_CSV_HEADER } from '../support/world.ts';

const HEADER = PLACEMENT_CSV_HEADER.split(',').join(';');
const row = (ref: string, fte = '0,5') => `${ref};newcomers;Arbetsförmedlingen;AF-${ref};2026-02-20;målare;Etapp 1, hus B;2026-03-02;2026-06-30;${fte};20`;
/** As Excel saves "CSV UTF-8" in a Swedish locale. */
const excelFile = (...lines: string[]) => `\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`;

describe.each(BACKENDS)('spreadsheets on %s', (backend) => {
  let seeded: SeededDatabase;
  let clauseId: string;
  let tenderReference: string;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
    clauseId = await clauseInDelivery(seeded.h, seeded.p, 'placements', PLACEMENT_PARAMS);
    const clause = await seeded.h.as(seeded.p.officer).get(`/api/v1/clauses/${clauseId}`);
    const tender = await seeded.h.as(seeded.p.officer).get(`/api/v1/tenders/${clause.body.tenderId}`);
    tenderReference = tender.body.reference;
  });
  afterAll(() => dropSeeded(seeded));

  const importApi = (csv: string) =>
    seeded.h
      .as(seeded.p.contractor)
      .raw(`/api/v1/clauses/${clauseId}/placements/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  const importWeb = async (csv: string) => {
    const form = new FormData();
    form.append('file', new File([csv], 'platser.csv', { type: 'text/csv' }));
    return (await webUser(seeded.h, seeded.p.contractor)).post(`/app/clauses/${clauseId}/placements/import`, form);
  };

  it("refuses a bad row by the file's line, through both doors, storing nothing", async () => {
    // Line 1 the header, line 3 empty, the bad cell on line 4.
    const csv = excelFile(row('SV-BAD-1'), '', row('SV-BAD-2', '1,5'));
    const api = await importApi(csv);
    expect(api.status).toBe(422);
    expect(api.body.issues).toEqual([expect.objectContaining({ row: 2, line: 4, path: 'fte' })]);
    const page = await importWeb(csv);
    expect(page.status).toBe(422);
    expect(page.text).toContain('Rad 4, kolumn fte: Ange ett tal som är högst 1.');
    const stored = await seeded.h.as(seeded.p.contractor).get(`/api/v1/clauses/${clauseId}/placements`);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual([]);
  });

  it('imports a semicolon file with a byte-order mark and decimal commas, and the page says how many it stored', async () => {
    const api = await importApi(excelFile(row('SV-1'), row('SV-2', '1')));
    expect(api.status).toBe(201);
    expect(api.body.imported).toBe(2);
    const stored = await seeded.h.as(seeded.p.contractor).get(`/api/v1/placements/${api.body.placementIds[0]}`);
    expect(stored.body).toMatchObject({ participantRef: 'SV-1', fte: 0.5, site: 'Etapp 1, hus B' });

    const web = await importWeb(excelFile(row('SV-3'), row('SV-4'), row('SV-5')));
    expect(web.status).toBe(303);
    expect(web.location).toBe(`/app/clauses/${clauseId}?imported=3#placements`);
    const cookie = await webSignIn(seeded.h, seeded.p.contractor);
    const sv = await (await seeded.h.app.request(web.location!, { headers: { cookie } })).text();
    expect(sv).toContain('3 platser sparade.');
    const en = await (await seeded.h.app.request(`/app/clauses/${clauseId}?imported=1&lang=en`, { headers: { cookie } })).text();
    expect(en).toContain('1 placement saved.');
  });

  const fetched = async (path: string, cookie?: string) => {
    const res = cookie
      ? await seeded.h.app.request(path, { headers: { cookie } })
      : await seeded.h.app.request(path, { headers: { authorization: `Bearer ${seeded.p.auditor}` } });
    // Decoded keeping a byte-order mark, which Response.text() would drop.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', text };
  };

  it('exports the Swedish Excel variant beside the old files, from the API and the web application alike', async () => {
    const cookie = await webSignIn(seeded.h, seeded.p.auditor);
    const old = await fetched('/api/v1/exports/clauses.csv');
    expect(old.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(old.text.split('\n')[0]).toBe(CLAUSE_EXPORT_COLUMNS.join(','));
    expect(old.text).toContain(clauseId);

    const api = await fetched('/api/v1/exports/clauses.csv?variant=excel-sv');
    expect(api.status).toBe(200);
    expect(api.type).toMatch(/^text\/csv/);
    expect(api.disposition).toContain('klausuler.csv');
    expect(api.text.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = api.text.slice(1).split('\r\n');
    expect(header!.split(';').slice(0, 4)).toEqual(['Diarienummer', 'Upphandling', 'Klausul', 'Läge']);
    expect(line).toContain(tenderReference);
    expect(line).toContain(';Leverans;Jämtbygg AB;');
    expect(api.text).not.toContain(clauseId);
    const web = await fetched('/app/exports/clauses.csv?variant=excel-sv&supplierOrgId=', cookie);
    expect(web.status).toBe(200);
    expect(web.text).toBe(api.text);

    const placements = await fetched('/api/v1/exports/placements.csv?variant=excel-sv');
    const rows = parse(placements.text, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.Deltagarreferens === 'SV-1')).toMatchObject({
      Diarienummer: tenderReference,
      Leverantör: 'Jämtbygg AB',
      Målgrupp: 'Nyanlända som deltar i etableringsprogrammet',
      Arbetsplats: 'Etapp 1, hus B',
      'Andel av heltid': '0,5',
      Läge: 'Registrerad, ej påbörjad',
    });
    expect((await fetched('/app/exports/placements.csv?variant=excel-sv', cookie)).text).toBe(placements.text);
    const xlsx = await fetched('/app/exports/clauses.xlsx', cookie);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
  });

  it('exports the workbook in a Swedish variant too: Swedish headers, tender references, numbers as numbers and dates as dates', async () => {
    const workbook = async (path: string, init: RequestInit) => {
      const res = await seeded.h.app.request(path, init);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const [header, ...rows] = book.worksheets[0]!.getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
      return {
        disposition: res.headers.get('content-disposition') ?? '',
        rows: rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i] ?? null]))),
      };
    };
    const api = await workbook('/api/v1/exports/clauses.xlsx?variant=excel-sv', { headers: { authorization: `Bearer ${seeded.p.auditor}` } });
    expect(api.disposition).toContain('klausuler.xlsx');
    expect(Object.keys(api.rows[0]!).slice(0, 5)).toEqual(['Diarienummer', 'Upphandling', 'Klausul', 'Läge', 'Leverantör']);
    const row = api.rows.find((r) => r.Diarienummer === tenderReference)!;
    expect(row).toMatchObject({ Läge: 'Leverans', Leverantör: 'Jämtbygg AB', Enhet: 'praktikplatser', Mål: 3 });
    expect(row['Kontraktets start']).toBeInstanceOf(Date);
    expect(JSON.stringify(api.rows)).not.toContain(clauseId);

    const cookie = await webSignIn(seeded.h, seeded.p.auditor);
    const web = await workbook('/app/exports/clauses.xlsx?variant=excel-sv&tenderId=', { headers: { cookie } });
    expect(web.rows).toEqual(api.rows);
    const overview = await (await seeded.h.app.request('/app/overview', { headers: { cookie } })).text();
    expect(overview).toContain('href="/app/exports/clauses.xlsx?variant=excel-sv"');
    expect(overview).toContain('Klausuler för Excel (svensk arbetsbok)');
    expect((await fetched('/api/v1/exports/clauses.xlsx?variant=excel-en')).status).toBe(422);
  });

  it('answers a bad filter or an unknown file in words, and the OCDS release as the API does', async () => {
    const cookie = await webSignIn(seeded.h, seeded.p.auditor);
    const bad = await fetched('/app/exports/clauses.csv?state=sleeping', cookie);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Filtret kunde inte läsas');
    expect((await fetched('/api/v1/exports/clauses.csv?variant=excel-en')).status).toBe(422);
    const unknown = await fetched('/app/exports/secrets.csv', cookie);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('text/html');

    const api = JSON.parse((await fetched(`/api/v1/clauses/${clauseId}/ocds`)).text);
    const web = JSON.parse((await fetched(`/app/exports/clauses/${clauseId}/ocds.json`, cookie)).text);
    expect(web.releases).toEqual(api.releases);
    const other = await webSignIn(seeded.h, seeded.p.otherOfficer);
    expect((await fetched(`/app/exports/clauses/${clauseId}/ocds.json`, other)).status).toBe(404);
  });
});
