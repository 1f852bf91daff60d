/** Programmes (issue 21): the programme, its members and clauses, own-workplace placements, the report and the estimate. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { newProgrammeInput, programmeClauseInput, programmeMemberInput } from '../domain/programmes.ts';
import { estimateParametersInput } from '../domain/socio-economic-estimate.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { listOwnPlacements, ownPlacementInput, registerOwnPlacement } from '../engine/programme-placements.ts';
import {
  addProgrammeClause,
  addProgrammeMember,
  createProgramme,
  getProgramme,
  getProgrammeEstimate,
  getProgrammeHistory,
  getProgrammeReport,
  listProgrammes,
  setEstimateParameters,
} from '../engine/programmes.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { PROGRAMME_REPORT_FORMATS, PROGRAMME_REPORT_MEDIA_TYPES, programmeReportFile } from './programme-report-file.ts';
import { InstanceSchema } from './instance-routes.ts';
import { reply } from './reply.ts';
import { anyObject, bodyOf, bodyRef, ErrorSchema, errorResponses, IdParam, json, registerBody } from './schemas.ts';

const TAG = 'programmes';
const Figure = z.union([z.number().int(), z.literal('<3')]).openapi('Figure', { description: "A count, or '<3' where it is suppressed" });
const PlacementFiguresSchema = z.object({ started: Figure, completed: Figure, endedEarly: Figure, ongoing: Figure });
const Targets = z
  .object({
    placementsPerYear: z.number().int().optional(),
    studiesPct: z.number().optional(),
    placementPct: z.number().optional(),
    employmentPct: z.number().optional(),
    selfEmploymentPct: z.number().optional(),
    employabilityPct: z.number().optional(),
    genderPatternBreaking: z.number().int().optional(),
  })
  .openapi('ProgrammeTargetSet');

const ProgrammeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerOrgId: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    targets: Targets,
    members: z.array(z.object({ orgId: z.string(), name: z.string(), kind: z.string(), addedAt: z.string() })),
    clauses: z
      .array(z.object({ clauseId: z.string(), buyerOrgId: z.string(), addedAt: z.string() }))
      .openapi({ description: 'The included clauses you may see (as their buyer or contractor)' }),
    clauseCount: z.number().int().openapi({ description: 'All the clauses the programme includes' }),
    estimateParameters: z.record(z.string(), z.unknown()).nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Programme');

const ProgrammeHistorySchema = z
  .object({
    seq: z.number().int(),
    type: z.string().openapi({ description: 'CREATE, ADD_MEMBER, ADD_CLAUSE or SET_ESTIMATE_PARAMETERS' }),
    actorRole: z.string(),
    actorOrgId: z.string().nullable(),
    actorUserId: z.string().nullable(),
    at: z.string(),
    requestId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('ProgrammeHistoryEntry');

const Checkpoint = z.enum(['end', 'month1', 'month6', 'month12']);
const ReportSchema = z
  .object({
    programmeId: z.string(),
    name: z.string(),
    period: z.object({ year: z.number().int().nullable(), from: z.string(), to: z.string() }),
    suppressed: z
      .boolean()
      .openapi({ description: "Counts under 3 and what totals would reveal of them are '<3' (everyone but a member matching body's matcher)" }),
    targets: Targets,
    placements: PlacementFiguresSchema,
    perYear: z.array(z.object({ year: z.number().int(), started: Figure, target: z.number().nullable() })),
    outcomes: z.array(
      z.object({
        checkpoint: Checkpoint,
        recorded: Figure,
        byStatus: z.record(z.string(), Figure),
        employability: z.object({ better: Figure, same: Figure, worse: Figure }),
      }),
    ),
    againstTargets: z.array(
      z.object({
        goal: z.enum(['studies', 'furtherPlacement', 'employment', 'selfEmployment', 'employability']),
        checkpoint: Checkpoint,
        targetPct: z.number(),
        achievedPct: z.number().nullable(),
      }),
    ),
    genderPatternBreaking: z.object({ placements: Figure, target: z.number().nullable() }),
    byHost: z.array(PlacementFiguresSchema.extend({ orgId: z.string(), name: z.string() })),
    byContract: z.array(
      PlacementFiguresSchema.extend({ clauseId: z.string(), tenderReference: z.string(), title: z.string(), supplierName: z.string().nullable() }),
    ),
    bySupplier: z.array(PlacementFiguresSchema.extend({ orgId: z.string(), name: z.string() })),
  })
  .openapi('ProgrammeReport');

const Amount = z.object({ lowSek: z.number().nullable(), highSek: z.number().nullable() });
const EstimateSchema = z
  .object({
    programmeId: z.string(),
    estimate: z.literal(true),
    label: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    verifiedPlacements: Figure,
    participantsCounted: Figure,
    perPayer: z.object({ municipality: Amount, state: Amount, region: Amount, person: Amount }),
    total: Amount,
    assumptions: z.array(z.string()),
    sources: z.array(z.string()),
    parameters: z.record(z.string(), z.unknown()),
    suppressed: z.boolean(),
  })
  .openapi('ProgrammeEstimate');

const OwnPlacementSchema = InstanceSchema.extend({
  clauseId: z.string().nullable().openapi({ description: 'null: a placement in a member’s own workplace, outside any contract' }),
}).openapi('OwnWorkplacePlacement', {
  description:
    'A placement as registered (the fields of a clause placement) with programmeId, hostOrgId, matchingOrgId and breaksGenderPattern, its state and the events you may send',
});

const idempotencyHeader = ifMatch.pick({ 'idempotency-key': true });

export function programmeRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  registerBody(app, 'NewProgramme', newProgrammeInput, 'A programme: its name, period and targets; the caller’s organisation owns it');
  registerBody(app, 'NewProgrammeMember', programmeMemberInput, 'A buyer, matching body or supplier to add as a member');
  registerBody(app, 'NewProgrammeClause', programmeClauseInput, "A member buyer's clause to include");
  registerBody(
    app,
    'NewOwnWorkplacePlacement',
    ownPlacementInput,
    'A placement in a member’s own workplace: the fields of a clause placement, the host and who follows up',
  );
  registerBody(app, 'EstimateParameters', estimateParametersInput, 'The parameters of the socio-economic estimate; no defaults are given');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/programmes',
      operationId: 'createProgramme',
      tags: [TAG],
      summary: "Create a programme (a buyer's officer or a matching body's matcher)",
      request: { headers: idempotencyHeader, body: bodyRef('NewProgramme') },
      responses: { 201: json(ProgrammeSchema, 'The programme'), ...errorResponses },
    }),
    async (c) => reply(c, await createProgramme(deps, requestContext(c), bodyOf(c, anyObject)), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes',
      operationId: 'listProgrammes',
      tags: [TAG],
      summary: 'Programmes your organisation is a member of',
      responses: { 200: json(z.array(ProgrammeSchema), 'Programmes, by name'), 401: errorResponses[401] },
    }),
    async (c) => c.json(await listProgrammes(deps, c.get('actor')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes/{id}',
      operationId: 'getProgramme',
      tags: [TAG],
      summary: 'One programme: targets, members and clauses (members only)',
      request: { params: IdParam },
      responses: { 200: json(ProgrammeSchema, 'The programme'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getProgramme(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes/{id}/history',
      operationId: 'getProgrammeHistory',
      tags: [TAG],
      summary: 'Who changed the programme, and how (append-only)',
      request: { params: IdParam },
      responses: { 200: json(z.array(ProgrammeHistorySchema), 'History, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getProgrammeHistory(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  const change = (path: string, operationId: string, summary: string, body: string, run: typeof addProgrammeMember, method: 'post' | 'put' = 'post') =>
    app.openapi(
      createRoute({
        method,
        path: `/programmes/{id}/${path}`,
        operationId,
        tags: [TAG],
        summary,
        request: { params: IdParam, headers: idempotencyHeader, body: bodyRef(body) },
        responses: { 200: json(ProgrammeSchema, 'The programme as changed'), ...errorResponses, 409: json(ErrorSchema, '`conflict`: already there') },
      }),
      async (c) => reply(c, await run(deps, requestContext(c), c.req.valid('param').id, bodyOf(c, anyObject)), 200),
    );
  change('members', 'addProgrammeMember', "Add a member organisation (the owner's officer or matcher)", 'NewProgrammeMember', addProgrammeMember);
  change(
    'clauses',
    'addProgrammeClause',
    "Include a member buyer's clause (the owner's officer or matcher, or the buyer's own officer)",
    'NewProgrammeClause',
    addProgrammeClause,
  );
  change(
    'estimate-parameters',
    'setProgrammeEstimateParameters',
    "Set the socio-economic estimate's parameters (the owner's officer or matcher)",
    'EstimateParameters',
    setEstimateParameters,
    'put',
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/programmes/{id}/placements',
      operationId: 'registerOwnWorkplacePlacement',
      tags: [TAG],
      summary: "Register a placement in a member's own workplace (the host's or the owner's officer or matcher)",
      description:
        'Its events go to POST /placements/{id}/events like any placement: START, COMPLETE, END_EARLY, DISCONTINUE by the host’s officer or matcher; VERIFY and REJECT by the host’s auditor (a member buyer’s auditor when the host is a matching body).',
      request: { params: IdParam, headers: idempotencyHeader, body: bodyRef('NewOwnWorkplacePlacement') },
      responses: { 201: json(OwnPlacementSchema, 'The placement, registered'), ...errorResponses },
    }),
    async (c) => reply(c, await registerOwnPlacement(deps, requestContext(c), c.req.valid('param').id, bodyOf(c, anyObject)), 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes/{id}/placements',
      operationId: 'listOwnWorkplacePlacements',
      tags: [TAG],
      summary: "The programme's own-workplace placements you may see (the host's, the following matching body's; all for the owner)",
      request: { params: IdParam },
      responses: { 200: json(z.array(OwnPlacementSchema), 'Placements, by start date'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listOwnPlacements(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes/{id}/report',
      operationId: 'getProgrammeReport',
      tags: [TAG],
      summary: 'The programme report for a calendar year or the whole period; small numbers suppressed outside the matching body',
      request: {
        params: IdParam,
        query: z.object({
          year: z.string().optional().openapi({ description: 'A calendar year the programme spans, e.g. 2026; leave out for the whole period' }),
        }),
      },
      responses: { 200: json(ReportSchema, 'The report'), 401: errorResponses[401], 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => c.json(await getProgrammeReport(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('query').year), 200),
  );
  for (const format of PROGRAMME_REPORT_FORMATS) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/programmes/{id}/report.${format}`,
        operationId: format === 'pdf' ? 'getProgrammeReportPdf' : 'getProgrammeReportXlsx',
        tags: [TAG],
        summary:
          format === 'pdf'
            ? 'The programme report as a PDF a board can read: title page, charts, tables; suppressed as the JSON is'
            : 'The programme report as an Excel workbook, one sheet per section; suppressed as the JSON is',
        request: {
          params: IdParam,
          query: z.object({
            year: z.string().optional().openapi({ description: 'A calendar year the programme spans, e.g. 2026; leave out for the whole period' }),
            language: z.enum(['sv', 'en']).default('sv').openapi({ description: 'The language of the document' }),
          }),
        },
        responses: {
          200: {
            description: `The report (${format})`,
            content: { [PROGRAMME_REPORT_MEDIA_TYPES[format]]: { schema: z.string().openapi({ format: 'binary' }) } },
          },
          401: errorResponses[401],
          404: errorResponses[404],
          422: errorResponses[422],
        },
      }),
      async (c) => {
        const { year, language } = c.req.valid('query');
        const report = await getProgrammeReport(deps, c.get('actor'), c.req.valid('param').id, year);
        return (await programmeReportFile(report, format, language, { generatedAt: deps.clock.now() })) as never;
      },
    );
  }
  app.openapi(
    createRoute({
      method: 'get',
      path: '/programmes/{id}/estimate',
      operationId: 'getProgrammeEstimate',
      tags: [TAG],
      summary: 'The socio-economic estimate: verified outcomes × the owner’s parameters, as a range; always an estimate',
      request: { params: IdParam },
      responses: {
        200: json(EstimateSchema, 'The estimate'),
        401: errorResponses[401],
        404: errorResponses[404],
        409: json(ErrorSchema, '`conflict`: no parameters set yet'),
      },
    }),
    async (c) => c.json(await getProgrammeEstimate(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
}
