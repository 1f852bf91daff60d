/** Offers of employment under a clause (issue 18): the first job is "started or offered" within the clause's deadline. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { offerInput } from '../../workflows/employment-offer.ts';
import { latestWorkflow } from '../../workflows/index.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getOffer, getOfferHistory, listClauseOffers, recordOffer, sendOfferEvent } from '../engine/offers.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { InstanceSchema, instanceRoutes } from './instance-routes.ts';
import { reply } from './reply.ts';
import { anyObject, bodyOf, bodyRef, errorResponses, IdParam, json, registerBody } from './schemas.ts';

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
  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/offers',
      operationId: 'recordOffer',
      tags: ['offers'],
      summary: 'Record an offer of employment (contractor; clause in delivery or remediation)',
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: bodyRef('NewOffer') },
      responses: { 201: json(OfferSchema, 'The offer, awaiting its answer'), ...errorResponses },
    }),
    async (c) => {
      const body = bodyOf(c, anyObject);
      return reply(c, await recordOffer(deps, requestContext(c), c.req.valid('param').id, body), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/clauses/{id}/offers',
      operationId: 'listOffers',
      tags: ['offers'],
      summary: "The clause's offers of employment",
      request: { params: IdParam },
      responses: { 200: json(z.array(OfferSchema), 'Offers in the order they were made'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listClauseOffers(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
}
