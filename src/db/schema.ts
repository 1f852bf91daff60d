/** Kysely table types. JSON columns are written as JSON text and read back parsed. */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { EarlyEndReason } from '../../workflows/placement.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as a JSON string, read back as the parsed value. */
type Json<T> = ColumnType<T, string, string>;
/** int8 comes back as a string (pg) or a bigint/number (PGlite); db modules convert with toNumber. */
type Int8 = ColumnType<string | number | bigint, number, number>;

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: 'buyer' | 'supplier' | 'matching_body';
  org_number: string | null;
  created_at: Timestamp;
  /** Migration 0024: a supplier that is a work-integration social enterprise (arbetsintegrerande socialt företag). */
  social_enterprise: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface UsersTable {
  id: string;
  org_id: string;
  role: 'officer' | 'contractor' | 'auditor' | 'admin' | 'matcher';
  name: string;
  /** Migration 0018: where mail goes and whom an identity provider's verified e-mail signs in; unique regardless of case. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  language: ColumnType<'sv' | 'en', 'sv' | 'en' | undefined, 'sv' | 'en'>;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  /** sha256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** First characters of the key, so an operator can tell keys apart. */
  key_prefix: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface TendersTable {
  id: string;
  buyer_org_id: string;
  reference: string;
  title: string;
  estimated_value_sek: Int8 | null;
  created_by: string;
  created_at: Timestamp;
  /** Migration 0023: reserved under LOU 4 kap. 18 § (issue 22). */
  reserved: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface ClausesTable {
  id: string;
  tender_id: string;
  buyer_org_id: string;
  contractor_org_id: string | null;
  template_id: string;
  template_version: number;
  language: 'sv' | 'en';
  params: Json<Record<string, unknown>>;
  text: string;
  workflow_id: string;
  workflow_version: number;
  snapshot: Json<Record<string, unknown>>;
  /** Dotted state path, e.g. "commitment.awaitingPlan". */
  state: string;
  top_state: string;
  version: number;
  target: Json<{ unit: string; value: number | null; basis: string }>;
  contract: Json<Record<string, unknown> | null>;
  /** The matching body named at AWARD, whose matchers see the clause's openings and proposals. */
  matching_body_org_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClauseHistoryTable {
  clause_id: string;
  /** 1 for the creation, then one per accepted event; equals the clause version it produced. */
  seq: number;
  type: string;
  payload: Json<Record<string, unknown>>;
  actor_user_id: string | null;
  actor_role: string;
  actor_org_id: string | null;
  from_state: string | null;
  to_state: string;
  at: Timestamp;
  request_id: string | null;
  /** sha256 over the previous row's hash and this row's content, set by the database on insert (migration 0011). */
  hash: ColumnType<string, never, never>;
  /** Random per row, set on insert; an erasure sets it to null (migration 0016). */
  personal_salt: ColumnType<string | null, never, null>;
  /** sha256 over personal_salt and the payload, set on insert; covered by the hash. */
  personal_digest: ColumnType<string, never, never>;
}

/** Columns of every persisted workflow item (placement, period report). */
interface WorkflowItemColumns {
  id: string;
  clause_id: string;
  workflow_id: string;
  workflow_version: number;
  snapshot: Json<Record<string, unknown>>;
  state: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlacementsTable extends Omit<WorkflowItemColumns, 'clause_id'> {
  /** Null for a programme's own-workplace placement (migration 0019), which names programme_id and host_org_id instead. */
  clause_id: string | null;
  participant_ref: string;
  target_group: string;
  attestation: Json<{ issuer: string; reference: string; date: string }>;
  role: string;
  site: string | null;
  start_date: string;
  planned_end_date: string;
  end_date: string | null;
  ended_as: 'completed' | 'endedEarly' | 'discontinued' | null;
  /** Why an END_EARLY ended it (placement workflow version 2); null otherwise. */
  end_reason_code: ColumnType<EarlyEndReason | null, EarlyEndReason | null | undefined, EarlyEndReason | null>;
  outcome: string | null;
  fte: number;
  hours_per_week: number;
  /** Set when the placement came through a matcher's proposal. */
  opening_id: ColumnType<string | null, string | null | undefined, string | null>;
  proposal_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0017: the matching body that follows the participant afterwards, when given with the placement. */
  matching_org_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0019: an own-workplace placement names its programme and host organisation (and no clause). */
  programme_id: ColumnType<string | null, string | null | undefined, string | null>;
  host_org_id: ColumnType<string | null, string | null | undefined, string | null>;
  breaks_gender_pattern: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** Migration 0023: the supervisor the placement names, if any. */
  supervisor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Migration 0024: the subcontractor that registered the placement; null for the contractor's own. */
  subcontractor_org_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReportsTable extends WorkflowItemColumns {
  period_start: string;
  period_end: string;
  total_labour_hours: number;
  local_labour_hours: number | null;
  disadvantaged_labour_hours: number | null;
  apprentice_hours: number | null;
  training_hours: number | null;
  /** Migration 0024: the subcontractor that submitted the report; null for the contractor's own. */
  subcontractor_org_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Migration 0024: one change of a clause's subcontractors (append-only; the latest row per organisation is current). */
export interface ClauseSubcontractorsTable {
  seq: Generated<string>;
  clause_id: string;
  org_id: string;
  change: 'named' | 'removed';
  /** What the contractor has spent with the subcontractor under the contract so far, in whole kronor, as last stated. */
  spend_sek: string | number | null;
  actor_user_id: string;
  actor_org_id: string;
  at: Timestamp;
  request_id: string | null;
}

export type ItemKind = 'placement' | 'report';

/** A placement opening a contractor publishes under a clause, for the matching body to fill. */
export interface OpeningsTable extends WorkflowItemColumns {
  role: string;
  site: string | null;
  /** SCB municipality code (four digits). */
  municipality: string | null;
  start_date: string;
  weeks: number;
  hours_per_week: number;
  competences: Json<string[]>;
  language_level: string | null;
  supervisor_trained: boolean;
  breaks_gender_pattern: boolean;
  placement_id: string | null;
  /** Migration 0023: the supervisor the opening names, if any. */
  supervisor_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An offer of employment the contractor made to a participant under a clause (issue 18); the first job is "started or offered". */
export interface OffersTable extends WorkflowItemColumns {
  participant_ref: string;
  target_group: string;
  role: string;
  hours_per_week: number;
  offered_date: string;
  answered_date: string | null;
}

/** A matcher's proposal of a pseudonymous candidate for an opening. */
export interface ProposalsTable extends WorkflowItemColumns {
  opening_id: string;
  matcher_org_id: string;
  candidate_id: string | null;
  candidate_ref: string;
  target_group: string;
  placement_id: string | null;
}

/** A matching body's pool of available candidates: pseudonymous, no names or identity numbers. */
export interface CandidatesTable {
  id: string;
  org_id: string;
  candidate_ref: string;
  target_group: string;
  competences: Json<string[]>;
  municipality: string;
  available_from: string;
  language_level: string | null;
  placement_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A buyer's or matching body's programme targets for what follows a placement. */
export interface OutcomeTargetsTable {
  org_id: string;
  studies_pct: number;
  placement_pct: number;
  employment_pct: number;
  set_by: string;
  set_at: Timestamp;
}

/** A signed-in browser: the hash of its session token, the API key it signed in with (or the user its identity provider signed in), and its CSRF token. */
export interface WebSessionsTable {
  id: string;
  api_key_id: string | null;
  user_id: ColumnType<string | null, string | null | undefined, never>;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** An organisation's OpenID Connect provider (issue 23, item 5); the client secret only sealed. */
export interface OrgIdentityProvidersTable {
  org_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  allow_new_users: boolean;
  new_user_role: 'officer' | 'auditor' | 'contractor' | 'matcher' | null;
  email_domains: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A sign-in through a provider under way: the hash of its state, of the browser's token, and the nonce and PKCE verifier to check the answer with. */
export interface OidcSignInsTable {
  id: string;
  browser_hash: string;
  org_id: string;
  code_verifier: string;
  nonce: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AppSettingsTable {
  key: string;
  value: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Statechart instances whose history lives in item_history. */
export type HistoryItemKind = ItemKind | 'opening' | 'proposal' | 'offer';

export interface ItemHistoryTable extends Omit<ClauseHistoryTable, 'clause_id'> {
  item_id: string;
  item_kind: HistoryItemKind;
  /** Null for an own-workplace placement's history (migration 0019). */
  clause_id: string | null;
}

export interface EvidenceTable {
  id: string;
  item_kind: ItemKind;
  item_id: string;
  clause_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  description: string | null;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** sha256 over method, path and body: the same key with another request is refused. */
  fingerprint: string;
  status: number;
  response: Json<unknown>;
  created_at: Timestamp;
}

export type DeadlineKind = 'planDue' | 'firstJob' | 'reportDue' | 'remedyDue' | 'contractEnd';

export interface DeadlinesTable {
  id: string;
  clause_id: string;
  key: string;
  kind: DeadlineKind;
  due_at: Timestamp;
  /** The event sent as actor "system" when the deadline passes. */
  event: Json<{ type: string } & Record<string, unknown>>;
  status: 'scheduled' | 'fired' | 'cancelled' | 'failed';
  scheduled_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  /** Failed attempts to fire it (unexpected errors), the last error, and when to try again. */
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  retry_at: Timestamp | null;
}

export interface OutboxTable {
  id: ColumnType<string | number | bigint, never, never>;
  clause_id: string;
  org_ids: string[];
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  dispatched_at: Timestamp | null;
  /** Migration 0021: when the mail planner looked at it (src/engine/mail-planner.ts). */
  mail_planned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface WebhooksTable {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  event_types: string[] | null;
  description: string | null;
  created_by: string;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  outbox_id: Int8;
  status: 'pending' | 'delivered' | 'failed';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface ClauseProgressTable {
  clause_id: string;
  generation: ColumnType<number, number | undefined, number>;
  computed_generation: ColumnType<number, number | undefined, number>;
  unit: string | null;
  target: number | null;
  measured: ColumnType<number, number | undefined, number>;
  overdue: ColumnType<number, number | undefined, number>;
  exposure_sek: Int8 | null;
  computed_at: Timestamp | null;
  measured_with: ColumnType<number, number | undefined, number>;
  /** When generation last moved. */
  changed_at: ColumnType<Date, Date | undefined, Date>;
}

/** The mark of a clause's delivery facts: a new one with every change to its placements, reports or offers (migration 0027). */
export interface ClauseFactsTable {
  clause_id: string;
  /** bigint: arrives as text from PostgreSQL. */
  mark: ColumnType<string, never, never>;
}

export interface ClauseProgressGroupsTable {
  clause_id: string;
  target_group: string;
  measured: number;
}

/** One erasure of a candidate's or participant's personal data (migration 0016): what it redacted, never the data. */
export interface ErasuresTable {
  id: string;
  subject: 'candidate' | 'participant';
  /** The candidate or placement asked for; null when erased by reference (the CLI). */
  subject_id: string | null;
  /** The statechart instances whose history, snapshot and columns it redacted. */
  instance_ids: string[];
  counts: Json<Record<string, number>>;
  actor_user_id: string | null;
  actor_role: string;
  actor_org_id: string | null;
  at: Timestamp;
  request_id: string | null;
}

export type FollowUpMonths = 1 | 6 | 12;
export type FollowUpStatus = 'employment' | 'studies' | 'furtherPlacement' | 'selfEmployment' | 'other' | 'none' | 'unknown';
export type EmployabilityAnswer = 'better' | 'same' | 'worse';

/** A participant's follow-up 1, 6 or 12 months after a placement ended (migration 0017). */
export interface FollowUpsTable {
  id: string;
  placement_id: string;
  matching_org_id: string;
  participant_ref: string | null;
  months: FollowUpMonths;
  due_at: Timestamp;
  state: 'scheduled' | 'due' | 'recorded';
  became_due_at: Timestamp | null;
  status: FollowUpStatus | null;
  employability: EmployabilityAnswer | null;
  note: string | null;
  recorded_at: Timestamp | null;
  recorded_by: string | null;
  created_at: Timestamp;
}

/** A programme (migration 0019): targets, members and clauses, and the parameters of its estimate. */
export interface ProgrammesTable {
  id: string;
  name: string;
  owner_org_id: string;
  start_date: string;
  end_date: string;
  targets: Json<Record<string, number>>;
  estimate_parameters: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  version: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeMembersTable {
  programme_id: string;
  org_id: string;
  added_by: string;
  added_at: Timestamp;
}

export interface ProgrammeClausesTable {
  programme_id: string;
  clause_id: string;
  added_by: string;
  added_at: Timestamp;
}

/** Who changed a programme, append-only. */
export interface ProgrammeHistoryTable {
  programme_id: string;
  seq: number;
  type: string;
  payload: Json<Record<string, unknown>>;
  actor_user_id: string | null;
  actor_role: string;
  actor_org_id: string | null;
  at: Timestamp;
  request_id: string | null;
}

// Mail (issue 23, migration 0021): src/db/mail.ts.
export type MailDelivery = 'immediate' | 'digest' | 'never';

export interface MailPreferencesTable {
  user_id: string;
  kind: string;
  delivery: MailDelivery;
  updated_at: Timestamp;
}

export interface MailMessagesTable {
  id: string;
  user_id: string;
  kind: string;
  digest_day: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  unsubscribe_url: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface MailItemsTable {
  id: string;
  user_id: string;
  kind: string;
  source: string;
  clause_id: string | null;
  facts: Json<Record<string, unknown>>;
  delivery: Exclude<MailDelivery, 'never'>;
  message_id: string | null;
  created_at: Timestamp;
}

export interface MailAttemptsTable {
  message_id: string;
  attempt: number;
  at: Timestamp;
  smtp_code: number | null;
  error: string | null;
}

export interface MailDeadlineNoticesTable {
  deadline_id: string;
  stage: 'dueSoon' | 'overdue';
  planned_at: Timestamp;
}

/** Migration 0023: an employer's supervisors (handledare), staff named until removed (issue 22). */
export interface SupervisorsTable {
  id: string;
  employer_org_id: string;
  name: string | null;
  email: string | null;
  created_by: string;
  created_at: Timestamp;
  removed_at: Timestamp | null;
}

/** Migration 0023: a supervisor's training (handledarutbildning), dated. */
export interface SupervisorTrainingsTable {
  id: string;
  supervisor_id: string;
  course: string;
  provider: string;
  date: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  tenders: TendersTable;
  clauses: ClausesTable;
  clause_history: ClauseHistoryTable;
  idempotency_keys: IdempotencyKeysTable;
  placements: PlacementsTable;
  reports: ReportsTable;
  item_history: ItemHistoryTable;
  evidence: EvidenceTable;
  deadlines: DeadlinesTable;
  outbox: OutboxTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  clause_progress: ClauseProgressTable;
  clause_progress_groups: ClauseProgressGroupsTable;
  clause_facts: ClauseFactsTable;
  openings: OpeningsTable;
  proposals: ProposalsTable;
  offers: OffersTable;
  candidates: CandidatesTable;
  outcome_targets: OutcomeTargetsTable;
  web_sessions: WebSessionsTable;
  app_settings: AppSettingsTable;
  erasures: ErasuresTable;
  follow_ups: FollowUpsTable;
  programmes: ProgrammesTable;
  programme_members: ProgrammeMembersTable;
  programme_clauses: ProgrammeClausesTable;
  programme_history: ProgrammeHistoryTable;
  mail_preferences: MailPreferencesTable;
  mail_messages: MailMessagesTable;
  mail_items: MailItemsTable;
  mail_attempts: MailAttemptsTable;
  mail_deadline_notices: MailDeadlineNoticesTable;
  org_identity_providers: OrgIdentityProvidersTable;
  oidc_sign_ins: OidcSignInsTable;
  supervisors: SupervisorsTable;
  supervisor_trainings: SupervisorTrainingsTable;
  clause_subcontractors: ClauseSubcontractorsTable;
}

export type ClauseRow = Selectable<ClausesTable>;
export type NewClause = Insertable<ClausesTable>;
export type HistoryRow = Selectable<ClauseHistoryTable>;
export type PlacementRow = Selectable<PlacementsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type ItemHistoryRow = Selectable<ItemHistoryTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type TenderRow = Selectable<TendersTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type DeadlineRow = Selectable<DeadlinesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type OpeningRow = Selectable<OpeningsTable>;
export type ProposalRow = Selectable<ProposalsTable>;
export type OfferRow = Selectable<OffersTable>;
export type CandidateRow = Selectable<CandidatesTable>;
export type OutcomeTargetsRow = Selectable<OutcomeTargetsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type SupervisorRow = Selectable<SupervisorsTable>;
export type SupervisorTrainingRow = Selectable<SupervisorTrainingsTable>;

export const toNumber = (value: string | number | bigint): number => Number(value);
export const json = (value: unknown): string => JSON.stringify(value);

/** A connection or the transaction in progress: inside a transaction, queries must go through it. */
export type Db = Kysely<Database> | Transaction<Database>;
