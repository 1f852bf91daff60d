/** The supervisor register (issue 22): routes over src/engine/supervisors.ts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { getSupervisor, listSupervisors, recordTraining, registerSupervisor, removeSupervisor, supervisorInput, trainingInput } from '../engine/supervisors.ts';
import { requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { reply } from './reply.ts';
import { errorResponses, IdParam, json, named } from './schemas.ts';

const TrainingSchema = z
  .object({ id: z.string(), course: z.string(), provider: z.string(), date: z.string(), recordedAt: z.string() })
  .openapi('SupervisorTraining');

const SupervisorSchema = z
  .object({
    id: z.string(),
    employerOrgId: z.string(),
    name: z.string().nullable().openapi({ description: 'Null once the supervisor was removed' }),
    email: z.string().nullable(),
    trained: z.boolean().openapi({ description: 'Has a training record (handledarutbildning) dated today or earlier' }),
    trainings: z.array(TrainingSchema),
    createdAt: z.string(),
    removedAt: z.string().nullable(),
  })
  .openapi('Supervisor', {
    description: "A supervisor (handledare) in an employer's register: staff, named until removed; what they were trained in, and when.",
  });

const NewSupervisor = named(supervisorInput, 'NewSupervisor');
const NewTraining = named(trainingInput, 'NewSupervisorTraining');
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const keepers = "the employer organisation's contractor, officer or admin";

export function supervisorRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/supervisors',
      operationId: 'registerSupervisor',
      tags: ['supervisors'],
      summary: `Register a supervisor (handledare) of your organisation (${keepers})`,
      request: body(NewSupervisor),
      responses: { 201: json(SupervisorSchema, 'The supervisor, registered'), ...errorResponses },
    }),
    async (c) => reply(c, await registerSupervisor(deps, requestContext(c), c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/supervisors',
      operationId: 'listSupervisors',
      tags: ['supervisors'],
      summary: "Your organisation's supervisors, with their trainings",
      responses: { 200: json(z.array(SupervisorSchema), 'Supervisors'), 401: errorResponses[401] },
    }),
    async (c) => c.json(await listSupervisors(deps, c.get('actor')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/supervisors/{id}',
      operationId: 'getSupervisor',
      tags: ['supervisors'],
      summary: 'One supervisor of your organisation',
      request: { params: IdParam },
      responses: { 200: json(SupervisorSchema, 'The supervisor'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getSupervisor(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/supervisors/{id}/trainings',
      operationId: 'recordSupervisorTraining',
      tags: ['supervisors'],
      summary: `Record a supervisor's training, e.g. handledarutbildning at KIVO (${keepers})`,
      request: { params: IdParam, ...body(NewTraining) },
      responses: { 201: json(SupervisorSchema, 'The supervisor with the training recorded'), ...errorResponses },
    }),
    async (c) => reply(c, await recordTraining(deps, requestContext(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/supervisors/{id}',
      operationId: 'removeSupervisor',
      tags: ['supervisors'],
      summary: `Remove a supervisor's name and e-mail from the register; their trainings stay, unnamed, as do the openings and placements that named them (${keepers})`,
      request: { params: IdParam },
      responses: { 200: json(SupervisorSchema, 'The supervisor as the register keeps them now'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await removeSupervisor(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
}
