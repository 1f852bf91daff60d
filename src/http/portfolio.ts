/** The portfolio over HTTP (issue 6). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { templateIds } from '../../templates/index.ts';
import { CLAUSE_TOP_STATES } from '../../workflows/states.ts';
import { PROJECTIONS } from '../db/progress.ts';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getPortfolioOutcomes } from '../engine/matching.ts';
import { getPortfolio } from '../engine/portfolio.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, json, OutcomesSchema } from './schemas.ts';

const isoDate = z.iso.date('a date as YYYY-MM-DD');

/** The portfolio's filters, shared with the clauses export. */
export const PortfolioFilterQuery = z.strictObject({
  tenderId: z.string().min(1).optional(),
  supplierOrgId: z.string().min(1).optional(),
  // The clause kinds are the library's templates, the states the clause workflow's top states.
  kind: z.enum(templateIds()).optional(),
  state: z.enum(CLAUSE_TOP_STATES).optional(),
  targetGroup: z.enum(TARGET_GROUPS).optional(),
  from: isoDate.optional().openapi({ description: 'Contracts running on or after this day' }),
  to: isoDate.optional().openapi({ description: 'Contracts running on or before this day' }),
});

const PortfolioQuery = PortfolioFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const Projection = z.enum(PROJECTIONS).nullable();
const PortfolioSchema = z
  .object({
    asOf: z.string(),
    totals: z.object({ clauses: z.number(), overdue: z.number(), onTrack: z.number(), atRisk: z.number(), willMiss: z.number(), exposureSek: z.number() }),
    bySupplier: z.array(
      z.object({
        supplierOrgId: z.string().nullable(),
        supplierName: z.string().nullable(),
        unit: z.string().nullable(),
        clauses: z.number(),
        target: z.number().nullable().openapi({ description: 'null when the unit is a share (percent of hours), which does not add up' }),
        delivered: z.number().nullable(),
        pct: z.number().nullable(),
        overdue: z.number(),
        onTrack: z.number(),
        atRisk: z.number(),
        willMiss: z.number(),
        exposureSek: z.number(),
      }),
    ),
    byTargetGroup: z.array(z.object({ targetGroup: z.string(), unit: z.string().nullable(), clauses: z.number(), delivered: z.number() })),
    clauses: z.array(
      z.object({
        clauseId: z.string(),
        tenderId: z.string(),
        kind: z.string(),
        state: z.string(),
        supplierOrgId: z.string().nullable(),
        supplierName: z.string().nullable(),
        contractStart: z.string().nullable(),
        contractEnd: z.string().nullable(),
        unit: z.string().nullable(),
        target: z.number().nullable(),
        delivered: z.number(),
        pct: z.number().nullable(),
        overdue: z.number(),
        projection: Projection,
        exposureSek: z.number().nullable(),
      }),
    ),
    page: z.object({ limit: z.number(), offset: z.number(), total: z.number() }),
    reserved: z
      .object({
        contracts: z.number().int(),
        declarations: z.array(
          z.object({
            clauseId: z.string(),
            tenderId: z.string(),
            supplierOrgId: z.string().nullable(),
            supplierName: z.string().nullable(),
            reservedShareDeclaredPct: z.number().nullable(),
          }),
        ),
      })
      .openapi({ description: 'Awarded clauses of reserved tenders (LOU 4 kap. 18 §) and each supplier’s declared share of staff in the target groups' }),
    supervisors: z
      .object({ named: z.number().int(), trained: z.number().int() })
      .openapi({ description: 'Distinct supervisors named by the openings and placements of these clauses, and how many have training recorded' }),
  })
  .openapi('Portfolio');

const route = createRoute({
  method: 'get',
  path: '/portfolio',
  operationId: 'getPortfolio',
  tags: ['portfolio'],
  summary:
    'Clauses your organisation buys or delivers: target, delivered, overdue deadlines, projected outcome (onTrack, atRisk, willMiss) and sanction exposure, with sums per supplier and per target group',
  request: { query: PortfolioQuery },
  responses: { 200: json(PortfolioSchema, 'The portfolio'), 401: errorResponses[401], 422: errorResponses[422] },
});

const outcomesRoute = createRoute({
  method: 'get',
  path: '/portfolio/outcomes',
  operationId: 'getPortfolioOutcomes',
  tags: ['portfolio'],
  summary:
    "What followed the placements of your portfolio's clauses (a matching body: the clauses it serves): outcomes of ended placements against your organisation's programme targets, and how many broke a gender-stereotyped pattern",
  request: { query: PortfolioFilterQuery },
  responses: { 200: json(OutcomesSchema, 'The outcome distribution'), 401: errorResponses[401], 422: errorResponses[422] },
});

export function portfolioRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(route, async (c) => {
    const { limit, offset, ...filter } = c.req.valid('query');
    return c.json(await getPortfolio(deps, c.get('actor'), filter, { limit, offset }), 200);
  });
  app.openapi(outcomesRoute, async (c) => c.json(await getPortfolioOutcomes(deps, c.get('actor'), c.req.valid('query')), 200));
}
