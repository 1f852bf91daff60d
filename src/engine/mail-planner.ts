/**
 * Planning mail (issue 23, README.md, E-mail): who must hear of what, and how.
 * Three passes, each in transactions of its own and safe to run in several
 * instances at once:
 *
 * - decisions: outbox rows (written with the transition that caused them) are
 *   claimed with FOR UPDATE SKIP LOCKED and marked planned in the same
 *   transaction as the items they cause;
 * - deadlines: a reminder when one falls due within KLAUSUL_REMINDER_DAYS and
 *   a notice when one passed and left something owed, each claimed by a marker
 *   row whose primary key admits it once;
 * - digests: at the digest hour, each user's waiting items go into one
 *   message for the day (unique per user and day).
 *
 * An item is one user's share of a cause (unique per user and cause). Mailed
 * at once, its message is written with it; for the digest it waits.
 */
import { randomUUID } from 'node:crypto';
import { lastDayOf, stillOverdue } from '../domain/deadlines.ts';
import type { Role } from '../domain/roles.ts';
import { restore } from './runtime.ts';
import { workflowOf } from '../../workflows/index.ts';
import { clauseRounds, type ClauseContext } from '../../workflows/social-clause.ts';
import {
  attachItems,
  claimDeadlineNotices,
  claimDigestItems,
  claimUnplannedOutbox,
  insertMailItem,
  insertMailMessage,
  mailUser,
  proposalsOf,
  subcontractorsOfItems,
  recipientsIn,
  usersAwaitingDigest,
} from '../db/mail.ts';
import { clauseNames, type ClauseNames, findClauseWithFacts } from '../db/clauses.ts';
import type { DeadlineRow, Db } from '../db/schema.ts';
import { sharedSecret } from '../db/sessions.ts';
import { composeDigest, composeSingle } from '../mail/compose.ts';
import {
  DEADLINE_AUDIENCE,
  mailedAs,
  DEFAULT_DELIVERY,
  digestDue,
  FRESH_FOR_MS,
  type MailAudience,
  type MailFacts,
  type MailKind,
  OVERDUE_KINDS,
} from '../mail/kinds.ts';
import { unsubscribeToken, type UnsubscribeScope } from '../mail/unsubscribe-token.ts';
import { countedFacts } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { FOLLOW_UP_DUE_EVENT } from './follow-ups.ts';

export interface MailPlanSettings {
  /** The public base URL links in mail start with (KLAUSUL_PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /** A reminder when a deadline falls due within this many days (KLAUSUL_REMINDER_DAYS). */
  reminderDays: number;
  /** The hour (UTC) from which the day's digests are made (KLAUSUL_MAIL_DIGEST_HOUR). */
  digestHourUtc: number;
  /** Rows claimed per transaction (100). */
  batchSize?: number;
}

export interface PlanCounts {
  /** Outbox rows and deadline notices looked at. */
  considered: number;
  /** Items planned (one per user and cause). */
  items: number;
  /** Messages written: one per item mailed at once, one per digest. */
  messages: number;
}

const DAY_MS = 86_400_000;
const ROLE_OF: Record<MailAudience, Role> = { contractor: 'contractor', officer: 'officer', matcher: 'matcher', registrant: 'contractor' };
const UNSUBSCRIBE_SECRET = 'mail_unsubscribe_secret';

/** Where in the web application the user acts on a deadline of this kind. */
function deadlinePath(deadline: DeadlineRow): string {
  const anchor: Record<string, string> = { firstJob: 'placements', reportDue: 'reports', correctionDue: `correction-${String(deadline.event.notice ?? '')}` };
  return `/app/clauses/${deadline.clause_id}#${anchor[deadline.kind] ?? 'now'}`;
}

const baseFacts = (names: ClauseNames, path: string): MailFacts => ({
  clauseId: names.clauseId,
  tenderReference: names.tenderReference,
  tenderTitle: names.tenderTitle,
  templateId: names.templateId,
  templateVersion: names.templateVersion,
  buyerName: names.buyerName,
  supplierName: names.supplierName,
  path,
});

export class MailPlanner {
  private secret: Promise<string> | undefined;

  constructor(
    private readonly deps: EngineDeps,
    private readonly settings: MailPlanSettings,
  ) {}

  private get batch(): number {
    return this.settings.batchSize ?? 100;
  }

  /** Every pass once; `busy` when a pass had a full batch and more may wait. */
  async runOnce(): Promise<PlanCounts & { busy: boolean }> {
    const counts: PlanCounts = { considered: 0, items: 0, messages: 0 };
    const add = (more: PlanCounts) => {
      counts.considered += more.considered;
      counts.items += more.items;
      counts.messages += more.messages;
      return more.considered >= this.batch;
    };
    const busy = [
      add(await this.planDecisions()),
      add(await this.planDeadlines('dueSoon')),
      add(await this.planDeadlines('overdue')),
      add(await this.planDigests()),
    ];
    return { ...counts, busy: busy.some(Boolean) };
  }

  private unsubscribeSecret(): Promise<string> {
    if (!this.secret)
      this.secret = sharedSecret(this.deps.db, UNSUBSCRIBE_SECRET).catch((error) => {
        this.secret = undefined;
        throw error;
      });
    return this.secret;
  }

  private async unsubscribeUrl(userId: string, scope: UnsubscribeScope): Promise<string> {
    return `${this.settings.publicUrl}/app/mail/unsubscribe?token=${unsubscribeToken(await this.unsubscribeSecret(), userId, scope)}`;
  }

  /** The outbox's decisions addressed to someone, planned once each. */
  async planDecisions(): Promise<PlanCounts> {
    await this.unsubscribeSecret(); // outside the transaction: PGlite has one connection
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const rows = await claimUnplannedOutbox(trx, this.batch, now);
      const counts: PlanCounts = { considered: rows.length, items: 0, messages: 0 };
      const fresh = (r: (typeof rows)[number]) => now.getTime() - r.createdAt.getTime() <= FRESH_FOR_MS;
      // Each row's kind and audience, decided once (src/mail/kinds.ts).
      const decisions = rows.flatMap((row) => {
        const mailed = fresh(row) ? mailedAs(row) : undefined;
        return mailed ? [{ ...row, ...mailed }] : [];
      });
      const followUps = rows.filter((r) => r.type === FOLLOW_UP_DUE_EVENT && fresh(r));
      if (decisions.length === 0 && followUps.length === 0) return counts;
      const names = await clauseNames(
        trx,
        [...decisions, ...followUps].map((r) => r.clauseId),
      );
      for (const row of followUps) {
        const clause = names.get(row.clauseId);
        const followUpId = String(row.payload.followUpId ?? '');
        const matchingOrgId = row.orgIds[0];
        if (!clause || !followUpId || !matchingOrgId) continue;
        const months = Number(row.payload.months);
        add(counts, await this.followUpItem(trx, { id: followUpId, matchingOrgId, months, clause, path: `/app/follow-ups/${followUpId}` }));
      }
      const subjectId = (r: (typeof decisions)[number]) => (r.payload.subject as { id?: string } | undefined)?.id ?? '';
      const proposals = await proposalsOf(trx, decisions.filter((r) => r.type.startsWith('proposal.')).map(subjectId));
      const registrants = await subcontractorsOfItems(trx, decisions.filter((r) => r.audience === 'registrant').map(subjectId));
      for (const row of decisions) {
        const { kind, audience } = row;
        const clause = names.get(row.clauseId);
        if (!clause) continue;
        const id = subjectId(row);
        const proposal = proposals.get(id);
        if (row.type.startsWith('proposal.') && !proposal) continue;
        const item = /^(report|placement)\./.exec(row.type)?.[1];
        const path = proposal
          ? `/app/openings/${proposal.openingId}#proposal-${id}`
          : item
            ? `/app/clauses/${row.clauseId}#${item}-${id}`
            : `/app/clauses/${row.clauseId}#now`;
        const facts: MailFacts = {
          ...baseFacts(clause, path),
          event: String(row.payload.event ?? ''),
          ...(proposal ? { openingRole: proposal.openingRole } : {}),
        };
        const orgId =
          audience === 'matcher'
            ? proposal?.matcherOrgId
            : audience === 'officer'
              ? clause.buyerOrgId
              : audience === 'registrant'
                ? (registrants.get(id) ?? clause.contractorOrgId)
                : clause.contractorOrgId;
        if (!orgId) continue;
        add(counts, await this.tell(trx, { orgId, role: ROLE_OF[audience], kind, source: `outbox:${row.id}`, facts, now }));
      }
      return counts;
    });
  }

  /** Reminders of deadlines falling due soon, or notices of deadlines passed with something still owed. */
  async planDeadlines(stage: 'dueSoon' | 'overdue'): Promise<PlanCounts> {
    await this.unsubscribeSecret();
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const deadlines = await claimDeadlineNotices(trx, stage, {
        kinds: stage === 'dueSoon' ? (Object.keys(DEADLINE_AUDIENCE) as Array<keyof typeof DEADLINE_AUDIENCE>) : OVERDUE_KINDS,
        now,
        until: new Date(now.getTime() + this.settings.reminderDays * DAY_MS),
        firedSince: new Date(now.getTime() - FRESH_FOR_MS),
        limit: this.batch,
      });
      const counts: PlanCounts = { considered: deadlines.length, items: 0, messages: 0 };
      if (deadlines.length === 0) return counts;
      const names = await clauseNames(
        trx,
        deadlines.map((d) => d.clause_id),
      );
      for (const deadline of deadlines) {
        const clause = names.get(deadline.clause_id);
        if (!clause || !(await this.stillOwed(trx, deadline, stage))) continue;
        const audience = DEADLINE_AUDIENCE[deadline.kind];
        const orgId = audience === 'officer' ? clause.buyerOrgId : clause.contractorOrgId;
        if (!orgId) continue;
        const event = deadline.event as { periodStart?: string; periodEnd?: string; notice?: number };
        const facts: MailFacts = {
          ...baseFacts(clause, deadlinePath(deadline)),
          deadlineKind: deadline.kind,
          dueDate: lastDayOf(deadline.due_at),
          ...(event.periodStart && event.periodEnd ? { period: { start: event.periodStart, end: event.periodEnd } } : {}),
          ...(typeof event.notice === 'number' ? { notice: event.notice } : {}),
        };
        const kind: MailKind = stage === 'dueSoon' ? 'deadlineDueSoon' : 'deadlineOverdue';
        add(counts, await this.tell(trx, { orgId, role: ROLE_OF[audience], kind, source: `deadline:${deadline.id}:${stage}`, facts, now }));
      }
      return counts;
    });
  }

  /**
   * Whether the deadline still asks for something of a running clause: a
   * report already covering its period, a first job already started or a
   * notice already answered needs no reminder, and a passed deadline made
   * good since needs no notice.
   */
  private async stillOwed(trx: Db, deadline: DeadlineRow, stage: 'dueSoon' | 'overdue'): Promise<boolean> {
    const found = await findClauseWithFacts(trx, deadline.clause_id, 'event');
    if (!found) return false;
    const snapshot = restore(workflowOf(found.row), found.row.snapshot);
    if (snapshot.status === 'done') return false;
    if (stage === 'dueSoon' && (deadline.kind === 'remedyDue' || deadline.kind === 'contractEnd')) return true;
    const context = snapshot.context as ClauseContext;
    return stillOverdue(
      { ...deadline, status: 'fired' },
      { state: found.row.state, ...clauseRounds(context), corrections: context.corrections },
      countedFacts(found.row, found.facts),
    );
  }

  /**
   * A follow-up due for its matching body (issue 21), planned from the
   * outbox's `followUp.due` (src/engine/follow-ups.ts). A follow-up of a
   * placement outside any clause has no outbox row and so no mail; the
   * matcher's "Att göra" list shows it.
   */
  async followUpItem(trx: Db, followUp: { id: string; matchingOrgId: string; months: number; clause: ClauseNames; path: string }): Promise<PlanCounts> {
    const facts: MailFacts = { ...baseFacts(followUp.clause, followUp.path), months: followUp.months };
    return this.tell(trx, {
      orgId: followUp.matchingOrgId,
      role: 'matcher',
      kind: 'followUpDue',
      source: `followUp:${followUp.id}`,
      facts,
      now: this.deps.clock.now(),
    });
  }

  /** Each user of the organisation in the role who has an address gets an item, as they chose: a message now, the digest, or nothing. */
  private async tell(trx: Db, what: { orgId: string; role: Role; kind: MailKind; source: string; facts: MailFacts; now: Date }): Promise<PlanCounts> {
    const counts: PlanCounts = { considered: 0, items: 0, messages: 0 };
    for (const user of await recipientsIn(trx, what.orgId, what.role, what.kind)) {
      const delivery = user.delivery ?? DEFAULT_DELIVERY[what.kind];
      if (delivery === 'never') continue;
      const itemId = await insertMailItem(
        trx,
        { userId: user.userId, kind: what.kind, source: what.source, clauseId: what.facts.clauseId, facts: { ...what.facts }, delivery, messageId: null },
        what.now,
      );
      if (!itemId) continue;
      counts.items++;
      if (delivery === 'digest') continue;
      const unsubscribeUrl = await this.unsubscribeUrl(user.userId, what.kind);
      const mail = composeSingle(user.language, user, { kind: what.kind, facts: what.facts }, { base: this.settings.publicUrl, unsubscribeUrl });
      const messageId = randomUUID();
      await insertMailMessage(trx, { id: messageId, userId: user.userId, kind: what.kind, digestDay: null, to: user.email, ...mail, unsubscribeUrl }, what.now);
      await attachItems(trx, [itemId], messageId);
      counts.messages++;
    }
    return counts;
  }

  /** At or after the digest hour, one digest for the day per user with items waiting from before it. */
  async planDigests(): Promise<PlanCounts> {
    const now = this.deps.clock.now();
    const due = digestDue(now, this.settings.digestHourUtc);
    const counts: PlanCounts = { considered: 0, items: 0, messages: 0 };
    if (!due) return counts;
    const secret = await this.unsubscribeSecret();
    for (const userId of await usersAwaitingDigest(this.deps.db, due.cutoff, due.day, this.batch)) {
      counts.considered++;
      await this.deps.db.transaction().execute(async (trx) => {
        const user = await mailUser(trx, userId);
        if (!user?.email) return;
        const items = await claimDigestItems(trx, userId, due.cutoff);
        if (items.length === 0) return;
        const unsubscribeUrl = `${this.settings.publicUrl}/app/mail/unsubscribe?token=${unsubscribeToken(secret, userId, 'digest')}`;
        const entries = items.map((i) => ({ kind: i.kind as MailKind, facts: i.facts as unknown as MailFacts }));
        const mail = composeDigest(user.language, user, due.day, entries, { base: this.settings.publicUrl, unsubscribeUrl });
        const messageId = randomUUID();
        const written = await insertMailMessage(
          trx,
          { id: messageId, userId, kind: 'digest', digestDay: due.day, to: user.email, ...mail, unsubscribeUrl },
          now,
        );
        if (!written) return; // another instance wrote the day's digest first; what came since waits for tomorrow's
        await attachItems(
          trx,
          items.map((i) => i.id),
          messageId,
        );
        counts.messages++;
      });
    }
    return counts;
  }
}

function add(into: PlanCounts, more: PlanCounts): void {
  into.items += more.items;
  into.messages += more.messages;
}
