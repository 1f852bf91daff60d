/**
 * Lists whose rows can be told apart (issue 19, item 9). Two clauses of one
 * template differ by their tender's reference and title and by the
 * counterpart: the supplier to the buyer's users, the buyer to the
 * supplier's; a matcher's openings name their tender, supplier and buyer; a
 * tender counts its clauses in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { openingBody } from '../support/world.ts';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[\s\u00a0\u202f]+/g, ' ');
/** The list's rows as text, a row each, and its column heads. */
const listOf = (html: string) => {
  const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
  const head = table.slice(0, table.indexOf('</thead>'));
  const rows = table.slice(table.indexOf('<tbody>')).split('</tr>');
  return {
    heads: [...head.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]),
    rows: rows.map((row) => textOf(row).trim()).filter(Boolean),
  };
};

describe.each(BACKENDS)('lists whose rows can be told apart on %s', (backend) => {
  let seeded: SeededDatabase;
  let matcher: string;
  const references: string[] = [];

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    for (const supplier of [p.supplierOrgId, p.otherSupplierOrgId]) {
      const { tenderId, clauseId } = await draftClause(h, p);
      await drive(h, clauseId, [
        [p.officer, { type: 'PUBLISH' }],
        [p.officer, { ...awardBody(supplier), matchingBodyOrgId: body.id }],
      ]);
      references.push((await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body.reference);
      if (supplier === p.supplierOrgId) {
        await drive(h, clauseId, [
          [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
          [p.officer, { type: 'ACCEPT_PLAN' }],
        ]);
        expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ competences: ['målning'] }))).status).toBe(201);
      }
    }
  });
  afterAll(() => dropSeeded(seeded));

  const list = async (key: string, lang: 'sv' | 'en' = 'sv') => {
    const res = await seeded.h.app.request(`/app/clauses?lang=${lang}`, { headers: { cookie: await webSignIn(seeded.h, key) } });
    expect(res.status).toBe(200);
    const html = await res.text();
    return { title: /<h1>([^<]*)<\/h1>/.exec(html)?.[1], ...listOf(html) };
  };

  it("names each clause by its tender's reference and title and its supplier, to the buyer's auditor", async () => {
    const { title, heads, rows } = await list(seeded.p.auditor);
    expect(title).toBe('Klausuler');
    expect(heads.slice(0, 3)).toEqual(['Klausul', 'Upphandling', 'Leverantör']);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.includes(references[0]!))).toContain(`${references[0]} Renovering Lugnvik Jämtbygg AB`);
    expect(rows.find((r) => r.includes(references[1]!))).toContain(`${references[1]} Renovering Lugnvik Norrbygg AB`);
  });

  it('names the buyer, not itself, to the supplier, in either language', async () => {
    const sv = await list(seeded.p.contractor);
    expect(sv.title).toBe('Mina klausuler');
    expect(sv.heads.slice(0, 3)).toEqual(['Klausul', 'Upphandling', 'Beställare']);
    expect(sv.rows).toEqual([expect.stringContaining(`${references[0]} Renovering Lugnvik Östersundshem AB`)]);
    expect(sv.rows[0]).not.toContain('Jämtbygg AB');
    const en = await list(seeded.p.contractor, 'en');
    expect(en.heads.slice(0, 3)).toEqual(['Clause', 'Tender', 'Buyer']);
  });

  it("names a matcher's openings by tender, supplier and buyer", async () => {
    const res = await seeded.h.app.request('/app?lang=sv', { headers: { cookie: await webSignIn(seeded.h, matcher) } });
    const html = await res.text();
    const openings = textOf(html.slice(html.indexOf('id="openings"'), html.indexOf('</section>', html.indexOf('id="openings"'))));
    expect(openings).toContain(`målning ${references[0]} · Jämtbygg AB (Östersundshem AB)`);
  });

  it("counts a tender's clauses in words, one or many", async () => {
    const res = await seeded.h.app.request('/app?lang=en', { headers: { cookie: await webSignIn(seeded.h, seeded.p.officer) } });
    const tenders = textOf(await res.text());
    expect(tenders).toContain(`${references[0]} · Renovering Lugnvik (1 clause)`);
    expect(tenders).not.toContain('(1 clauses)');
  });
});
