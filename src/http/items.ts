/** Placements and period reports under a clause: register, report, move through their statecharts. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { latestWorkflow } from '../../workflows/index.ts';
import { reportInput } from '../../workflows/period-report.ts';
import { placementInput } from '../../workflows/placement.ts';
import type { ItemKind } from '../db/schema.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getItem, getItemHistory, listItems, sendItemEvent } from '../engine/items.ts';
import { registerPlacements } from '../engine/placements.ts';
import { submitReport } from '../engine/reports.ts';
import { ifMatch, requestContext } from './clauses.ts';
import { createUnderClause, InstanceSchema, instanceRoutes } from './instance-routes.ts';
import type { AppEnv } from './env.ts';
import { PLACEMENT_CSV_COLUMNS } from '../domain/placement-csv.ts';
import { importPlacements } from '../engine/placement-import.ts';
import { reply } from './reply.ts';
import { errorResponses, IdParam, json, registerBody } from './schemas.ts';

const PlacementSchema = InstanceSchema.openapi('Placement', {
  description: 'The placement as registered (participantRef, targetGroup, attestation, role, site, dates, fte, hoursPerWeek), its end, outcome and evidence',
});
const ReportSchema = InstanceSchema.openapi('PeriodReport', { description: 'The period, the reported hours, queries and evidence' });

const KINDS = {
  placement: {
    path: 'placements',
    schema: PlacementSchema,
    event: 'PlacementEvent',
    workflow: latestWorkflow('placement'),
    tag: 'placements',
    list: 'listPlacements',
  },
  report: { path: 'reports', schema: ReportSchema, event: 'ReportEvent', workflow: latestWorkflow('period-report'), tag: 'reports', list: 'listReports' },
} as const;

function itemRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps, kind: ItemKind): void {
  const { path, schema, event, workflow, tag, list } = KINDS[kind];
  instanceRoutes(app, {
    path,
    noun: kind,
    tag,
    schema,
    event,
    workflow,
    get: (actor, id) => getItem(deps, actor, kind, id),
    send: (ctx, id, request) => sendItemEvent(deps, ctx, kind, id, request),
    history: (actor, id) => getItemHistory(deps, actor, kind, id),
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: `/clauses/{id}/${path}`,
      operationId: list,
      tags: [tag],
      summary: `The clause's ${path}`,
      request: { params: IdParam },
      responses: { 200: json(z.array(schema), `${path}, oldest first`), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listItems(deps, c.get('actor'), kind, c.req.valid('param').id), 200),
  );
}

export function deliveryRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  itemRoutes(app, deps, 'placement');
  itemRoutes(app, deps, 'report');
  registerBody(
    app,
    'NewPlacement',
    placementInput,
    'A placement as the contractor registers it: a pseudonymous reference, never a name or personal identity number',
  );
  registerBody(app, 'NewPeriodReport', reportInput, "The contractor's labour hours for one period that has ended");

  createUnderClause(app, {
    path: 'placements',
    operationId: 'registerPlacement',
    tag: 'placements',
    summary: 'Register a placement (contractor; clause in delivery or remediation)',
    body: 'NewPlacement',
    schema: PlacementSchema,
    created: 'The placement, registered',
    create: (ctx, clauseId, body) => registerPlacements(deps, ctx, clauseId, [body], (_ids, viewOf) => viewOf(0)),
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/placements/import',
      operationId: 'importPlacements',
      tags: ['placements'],
      summary: 'Register placements from a CSV file: all rows or none',
      description: `Content-Type text/csv, a header row with the columns ${PLACEMENT_CSV_COLUMNS.join(', ')} (site may be left out or empty). Cells are separated by commas, or by semicolons (as Excel saves CSV UTF-8 in a Swedish locale, byte-order mark and decimal commas accepted). Errors name the row (1 = the first row after the header), the line of the file it is on (\`line\`; the header is line 1) and the column.`,
      request: {
        params: IdParam,
        headers: ifMatch.pick({ 'idempotency-key': true }),
        body: { content: { 'text/csv': { schema: z.string() } }, required: true },
      },
      responses: { 201: json(z.object({ imported: z.number().int(), placementIds: z.array(z.string()) }), 'Every row stored'), ...errorResponses },
    }),
    async (c) => {
      const answer = await importPlacements(deps, requestContext(c), c.req.valid('param').id, c.get('csvBody') ?? '', (placementIds) => ({
        imported: placementIds.length,
        placementIds,
      }));
      return reply(c, answer, 201);
    },
  );
  createUnderClause(app, {
    path: 'reports',
    operationId: 'submitReport',
    tag: 'reports',
    summary: 'Submit a period report (contractor; clause in delivery or remediation)',
    body: 'NewPeriodReport',
    schema: ReportSchema,
    created: 'The report, submitted',
    create: (ctx, clauseId, body) => submitReport(deps, ctx, clauseId, body),
  });
}
