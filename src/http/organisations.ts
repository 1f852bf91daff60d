/** The organisations Klausul knows: routes over src/engine/organisations.ts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { getOrganisation, listOrganisationsFor, organisationFilter } from '../engine/organisations.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, IdParam, json } from './schemas.ts';

const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['buyer', 'supplier', 'matching_body']),
    orgNumber: z.string().nullable().openapi({ description: 'The organisation number (organisationsnummer), e.g. "556677-8899"' }),
    socialEnterprise: z.boolean().openapi({ description: 'A supplier that is a work-integration social enterprise (arbetsintegrerande socialt företag)' }),
  })
  .openapi('Organisation', {
    description:
      'An organisation: a buyer, a supplier or a matching body. Its id is what a clause is awarded to, a subcontractor named by and a programme joined by.',
  });

export function organisationRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/organisations',
      operationId: 'listOrganisations',
      tags: ['organisations'],
      summary: 'The organisations Klausul knows, by name: whom to award a clause to, name as subcontractor or take into a programme',
      request: { query: z.object(organisationFilter.shape) },
      responses: { 200: json(z.array(OrganisationSchema), 'Organisations'), 401: errorResponses[401], 422: errorResponses[422] },
    }),
    async (c) => c.json(await listOrganisationsFor(deps, c.req.query()), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/organisations/{id}',
      operationId: 'getOrganisation',
      tags: ['organisations'],
      summary: 'One organisation',
      request: { params: IdParam },
      responses: { 200: json(OrganisationSchema, 'The organisation'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getOrganisation(deps, c.req.valid('param').id), 200),
  );
}
