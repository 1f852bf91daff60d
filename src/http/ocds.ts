/** OCDS 1.1 release packages of a clause and of a tender (metrics and sustainability extensions). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { clauseOcds, tenderOcds } from '../engine/ocds.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, IdParam, json } from './schemas.ts';

const ReleasePackage = z
  .object({
    uri: z.string(),
    version: z.literal('1.1'),
    publishedDate: z.string(),
    publisher: z.object({ name: z.string() }),
    extensions: z.array(z.string()),
    releases: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('OcdsReleasePackage', { description: 'An OCDS 1.1 release package; see https://standard.open-contracting.org/1.1/' });

const route = (path: '/clauses/{id}/ocds' | '/tenders/{id}/ocds', operationId: string, summary: string) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    tags: ['ocds'],
    summary,
    request: { params: IdParam },
    responses: { 200: json(ReleasePackage, 'The release package'), 401: errorResponses[401], 404: errorResponses[404] },
  });

const clauseRoute = route(
  '/clauses/{id}/ocds',
  'getClauseOcds',
  'The clause as an OCDS release of its tender: sustainability, target, award, contract, delivery metrics and milestones',
);
const tenderRoute = route('/tenders/{id}/ocds', 'getTenderOcds', 'The tender as an OCDS release, with the clauses you can see');

export function ocdsRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps, ocidPrefix: string): void {
  const publication = (url: string) => ({ ocidPrefix, uri: url });
  app.openapi(clauseRoute, async (c) => c.json(await clauseOcds(deps, c.get('actor'), c.req.valid('param').id, publication(c.req.url)), 200));
  app.openapi(tenderRoute, async (c) => c.json(await tenderOcds(deps, c.get('actor'), c.req.valid('param').id, publication(c.req.url)), 200));
}
