/** Registry of every deployed workflow version; new instances start on the newest. */
import { employmentOfferV1 } from './employment-offer.ts';
import { openingV1 } from './opening.ts';
import { periodReportV1, periodReportV2 } from './period-report.ts';
import { placementV1, placementV2, placementV3 } from './placement.ts';
import { proposalV1 } from './proposal.ts';
import { socialClauseV1, socialClauseV2, socialClauseV3, socialClauseV4 } from './social-clause.ts';
import type { WorkflowDefinition } from './types.ts';

export type { WorkflowDefinition } from './types.ts';
export { statePath } from './types.ts';

const ALL: WorkflowDefinition[] = [
  socialClauseV1,
  socialClauseV2,
  socialClauseV3,
  socialClauseV4,
  placementV1,
  placementV2,
  placementV3,
  periodReportV1,
  periodReportV2,
  openingV1,
  proposalV1,
  employmentOfferV1,
];

/** Every deployed version of every workflow. */
export function allWorkflows(): readonly WorkflowDefinition[] {
  return ALL;
}

export function findWorkflow(id: string, version: number): WorkflowDefinition | undefined {
  return ALL.find((w) => w.id === id && w.version === version);
}

/** The workflow a stored instance runs on; one that is no longer deployed is a fault of the deployment, not of the request. */
export function workflowOf(row: { id: string; workflow_id: string; workflow_version: number }): WorkflowDefinition {
  const workflow = findWorkflow(row.workflow_id, row.workflow_version);
  if (!workflow) throw new Error(`${row.id} runs workflow ${row.workflow_id}@${row.workflow_version}, which is not deployed`);
  return workflow;
}

export function latestWorkflow(id: string): WorkflowDefinition {
  const versions = ALL.filter((w) => w.id === id).sort((a, b) => b.version - a.version);
  if (!versions[0]) throw new Error(`no workflow named ${id}`);
  return versions[0];
}
