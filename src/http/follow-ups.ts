/** Follow-ups after placements and participants' paths: the matching body's (issue 21, item 3). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { FOLLOW_UP_STATES, recordFollowUpInput } from '../domain/follow-ups.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getFollowUp, getParticipantPath, listFollowUps, recordFollowUp } from '../engine/follow-ups.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { reply } from './reply.ts';
import { anyObject, bodyOf, bodyRef, ErrorSchema, errorResponses, IdParam, json, registerBody } from './schemas.ts';

const FollowUpSchema = z
  .looseObject({
    id: z.string(),
    placementId: z.string(),
    participantRef: z.string().nullable().openapi({ description: 'The pseudonymous reference; null once erased' }),
    months: z.int().openapi({ description: '1, 6 or 12: months after the end of the placement' }),
    state: z.enum(FOLLOW_UP_STATES),
    dueAt: z.string(),
    becameDueAt: z.string().nullable(),
    status: z.string().nullable(),
    employability: z.string().nullable(),
    note: z.string().nullable(),
    recordedAt: z.string().nullable(),
    recordedBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
    allowedEvents: z.array(z.string()),
  })
  .openapi('FollowUp', {
    description:
      "A follow-up of a participant 1, 6 or 12 months after a placement ended: scheduled → due (when its day comes) → recorded (RECORD by the matching body's matcher), with the placement it follows",
  });

const PathSchema = z
  .object({
    participantRef: z.string(),
    placements: z.array(z.looseObject({ id: z.string(), state: z.string(), startDate: z.string(), followUps: z.array(FollowUpSchema) })),
  })
  .openapi('ParticipantPath', {
    description:
      "Every placement of a pseudonymous reference that the matching body knows (through its proposals, the placements given to it to follow, or the clauses it is the matching body of), across clauses, suppliers and years, with each one's follow-ups",
  });

const StateQuery = z.object({ state: z.enum(FOLLOW_UP_STATES).optional().openapi({ description: 'Only follow-ups in this state' }) });
const RefParam = z.object({
  ref: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'ref', in: 'path' }, description: 'The pseudonymous participant reference' }),
});

export function followUpRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  registerBody(app, 'FollowUpEvent', recordFollowUpInput, 'RECORD: what the participant does now, their own view of their chances of work, and a note');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/follow-ups',
      operationId: 'listFollowUps',
      tags: ['matching'],
      summary: "Your matching body's follow-ups of participants after their placements, in due order (matcher)",
      request: { query: StateQuery },
      responses: {
        200: json(z.array(FollowUpSchema), 'Follow-ups, by due date'),
        401: errorResponses[401],
        403: errorResponses[403],
        422: errorResponses[422],
      },
    }),
    async (c) => c.json(await listFollowUps(deps, c.get('actor'), c.req.valid('query').state), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/follow-ups/{id}',
      operationId: 'getFollowUp',
      tags: ['matching'],
      summary: 'One follow-up of your matching body (matcher)',
      request: { params: IdParam },
      responses: { 200: json(FollowUpSchema, 'The follow-up'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getFollowUp(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/follow-ups/{id}/events',
      operationId: 'recordFollowUp',
      tags: ['matching'],
      summary: 'Record what the participant does at a due follow-up: { type: "RECORD", status, employability?, note? }, once (matcher)',
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: bodyRef('FollowUpEvent') },
      responses: {
        200: json(FollowUpSchema, 'The follow-up, recorded'),
        ...errorResponses,
        409: json(ErrorSchema, '`invalid_transition`: the follow-up is not due yet, or is already recorded'),
      },
    }),
    async (c) => reply(c, await recordFollowUp(deps, requestContext(c), c.req.valid('param').id, bodyOf(c, anyObject)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/participants/{ref}/path',
      operationId: 'getParticipantPath',
      tags: ['matching'],
      summary: "A participant's path: every placement of the reference your matching body knows, with its follow-ups (matcher; anyone else: 404)",
      request: { params: RefParam },
      responses: { 200: json(PathSchema, 'The placements, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getParticipantPath(deps, c.get('actor'), c.req.valid('param').ref), 200),
  );
}
