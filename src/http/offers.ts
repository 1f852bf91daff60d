/** Offers of employment under a clause (issue 18): the first job is "started or offered" within the clause's deadline. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { offerInput } from '../../workflows/employment-offer.ts';
import { latestWorkflow } from '../../workflows/index.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getOffer, getOfferHistory, listClauseOffers, recordOffer, sendOfferEvent } from '../engine/offers.ts';
import type { AppEnv } from './env.ts';
import { createUnderClause, InstanceSchema, instanceRoutes, listUnderClause } from './instance-routes.ts';
import { registerBody } from './schemas.ts';

const OfferSchema = InstanceSchema.openapi('Offer', {
  description:
    'An offer of employment: participantRef, targetGroup, attestation, role, site, hoursPerWeek, offeredDate; state offered → accepted | declined | withdrawn, answeredDate, declineReason, withdrawal. An offer made by the first-job deadline meets the milestone whatever the answer; a withdrawn one does not count',
});

export function offerRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  registerBody(
    app,
    'NewOffer',
    offerInput,
    "An offer of employment as the contractor records it: a pseudonymous reference in one of the clause's target groups, never a name or personal identity number",
  );
  instanceRoutes(app, {
    path: 'offers',
    noun: 'offer',
    tag: 'offers',
    schema: OfferSchema,
    event: 'OfferEvent',
    workflow: latestWorkflow('employment-offer'),
    get: (actor, id) => getOffer(deps, actor, id),
    send: (ctx, id, request) => sendOfferEvent(deps, ctx, id, request),
    history: (actor, id) => getOfferHistory(deps, actor, id),
  });
  createUnderClause(app, {
    path: 'offers',
    operationId: 'recordOffer',
    tag: 'offers',
    summary: 'Record an offer of employment (contractor; clause in delivery or remediation)',
    body: 'NewOffer',
    schema: OfferSchema,
    created: 'The offer, awaiting its answer',
    create: (ctx, clauseId, body) => recordOffer(deps, ctx, clauseId, body),
  });
  listUnderClause(app, {
    path: 'offers',
    operationId: 'listOffers',
    tag: 'offers',
    summary: "The clause's offers of employment",
    schema: OfferSchema,
    listed: 'Offers in the order they were made',
    list: (actor, clauseId) => listClauseOffers(deps, actor, clauseId),
  });
}
