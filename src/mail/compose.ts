/**
 * A mail's subject, plain text and HTML, in the user's language, from the
 * words in src/web/i18n.ts: one item at once, or the day's digest. Every
 * mail names the clause's tender (reference and title) and links to the
 * page where the user acts, to the user's choices and to unsubscribing.
 */
import { findTemplate } from '../../templates/index.ts';
import { deadlineLabel, type WebLanguage, type WordKey, type Words, wordsFor } from '../web/i18n.ts';
import type { MailFacts, MailKind } from './kinds.ts';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailLinks {
  /** The public base URL, without a trailing slash (KLAUSUL_PUBLIC_URL). */
  base: string;
  unsubscribeUrl: string;
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const kindWord = (kind: string): WordKey => `mailKind${kind[0]!.toUpperCase()}${kind.slice(1)}` as WordKey;

/** "Praktikplatser i upphandlingen ÖH-2026-020 Nybyggnad Odenskog". */
function clauseLine(words: Words, facts: MailFacts): string {
  const clause = findTemplate(facts.templateId, facts.templateVersion)?.title[words.lang] ?? facts.templateId;
  return fill(words.t('mailClauseLine'), { clause, tender: `${facts.tenderReference} ${facts.tenderTitle}` });
}

/** The deadline as a person reads it: its kind, and the period or notice it belongs to. */
function deadlineWords(words: Words, facts: MailFacts): string {
  const label = deadlineLabel(words.lang, facts.deadlineKind ?? '');
  if (facts.period) return fill(words.t('mailDeadlinePeriod'), { deadline: label, start: words.date(facts.period.start), end: words.date(facts.period.end) });
  if (facts.notice !== undefined) return fill(words.t('mailDeadlineNotice'), { deadline: label, n: facts.notice });
  return label;
}

/** The follow-up's checkpoint in the programme report's words ("6 månader efter avslut"). */
const FOLLOW_UP_WHEN: Record<1 | 6 | 12, WordKey> = { 1: 'programmeReportMonth1', 6: 'programmeReportMonth6', 12: 'programmeReportMonth12' };

/** What happened or is coming, in one sentence. */
export function whatHappened(words: Words, kind: MailKind, facts: MailFacts): string {
  const names = { buyer: facts.buyerName, supplier: facts.supplierName ?? '', role: facts.openingRole ?? '', n: facts.months ?? '' };
  switch (kind) {
    case 'deadlineDueSoon':
      return fill(words.t('mailDueSoon'), { date: words.date(facts.dueDate), deadline: deadlineWords(words, facts) });
    case 'deadlineOverdue':
      return fill(words.t('mailOverdue'), { date: words.date(facts.dueDate), deadline: deadlineWords(words, facts) });
    case 'proposalAnswered':
      return fill(words.t(facts.event === 'ACCEPT' ? 'mailProposalAccepted' : 'mailProposalDeclined'), names);
    case 'followUpDue':
      return fill(words.t('mailFollowUpDue'), { when: words.t(FOLLOW_UP_WHEN[facts.months as 1 | 6 | 12] ?? 'programmeReportMonth12') });
    default: {
      const sentence: Record<Exclude<MailKind, 'deadlineDueSoon' | 'deadlineOverdue' | 'proposalAnswered' | 'followUpDue'>, WordKey> = {
        planSentBack: 'mailPlanSentBack',
        reportQueried: 'mailReportQueried',
        returnedToSubcontractor: 'mailReturnedToSubcontractor',
        awaitingYourApproval: 'mailAwaitingYourApproval',
        noticeRecorded: 'mailNoticeRecorded',
        shortfallRecorded: 'mailShortfallRecorded',
        viteClaimed: 'mailViteClaimed',
        proposalReceived: 'mailProposalReceived',
      };
      return fill(words.t(sentence[kind]), names);
    }
  }
}

interface Entry {
  kind: MailKind;
  facts: MailFacts;
}

function footer(words: Words, links: MailLinks): { text: string[]; html: string } {
  const me = `${links.base}/app/me`;
  return {
    text: ['-- ', `${words.t('mailChoose')}: ${me}`, `${words.t('mailUnsubscribeLink')}: ${links.unsubscribeUrl}`],
    html: `<hr><p style="font-size:small;color:#555"><a href="${escapeHtml(me)}">${escapeHtml(words.t('mailChoose'))}</a> · <a href="${escapeHtml(links.unsubscribeUrl)}">${escapeHtml(words.t('mailUnsubscribeLink'))}</a></p>`,
  };
}

const htmlDocument = (lang: WebLanguage, subject: string, body: string): string =>
  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;line-height:1.5">${body}</body></html>`;

/** A mail of one item, sent at once. */
export function composeSingle(lang: WebLanguage, user: { name: string }, entry: Entry, links: MailLinks): ComposedMail {
  const words = wordsFor(lang);
  const { facts } = entry;
  const subject = `${facts.tenderReference} ${facts.tenderTitle}: ${words.t(kindWord(entry.kind))}`;
  const happened = whatHappened(words, entry.kind, facts);
  const line = clauseLine(words, facts);
  const url = `${links.base}${facts.path}`;
  const greeting = fill(words.t('mailGreeting'), { name: user.name });
  const end = footer(words, links);
  const text = [greeting, '', happened, line, '', fill(words.t('mailActHere'), { url }), '', ...end.text].join('\n');
  const html = htmlDocument(
    lang,
    subject,
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(happened)}<br>${escapeHtml(line)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(words.t('mailActHereLink'))}</a></p>${end.html}`,
  );
  return { subject, text, html };
}

/** The day's digest: each item with its clause and link, grouped by tender in the subject. */
export function composeDigest(lang: WebLanguage, user: { name: string }, day: string, entries: Entry[], links: MailLinks): ComposedMail {
  const words = wordsFor(lang);
  const tenders = [...new Map(entries.map((e) => [e.facts.tenderReference, `${e.facts.tenderReference} ${e.facts.tenderTitle}`])).values()];
  const subject = `${fill(words.t('mailDigestSubject'), { date: words.date(day), n: entries.length })} – ${tenders.join(', ')}`;
  const greeting = fill(words.t('mailGreeting'), { name: user.name });
  const end = footer(words, links);
  const lines = entries.map((e) => ({
    happened: whatHappened(words, e.kind, e.facts),
    clause: clauseLine(words, e.facts),
    url: `${links.base}${e.facts.path}`,
  }));
  const text = [
    greeting,
    '',
    words.t('mailDigestIntro'),
    '',
    ...lines.flatMap((l) => [`* ${l.happened}`, `  ${l.clause}`, `  ${l.url}`, '']),
    ...end.text,
  ].join('\n');
  const items = lines
    .map(
      (l) =>
        `<li><p>${escapeHtml(l.happened)}<br>${escapeHtml(l.clause)}<br><a href="${escapeHtml(l.url)}">${escapeHtml(words.t('mailActHereLink'))}</a></p></li>`,
    )
    .join('');
  const html = htmlDocument(lang, subject, `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(words.t('mailDigestIntro'))}</p><ul>${items}</ul>${end.html}`);
  return { subject, text, html };
}
