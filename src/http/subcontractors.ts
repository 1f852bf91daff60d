/** A clause's subcontractors (issue 22, item 2): routes over src/engine/subcontractors.ts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { listSubcontractors, nameSubcontractor, removeSubcontractor, subcontractorInput } from '../engine/subcontractors.ts';
import { requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { reply } from './reply.ts';
import { errorResponses, IdParam, json, named } from './schemas.ts';

const DeliverySchema = z.object({
  placements: z.number().int(),
  placementsVerified: z.number().int(),
  placementsAwaitingPrimeApproval: z.number().int(),
  reports: z.number().int(),
  acceptedLabourHours: z.number(),
  acceptedDisadvantagedLabourHours: z.number(),
});

const SubcontractorSchema = z
  .object({
    orgId: z.string(),
    name: z.string(),
    orgNumber: z.string().nullable(),
    socialEnterprise: z.boolean().openapi({ description: 'A work-integration social enterprise (arbetsintegrerande socialt företag)' }),
    spendSek: z.number().nullable().openapi({ description: 'What the contractor has spent with it under the contract so far, as last stated' }),
    namedAt: z.string(),
    updatedAt: z.string(),
    delivery: DeliverySchema,
  })
  .openapi('Subcontractor');

export const SubcontractingSchema = z
  .object({
    subcontractors: z.array(SubcontractorSchema),
    contractorOwnDelivery: DeliverySchema,
    formerSubcontractors: z.array(DeliverySchema.extend({ subcontractorOrgId: z.string().nullable() })),
    socialEnterpriseSpendSek: z.number().nullable(),
    socialEnterpriseShare: z.number().nullable().openapi({ description: 'Spend with social enterprises as a share (0–1) of the contract value' }),
  })
  .openapi('Subcontracting');

const SubcontractorsSchema = z
  .object({
    clause: z.object({
      id: z.string(),
      tenderId: z.string(),
      templateId: z.string(),
      templateVersion: z.number().int(),
      language: z.enum(['sv', 'en']),
      summary: z.string(),
      targetGroups: z
        .array(z.string())
        .openapi({ description: 'The target groups whose placements count toward the clause: the only ones a placement under it may name' }),
      contractorOrgId: z.string().nullable(),
      contractStart: z.string().nullable(),
      contractEnd: z.string().nullable(),
      state: z.string(),
    }),
    subcontracting: SubcontractingSchema,
  })
  .openapi('ClauseSubcontractors', {
    description: "The clause's basic facts and its subcontractors; a subcontractor sees only its own entry",
  });

const NewSubcontractor = named(subcontractorInput, 'NewSubcontractor');
const OrgParam = IdParam.extend({
  orgId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'orgId', in: 'path' } }),
});

export function subcontractorRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/subcontractors',
      operationId: 'nameSubcontractor',
      tags: ['subcontractors'],
      summary:
        "Name a subcontractor on the clause (the clause's contractor): a supplier organisation with an organisation number; again with spendSek to state the spend",
      request: { params: IdParam, body: { content: { 'application/json': { schema: NewSubcontractor } }, required: true } },
      responses: {
        201: json(SubcontractorSchema, 'Named'),
        200: json(SubcontractorSchema, 'Already named: its spend updated'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const answer = await nameSubcontractor(deps, requestContext(c), c.req.valid('param').id, c.req.valid('json'));
      return answer.status === 201 ? reply(c, answer, 201) : reply(c, answer, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/clauses/{id}/subcontractors',
      operationId: 'listSubcontractors',
      tags: ['subcontractors'],
      summary: "The clause's subcontractors and what each delivered (buyer, contractor); a subcontractor sees its own entry",
      request: { params: IdParam },
      responses: { 200: json(SubcontractorsSchema, 'Subcontractors'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listSubcontractors(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/clauses/{id}/subcontractors/{orgId}',
      operationId: 'removeSubcontractor',
      tags: ['subcontractors'],
      summary: "Remove a subcontractor from the clause (the clause's contractor); what it registered stays, attributed to it",
      request: { params: OrgParam },
      responses: {
        200: json(z.object({ clauseId: z.string(), orgId: z.string(), removedAt: z.string() }), 'Removed'),
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id, orgId } = c.req.valid('param');
      return c.json(await removeSubcontractor(deps, requestContext(c), id, orgId), 200);
    },
  );
}
