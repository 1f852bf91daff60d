/** The public representation of a clause and its history (DESIGN.md §6). */
import type { ClauseContext } from '../../workflows/social-clause.ts';
import { computedVite, sanctionCap, type Fulfilment, type ViteTerms } from '../domain/fulfilment.ts';
import type { ClauseRow, HistoryRow } from '../db/schema.ts';

export interface ClauseView {
  id: string;
  tenderId: string;
  buyerOrgId: string;
  contractorOrgId: string | null;
  templateId: string;
  templateVersion: number;
  workflowId: string;
  workflowVersion: number;
  language: 'sv' | 'en';
  params: Record<string, unknown>;
  text: string;
  state: string;
  final: boolean;
  version: number;
  allowedEvents: string[];
  target: ClauseContext['target'];
  fulfilment: Fulfilment;
  contract: ClauseContext['contract'];
  vite: (ViteTerms & { capSek: number | null; computedSek: number | null }) | null;
  plan: ClauseContext['plan'];
  planChangeRequests: string[];
  shortfall: ClauseContext['shortfall'];
  remedyPlans: ClauseContext['remedyPlans'];
  sanction: ClauseContext['sanction'];
  closingReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentClause(
  row: ClauseRow,
  live: { context: ClauseContext; final: boolean; allowedEvents: string[]; fulfilment: Fulfilment; vite: ViteTerms | null },
): ClauseView {
  const { context, vite, fulfilment } = live;
  const contractValue = context.contract?.contractValueSek ?? null;
  return {
    id: row.id,
    tenderId: row.tender_id,
    buyerOrgId: row.buyer_org_id,
    contractorOrgId: row.contractor_org_id,
    templateId: row.template_id,
    templateVersion: row.template_version,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    language: row.language,
    params: row.params,
    text: row.text,
    state: row.state,
    final: live.final,
    version: row.version,
    allowedEvents: live.allowedEvents,
    target: context.target,
    fulfilment,
    contract: context.contract,
    vite: vite && {
      ...vite,
      capSek: contractValue === null ? null : sanctionCap(contractValue, vite),
      computedSek: contractValue === null || fulfilment.target === null ? null : computedVite(fulfilment, contractValue, vite),
    },
    plan: context.plan,
    planChangeRequests: context.planChangeRequests,
    shortfall: context.shortfall,
    remedyPlans: context.remedyPlans,
    sanction: context.sanction,
    closingReason: context.closingReason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface HistoryView {
  seq: number;
  type: string;
  actorRole: string;
  actorOrgId: string | null;
  actorUserId: string | null;
  from: string | null;
  to: string;
  at: string;
  requestId: string | null;
  payload: Record<string, unknown>;
}

export function presentHistory(row: HistoryRow): HistoryView {
  return {
    seq: row.seq,
    type: row.type,
    actorRole: row.actor_role,
    actorOrgId: row.actor_org_id,
    actorUserId: row.actor_user_id,
    from: row.from_state,
    to: row.to_state,
    at: row.at.toISOString(),
    requestId: row.request_id,
    payload: row.payload,
  };
}
