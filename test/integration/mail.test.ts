/**
 * E-mail (issue 23) through a real SMTP server (smtp-server on a free port),
 * on PGlite and (with DATABASE_URL) on PostgreSQL: a deadline brought near and
 * past by the clock, a decision mailed at once, two instances sending each
 * mail once, a server that refuses and then takes a message, preferences and
 * one-click unsubscribe. The worker runs round by round (runOnce) on a manual
 * clock, so nothing waits on real time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { listMailFailures } from '../../src/db/mail.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { setMyMailPreferences } from '../../src/engine/mail.ts';
import { MailWorker } from '../../src/engine/mail-worker.ts';
import { smtpSender } from '../../src/mail/transport.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { placementBody } from '../support/world.ts';

const PUBLIC_URL = 'https://klausul.example.se';
const FROM = 'Klausul <klausul@example.se>';

describe.each(BACKENDS)('e-mail on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let smtp: SmtpReceiver;
  let sender: ReturnType<typeof smtpSender>;
  let worker: MailWorker;
  /** Users with addresses: the supplier's two contractors (one reads English), the buyer's officer, and a contractor of another supplier. */
  let erik: { id: string; email: string };
  let maja: { id: string; email: string };
  let officer: { id: string; email: string };

  const newWorker = (deps: EngineDeps) =>
    new MailWorker(deps, { send: sender.send, publicUrl: PUBLIC_URL, reminderDays: 7, digestHourUtc: 6, backoffBaseMs: 30_000 });

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    smtp = await startSmtpReceiver();
    sender = smtpSender(smtp.url, FROM);
    worker = newWorker(h.deps);
    const user = async (orgId: string, role: string, name: string, email: string, language?: string) => {
      const added = await addUser(h.deps, { orgId, role, name, email, language });
      return { id: added.id, email, key: added.apiKey };
    };
    erik = await user(p.supplierOrgId, 'contractor', 'Erik Holm', 'erik.holm@jamtbygg.example.se', 'en');
    maja = await user(p.supplierOrgId, 'contractor', 'Maja Sund', 'maja.sund@jamtbygg.example.se');
    officer = await user(p.buyerOrgId, 'officer', 'Sara Lind', 'sara.lind@ostersundshem.example.se');
    await user(p.otherSupplierOrgId, 'contractor', 'Lena Ek', 'lena.ek@norrbygg.example.se');
  });
  afterAll(async () => {
    sender?.close();
    await smtp?.close();
    await dropSeeded({ database, store });
  });
  beforeEach(async () => {
    await drain();
    smtp.received.length = 0;
  });

  /** Rounds until a round finds nothing to plan and nothing to send. */
  async function drain(w: MailWorker = worker) {
    for (;;) {
      const counts = await w.runOnce();
      if (counts.considered === 0 && counts.attempted === 0) return;
    }
  }
  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  /** A clause awarded to the supplier now; its plan falls due 21 days later. */
  async function awarded() {
    const { clauseId, tenderId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const tender = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body;
    return { clauseId, reference: tender.reference as string };
  }

  it('mails the matching body’s matcher once when a follow-up falls due, with the follow-up’s page', async () => {
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf', email: 'amina.yusuf@af.example.se' });
    h.clock.set(new Date('2026-03-02T10:00:00Z'));
    const { clauseId, tenderId } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    const reference = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body.reference as string;
    const placementId = (await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('AF-MAIL-1'))).body.id as string;
    const placementEvent = async (body: object) => expect((await h.as(p.contractor).post(`/api/v1/placements/${placementId}/events`, body)).status).toBe(200);
    await placementEvent({ type: 'START' });
    h.clock.set(new Date('2026-06-30T10:00:00Z'));
    await placementEvent({ type: 'COMPLETE', endDate: '2026-06-30', outcome: 'studies' });
    await drain();
    smtp.received.length = 0;

    h.clock.set(new Date('2026-07-31T08:00:00Z'));
    const [due] = await makeDueFollowUps(h.deps, 10);
    expect(due?.months).toBe(1);
    await drain();
    const toAmina = mailTo('amina.yusuf@af.example.se');
    expect(toAmina).toHaveLength(1);
    expect(toAmina[0]!.subject).toContain(reference);
    expect(toAmina[0]!.text).toContain('Det är dags för uppföljningen av en deltagare, 1 månad efter avslut.');
    expect(toAmina[0]!.text).toContain(`${PUBLIC_URL}/app/follow-ups/${due!.id}`);
    // The participant's reference never leaves by mail.
    expect(toAmina[0]!.text).not.toContain('AF-MAIL-1');
    await drain();
    expect(mailTo('amina.yusuf@af.example.se')).toHaveLength(1);
  });

  it('mails a decision at once to the contractor, in each one’s language, with the page to act on and one-click unsubscribe', async () => {
    h.clock.set(new Date('2026-03-02T10:00:00Z'));
    const { clauseId, reference } = await awarded();
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Tre platser' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Ange vilka yrken' }],
    ]);
    await drain();

    const [toErik, ...moreToErik] = mailTo(erik.email);
    const [toMaja] = mailTo(maja.email);
    expect(moreToErik).toEqual([]);
    expect(smtp.received).toHaveLength(2);
    expect(toErik!.subject).toBe(`${reference} Renovering Lugnvik: The commitment plan was sent back`);
    expect(toErik!.text).toContain('Östersundshem AB has sent the commitment plan back and asks for changes.');
    expect(toErik!.text).toContain(`${PUBLIC_URL}/app/clauses/${clauseId}#now`);
    expect(toErik!.html).toContain(`href="${PUBLIC_URL}/app/clauses/${clauseId}#now"`);
    // No free text leaves Klausul by mail: the officer's reason stays in the application.
    expect(toErik!.text).not.toContain('Ange vilka yrken');
    expect(toMaja!.subject).toBe(`${reference} Renovering Lugnvik: Åtagandeplanen skickades tillbaka`);
    expect(toMaja!.text).toContain('Östersundshem AB har skickat tillbaka åtagandeplanen och begär ändringar.');
    expect(toMaja!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(toMaja!.headers.get('list-unsubscribe')).toMatch(new RegExp(`^<${PUBLIC_URL}/app/mail/unsubscribe\\?token=[\\w.-]+>$`));
    expect(toMaja!.headers.get('from')).toBe(FROM);
    // The officer who decided, and the other supplier, hear nothing.
    expect(mailTo(officer.email)).toEqual([]);

    // Planned once: more rounds send nothing more.
    await drain();
    expect(smtp.received).toHaveLength(2);
  });

  it('tells the prime what waits for its approval, and mails what it returns and the auditor’s query to the subcontractor that registered it', async () => {
    h.clock.set(new Date('2026-03-02T10:00:00Z'));
    const { clauseId, tenderId } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    const reference = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body.reference as string;
    const subOrg = await addOrganisation(h.deps, { name: 'Fixarna AB', kind: 'supplier', orgNumber: '556677-8899' });
    const lisa = await addUser(h.deps, { orgId: subOrg.id, role: 'contractor', name: 'Lisa Berg', email: 'lisa.berg@fixarna.example.se' });
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/subcontractors`, { orgId: subOrg.id })).status).toBe(201);
    h.clock.set(new Date('2026-04-02T10:00:00Z'));
    const reported = await h
      .as(lisa.apiKey)
      .post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 120 });
    expect(reported.status).toBe(201);
    const report = reported.body.id as string;
    // The report waits for the prime's approval: the prime's contractors are told, each in their language, with the report's card.
    await drain();
    const [toMaja, ...moreToMaja] = mailTo(maja.email);
    expect(moreToMaja).toEqual([]);
    expect(toMaja!.subject).toBe(`${reference} Renovering Lugnvik: En underleverantörs plats eller rapport väntar på ert godkännande`);
    expect(toMaja!.text).toContain(
      'En underleverantör har registrerat något under klausulen som väntar på ert godkännande innan Östersundshem AB kontrollerar det.',
    );
    expect(toMaja!.text).toContain(`${PUBLIC_URL}/app/clauses/${clauseId}#report-${report}`);
    expect(mailTo(erik.email).map((m) => m.subject)).toEqual([`${reference} Renovering Lugnvik: A subcontractor’s placement or report awaits your approval`]);
    expect(mailTo('lisa.berg@fixarna.example.se')).toEqual([]);
    smtp.received.length = 0;

    const event = async (key: string, body: object) => expect((await h.as(key).post(`/api/v1/reports/${report}/events`, body)).status).toBe(200);
    await event(p.contractor, { type: 'RETURN', reason: 'Timmarna saknar underlag' });
    await drain();
    const [returned, ...more] = mailTo('lisa.berg@fixarna.example.se');
    expect(more).toEqual([]);
    expect(returned!.subject).toBe(`${reference} Renovering Lugnvik: Leverantören skickade tillbaka en plats eller rapport ni registrerat som underleverantör`);
    expect(returned!.text).toContain('Jämtbygg AB har skickat tillbaka något ni registrerat som underleverantör, med en motivering, och väntar på ert svar.');
    expect(returned!.text).toContain(`${PUBLIC_URL}/app/clauses/${clauseId}#report-${report}`);
    expect(returned!.text).not.toContain('Timmarna saknar underlag');
    // The prime's contractors, who returned it, hear nothing of it.
    expect(mailTo(erik.email)).toEqual([]);
    expect(mailTo(maja.email)).toEqual([]);

    // Sent again, approved by the prime, then queried by the auditor: the subcontractor answers, so it is told.
    await event(lisa.apiKey, { type: 'RESUBMIT', totalLabourHours: 110 });
    await event(p.contractor, { type: 'APPROVE' });
    await event(p.auditor, { type: 'QUERY', reason: 'Bifoga tidrapporterna' });
    smtp.received.length = 0;
    await drain();
    expect(mailTo('lisa.berg@fixarna.example.se').map((m) => m.subject)).toEqual([`${reference} Renovering Lugnvik: En periodrapport ifrågasattes`]);
    // The prime heard only that the report sent again waited for it.
    expect(mailTo(erik.email).map((m) => m.subject)).toEqual([`${reference} Renovering Lugnvik: A subcontractor’s placement or report awaits your approval`]);

    // A placement the subcontractor ended waits for the prime too; the prime's return of it is the subcontractor's to hear.
    const placement = (await h.as(lisa.apiKey).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-MAIL-1'))).body.id as string;
    const placementEvent = async (key: string, body: object) => expect((await h.as(key).post(`/api/v1/placements/${placement}/events`, body)).status).toBe(200);
    await placementEvent(lisa.apiKey, { type: 'START' });
    await placementEvent(lisa.apiKey, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'employment' });
    smtp.received.length = 0;
    await drain();
    expect(mailTo(maja.email).map((m) => m.text.includes(`/app/clauses/${clauseId}#placement-${placement}`))).toEqual([true]);
    await placementEvent(p.contractor, { type: 'RETURN', reason: 'Slutdatumet stämmer inte' });
    smtp.received.length = 0;
    await drain();
    expect(mailTo('lisa.berg@fixarna.example.se').map((m) => m.text.includes(`/app/clauses/${clauseId}#placement-${placement}`))).toEqual([true]);
    expect(mailTo(maja.email)).toEqual([]);
  });

  it('reminds the contractor of a deadline in the daily digest, and says when it has passed with the plan still missing', async () => {
    h.clock.set(new Date('2026-04-01T08:00:00Z'));
    const { clauseId, reference } = await awarded(); // the plan is due 21 days after the award: 2026-04-22 at 08:00
    await drain();
    expect(smtp.received).toEqual([]);

    // Within seven days of the deadline: a reminder, kept for the next morning's digest.
    h.clock.set(new Date('2026-04-15T09:00:00Z'));
    await drain();
    expect(smtp.received).toEqual([]);
    h.clock.set(new Date('2026-04-16T06:30:00Z'));
    await drain();
    const [digest, ...others] = mailTo(erik.email);
    expect(others).toEqual([]);
    expect(digest!.subject).toContain(`${reference} Renovering Lugnvik`);
    expect(digest!.text).toContain('Due 22 Apr 2026: Commitment plan.');
    expect(digest!.text).toContain(`${PUBLIC_URL}/app/clauses/${clauseId}#now`);
    expect(mailTo(maja.email)[0]!.text).toContain('Tidsgräns 22 apr. 2026: Åtagandeplan.');
    expect(mailTo(officer.email)).toEqual([]);
    expect(smtp.received).toHaveLength(2);

    // The clock moves past the deadline: it fires, the plan is overdue, and the next digest says so.
    smtp.received.length = 0;
    h.clock.set(new Date('2026-04-22T09:00:00Z'));
    expect((await fireDueDeadlines(h.deps, 100)).map((f) => f.outcome)).toContain('fired');
    await drain();
    h.clock.set(new Date('2026-04-23T06:05:00Z'));
    await drain();
    expect(mailTo(erik.email)).toHaveLength(1);
    expect(mailTo(erik.email)[0]!.text).toContain('The deadline of 22 Apr 2026 has passed and what it asks for is missing: Commitment plan.');
    expect(smtp.received).toHaveLength(2);
  });

  it('sends each mail once with two instances planning and sending at the same time', async () => {
    h.clock.set(new Date('2026-05-01T08:00:00Z'));
    const clauses = [];
    for (let i = 0; i < 4; i++) clauses.push((await awarded()).clauseId);
    for (const clauseId of clauses)
      await drive(h, clauseId, [
        [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
        [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Mer' }],
      ]);
    // PGlite serves one process: there the second instance shares its store; on PostgreSQL it has a pool of its own.
    const second = backend === 'postgres' ? await database.open() : undefined;
    try {
      const other = newWorker({ db: second?.db ?? h.deps.db, clock: h.clock });
      for (let round = 0; round < 20; round++) {
        const [a, b] = await Promise.all([worker.runOnce(), other.runOnce()]);
        if (a.considered + b.considered + a.attempted + b.attempted === 0) break;
      }
    } finally {
      await second?.close();
    }
    const ids = smtp.received.map((m) => m.headers.get('message-id'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(smtp.received).toHaveLength(8); // 4 clauses × Erik and Maja
    expect(mailTo(erik.email)).toHaveLength(4);
  });

  it('tries again after the server refuses (451), delivers once, and keeps the failure for the admin', async () => {
    h.clock.set(new Date('2026-06-01T08:00:00Z'));
    const { clauseId } = await awarded();
    smtp.refuseNext([451]);
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Mer' }],
    ]);
    const first = await worker.runOnce();
    expect(first).toMatchObject({ attempted: 2, sent: 1, retrying: 1 });
    expect(smtp.received).toHaveLength(1);
    const failures = await listMailFailures(h.deps.db, { orgId: p.supplierOrgId, limit: 10 });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempt: 1, smtpCode: 451, status: 'pending', kind: 'planSentBack' });
    expect(failures[0]!.error).toContain('Try again later');

    // Not before the backoff has passed: 30 s after the first failure.
    await drain();
    expect(smtp.received).toHaveLength(1);
    h.clock.advance(40_000);
    await drain();
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.to[0]))).toEqual(new Set([erik.email, maja.email]));
    expect((await listMailFailures(h.deps.db, { limit: 10 }))[0]).toMatchObject({ messageId: failures[0]!.messageId, status: 'sent', attempts: 2 });
  });

  it('honours a user’s choices per kind and a one-click unsubscribe without signing in', async () => {
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    const erikActor = { userId: erik.id, userName: 'Erik Holm', role: 'contractor' as const, orgId: p.supplierOrgId, orgKind: 'supplier' as const };
    await setMyMailPreferences(h.deps, erikActor, { planSentBack: 'never' });
    const { clauseId } = await awarded();
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Mer' }],
    ]);
    await drain();
    expect(mailTo(erik.email)).toEqual([]);
    const [toMaja] = mailTo(maja.email);
    expect(toMaja).toBeDefined();

    // Maja's mail client unsubscribes with one click (RFC 8058): no session, no CSRF token.
    const link = toMaja!.headers.get('list-unsubscribe')!.slice(1, -1);
    const path = link.slice(PUBLIC_URL.length);
    const confirm = await h.app.request(path);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Sluta skicka');
    const oneClick = await h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const forged = await h.app.request(`${path.slice(0, -3)}abc`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(forged.status).toBe(400);

    smtp.received.length = 0;
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Mer' }],
    ]);
    await drain();
    expect(smtp.received).toEqual([]);
  });
});
