/** Mail's pure parts (issue 23): words for every kind in both languages, the digest's hour, and unsubscribe tokens that cannot be forged. */
import { describe, expect, it } from 'vitest';
import { composeSingle, kindWord, whatHappened } from '../../src/mail/compose.ts';
import { digestDue, MAIL_KINDS, type MailFacts } from '../../src/mail/kinds.ts';
import { readUnsubscribeToken, unsubscribeToken } from '../../src/mail/unsubscribe-token.ts';
import { wordsFor } from '../../src/web/i18n.ts';

const facts: MailFacts = {
  clauseId: 'c1',
  tenderReference: 'ÖH-2026-020',
  tenderTitle: 'Nybyggnad Odenskog',
  templateId: 'placements',
  templateVersion: 2,
  buyerName: 'Östersundshem AB',
  supplierName: 'Jämtbygg AB',
  path: '/app/clauses/c1#now',
  event: 'ACCEPT',
  deadlineKind: 'reportDue',
  dueDate: '2026-04-29',
  period: { start: '2026-03-01', end: '2026-03-31' },
  openingRole: 'målare',
  months: 6,
};

describe('mail words', () => {
  it('says every kind in Swedish and in English, never as its code', () => {
    for (const kind of MAIL_KINDS) {
      const sv = wordsFor('sv');
      const en = wordsFor('en');
      expect(sv.t(kindWord(kind))).not.toBe(en.t(kindWord(kind)));
      const sentences = [whatHappened(sv, kind, facts), whatHappened(en, kind, facts)];
      for (const sentence of sentences) {
        expect(sentence, kind).not.toMatch(/\{\w+\}|reportDue|ACCEPT|undefined/);
        expect(sentence.length).toBeGreaterThan(10);
      }
    }
  });

  it('names the tender in the subject and links the page, the choices and unsubscribing', () => {
    const mail = composeSingle(
      'sv',
      { name: 'Erik <Holm>' },
      { kind: 'deadlineDueSoon', facts },
      { base: 'https://k.example.se', unsubscribeUrl: 'https://k.example.se/u?t=1' },
    );
    expect(mail.subject).toBe('ÖH-2026-020 Nybyggnad Odenskog: En tidsgräns närmar sig');
    expect(mail.text).toContain('Periodrapport för perioden 1 mars 2026–31 mars 2026');
    expect(mail.text).toContain('https://k.example.se/app/clauses/c1#now');
    expect(mail.text).toContain('https://k.example.se/app/me');
    expect(mail.html).toContain('Erik &lt;Holm&gt;');
    expect(mail.html).toContain('href="https://k.example.se/u?t=1"');
  });
});

describe('the daily digest', () => {
  it('is due from the digest hour (UTC) of each day, for what came before it', () => {
    expect(digestDue(new Date('2026-04-16T05:59:59Z'), 6)).toBeNull();
    expect(digestDue(new Date('2026-04-16T06:00:00Z'), 6)).toEqual({ day: '2026-04-16', cutoff: new Date('2026-04-16T06:00:00Z') });
    expect(digestDue(new Date('2026-04-16T23:00:00Z'), 0)?.cutoff).toEqual(new Date('2026-04-16T00:00:00Z'));
  });
});

describe('unsubscribe tokens', () => {
  it('name the user and the kind, and are refused when changed or signed with another secret', () => {
    const token = unsubscribeToken('secret', 'user-1', 'planSentBack');
    expect(readUnsubscribeToken('secret', token)).toEqual({ userId: 'user-1', scope: 'planSentBack' });
    expect(readUnsubscribeToken('other', token)).toBeNull();
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify(['user-2', 'planSentBack'])).toString('base64url')}.${signature}`;
    expect(readUnsubscribeToken('secret', forged)).toBeNull();
    expect(readUnsubscribeToken('secret', unsubscribeToken('secret', 'user-1', 'digest'))).toEqual({ userId: 'user-1', scope: 'digest' });
    expect(readUnsubscribeToken('secret', 'garbage')).toBeNull();
  });
});

describe('mail settings in the environment', () => {
  it('sends no mail without KLAUSUL_SMTP_URL, and names the variable at fault', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    expect(loadConfig({})).toMatchObject({ KLAUSUL_REMINDER_DAYS: 7, KLAUSUL_MAIL_DIGEST_HOUR: 6 });
    expect(loadConfig({}).KLAUSUL_SMTP_URL).toBeUndefined();
    expect(
      loadConfig({
        KLAUSUL_SMTP_URL: 'smtp://u:p@mail.example.se:587',
        KLAUSUL_MAIL_FROM: 'Klausul <k@example.se>',
        KLAUSUL_PUBLIC_URL: 'https://k.example.se/',
      }),
    ).toMatchObject({ KLAUSUL_PUBLIC_URL: 'https://k.example.se' });
    expect(() => loadConfig({ KLAUSUL_SMTP_URL: 'smtp://mail.example.se' })).toThrow(/KLAUSUL_MAIL_FROM/);
    expect(() => loadConfig({ KLAUSUL_SMTP_URL: 'http://mail.example.se', KLAUSUL_MAIL_FROM: 'k@example.se' })).toThrow(/KLAUSUL_SMTP_URL must be an SMTP URL/);
    expect(() => loadConfig({ KLAUSUL_REMINDER_DAYS: '0' })).toThrow(/KLAUSUL_REMINDER_DAYS/);
  });
});
