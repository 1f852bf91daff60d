/** Placements and period reports under a clause: register, report, move through their statecharts. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { latestWorkflow } from '../../workflows/index.ts';
import { KlausulError } from '../domain/errors.ts';
import type { ItemKind } from '../db/schema.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { getItem, getItemHistory, listItems, registerPlacements, sendItemEvent, submitReport } from '../engine/items.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { expectedVersionOf } from './middleware.ts';
import { decodePlacementCsv, PLACEMENT_CSV_COLUMNS } from './placement-csv.ts';
import { ErrorSchema, errorResponses, eventBodySchema, HistoryEntrySchema, IdParam, json, registerEventSchemas } from './schemas.ts';

const ItemSchema = z.looseObject({
  id: z.string(),
  clauseId: z.string(),
  state: z.string(),
  final: z.boolean(),
  version: z.number().int(),
  allowedEvents: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const PlacementSchema = ItemSchema.openapi('Placement', {
  description: 'The placement as registered (participantRef, targetGroup, attestation, role, site, dates, fte, hoursPerWeek), its end, outcome and evidence',
});
const ReportSchema = ItemSchema.openapi('PeriodReport', { description: 'The period, the reported hours, queries and evidence' });

const NewPlacement = z
  .looseObject({})
  .openapi('NewPlacement', {
    description:
      '{ participantRef, targetGroup, attestation: { issuer, reference, date }, role, site?, startDate, plannedEndDate, fte (0–1], hoursPerWeek }: a pseudonymous reference, never a name or personal identity number',
  });
const NewReport = z
  .looseObject({})
  .openapi('NewPeriodReport', {
    description: '{ periodStart, periodEnd, totalLabourHours, localLabourHours?, disadvantagedLabourHours?, apprenticeHours?, trainingHours?, notes? }',
  });

const KINDS = {
  placement: { path: 'placements', schema: PlacementSchema, event: 'PlacementEvent', workflow: latestWorkflow('placement'), tag: 'placements' },
  report: { path: 'reports', schema: ReportSchema, event: 'ReportEvent', workflow: latestWorkflow('period-report'), tag: 'reports' },
} as const;

function itemRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps, kind: ItemKind): void {
  const { path, schema, event, workflow, tag } = KINDS[kind];
  registerEventSchemas(app, event, workflow);
  const EventBody = eventBodySchema(event, workflow, `An event for a ${kind}`);

  app.openapi(
    createRoute({
      method: 'get',
      path: `/clauses/{id}/${path}`,
      tags: [tag],
      summary: `The clause's ${path}`,
      request: { params: IdParam },
      responses: { 200: json(z.array(schema), `${path}, oldest first`), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listItems(deps, c.get('actor'), kind, c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `/${path}/{id}`,
      tags: [tag],
      summary: `One ${kind} with its state, version and the events you may send now`,
      request: { params: IdParam },
      responses: { 200: json(schema, `The ${kind}`), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const item = await getItem(deps, c.get('actor'), kind, c.req.valid('param').id);
      c.header('ETag', `"${item.version}"`);
      return c.json(item, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: `/${path}/{id}/events`,
      tags: [tag],
      summary: `Send an event to the ${kind} statechart`,
      request: { params: IdParam, headers: ifMatch, body: { content: { 'application/json': { schema: EventBody } }, required: true } },
      responses: { 200: json(schema, `The ${kind} after the event`), ...errorResponses, 409: json(ErrorSchema, '`invalid_transition` or `version_conflict`') },
    }),
    async (c) => {
      const answer = await sendItemEvent(deps, requestContext(c), kind, c.req.valid('param').id, { body: c.req.valid('json'), expectedVersion: expectedVersionOf(c) });
      c.header('ETag', `"${answer.body.version}"`);
      if (answer.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(answer.body, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `/${path}/{id}/history`,
      tags: [tag],
      summary: `The append-only audit history of the ${kind}`,
      request: { params: IdParam },
      responses: { 200: json(z.array(HistoryEntrySchema), 'History, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getItemHistory(deps, c.get('actor'), kind, c.req.valid('param').id), 200),
  );
}

export function deliveryRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  itemRoutes(app, deps, 'placement');
  itemRoutes(app, deps, 'report');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/placements',
      tags: ['placements'],
      summary: 'Register a placement (contractor; clause in delivery or remediation)',
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: { content: { 'application/json': { schema: NewPlacement } }, required: true } },
      responses: { 201: json(PlacementSchema, 'The placement, registered'), ...errorResponses },
    }),
    async (c) => {
      const answer = await registerPlacements(deps, requestContext(c), c.req.valid('param').id, [c.req.valid('json')], (_ids, viewOf) => viewOf(0));
      return c.json(answer.body, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/placements/import',
      tags: ['placements'],
      summary: 'Register placements from a CSV file: all rows or none',
      description: `Content-Type text/csv, a header row with the columns ${PLACEMENT_CSV_COLUMNS.join(', ')} (site may be left out or empty). Errors name the row (1 = the first row after the header) and the column.`,
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
      responses: { 201: json(z.object({ imported: z.number().int(), placementIds: z.array(z.string()) }), 'Every row stored'), ...errorResponses },
    }),
    async (c) => {
      const rows = decodePlacementCsv(c.get('csvBody') ?? '');
      if (rows.length === 0) throw new KlausulError('validation', 'The CSV has a header but no rows', { issues: [{ path: '(file)', message: 'send one row per placement below the header' }] });
      const answer = await registerPlacements(deps, requestContext(c), c.req.valid('param').id, rows, (placementIds) => ({
        imported: placementIds.length,
        placementIds,
      }));
      return c.json(answer.body, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/clauses/{id}/reports',
      tags: ['reports'],
      summary: 'Submit a period report (contractor; clause in delivery or remediation)',
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: { content: { 'application/json': { schema: NewReport } }, required: true } },
      responses: { 201: json(ReportSchema, 'The report, submitted'), ...errorResponses },
    }),
    async (c) => {
      const answer = await submitReport(deps, requestContext(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(answer.body, 201);
    },
  );
}
