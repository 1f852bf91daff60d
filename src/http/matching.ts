/** Matching: openings, proposals, the candidate pool with suggestions, and outcomes against programme targets. */
import { OPENING_STATES } from '../../workflows/states.ts';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { latestWorkflow } from '../../workflows/index.ts';
import { openingInput } from '../../workflows/opening.ts';
import { proposalInput } from '../../workflows/proposal.ts';
import type { EngineDeps } from '../engine/deps.ts';
import {
  addCandidate,
  getClauseOutcomes,
  getOpening,
  getOpeningHistory,
  getOutcomeTargets,
  getProposal,
  getProposalHistory,
  listClauseOpenings,
  listMyOpenings,
  listOpeningProposals,
  listPool,
  proposeCandidate,
  publishOpening,
  sendOpeningEvent,
  sendProposalEvent,
  setOutcomeTargets,
  suggestCandidates,
  candidateInput,
  outcomeTargetsInput,
} from '../engine/matching.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { createUnderClause, InstanceSchema, instanceRoutes, listUnderClause } from './instance-routes.ts';
import { reply } from './reply.ts';
import { anyObject, bodyOf, bodyRef, errorResponses, IdParam, json, OutcomesSchema, registerBody } from './schemas.ts';

const OpeningSchema = InstanceSchema.openapi('Opening', {
  description:
    'A placement opening: role, site, municipality, startDate, weeks, plannedEndDate, hoursPerWeek, competences, languageLevel, supervisor { trained }, breaksGenderPattern; state open → filled | withdrawn, filledBy { proposalId, placementId }',
});
const ProposalSchema = InstanceSchema.openapi('Proposal', {
  description:
    "A matcher's proposal: openingId, candidateRef, targetGroup, competences, attestation { issuer, issuerOrgId, reference, date }, note; state proposed → accepted | declined | withdrawn, placementId once accepted",
});
const CandidateSchema = z
  .looseObject({
    id: z.string(),
    candidateRef: z.string(),
    targetGroup: z.string(),
    competences: z.array(z.string()),
    municipality: z.string(),
    availableFrom: z.string(),
    placed: z.boolean(),
  })
  .openapi('Candidate');
const ScorePart = z.looseObject({ score: z.number(), weight: z.number(), points: z.number() });
const SuggestionsSchema = z
  .object({
    openingId: z.string(),
    openingState: z.string(),
    suggestions: z.array(
      z.object({
        candidate: CandidateSchema,
        score: z.object({ competence: ScorePart, availability: ScorePart, distance: ScorePart, total: z.number() }),
      }),
    ),
  })
  .openapi('Suggestions', {
    description:
      'Available candidates of your pool, best first; each score shows its parts (competence overlap, availability, distance) so a person can judge it',
  });
const TargetsSchema = z
  .looseObject({ orgId: z.string(), studiesPct: z.number(), placementPct: z.number(), employmentPct: z.number() })
  .openapi('ProgrammeTargetsSet');

const StateQuery = z.object({ state: z.enum(OPENING_STATES).optional() });
const AvailableQuery = z.object({ available: z.enum(['true', 'false']).optional().openapi({ description: 'true: only candidates not yet placed' }) });
const writeHeaders = ifMatch.pick({ 'idempotency-key': true });

export function matchingRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  registerBody(app, 'NewOpening', openingInput, 'A placement opening as the contractor publishes it');
  registerBody(
    app,
    'NewProposal',
    proposalInput,
    "A matcher's proposal of a candidate: a pseudonymous reference and competences, never a name or personal identity number",
  );
  registerBody(app, 'NewCandidate', candidateInput, "A candidate for the matching body's pool: pseudonymous only");
  registerBody(app, 'ProgrammeTargets', outcomeTargetsInput, 'Programme targets: shares of ended placements, in percent');
  instanceRoutes(app, {
    path: 'openings',
    noun: 'opening',
    tag: 'matching',
    schema: OpeningSchema,
    event: 'OpeningEvent',
    workflow: latestWorkflow('opening'),
    get: (actor, id) => getOpening(deps, actor, id),
    send: (ctx, id, request) => sendOpeningEvent(deps, ctx, id, request),
    history: (actor, id) => getOpeningHistory(deps, actor, id),
  });
  instanceRoutes(app, {
    path: 'proposals',
    noun: 'proposal',
    tag: 'matching',
    schema: ProposalSchema,
    event: 'ProposalEvent',
    workflow: latestWorkflow('proposal'),
    get: (actor, id) => getProposal(deps, actor, id),
    send: (ctx, id, request) => sendProposalEvent(deps, ctx, id, request),
    history: (actor, id) => getProposalHistory(deps, actor, id),
  });

  createUnderClause(app, {
    path: 'openings',
    operationId: 'publishOpening',
    tag: 'matching',
    summary: 'Publish a placement opening (contractor; clause in delivery or remediation)',
    body: 'NewOpening',
    schema: OpeningSchema,
    created: 'The opening, open',
    create: (ctx, clauseId, body) => publishOpening(deps, ctx, clauseId, body),
  });
  listUnderClause(app, {
    path: 'openings',
    operationId: 'listClauseOpenings',
    tag: 'matching',
    summary: "The clause's openings (buyer, contractor and the clause's matching body)",
    schema: OpeningSchema,
    listed: 'Openings by start date',
    list: (actor, clauseId) => listClauseOpenings(deps, actor, clauseId),
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/openings',
      operationId: 'listOpenings',
      tags: ['matching'],
      summary: 'Openings of every clause your organisation takes part in (a matcher: the clauses it serves)',
      request: { query: StateQuery },
      responses: { 200: json(z.array(OpeningSchema), 'Openings by start date'), 401: errorResponses[401] },
    }),
    async (c) => {
      const { state } = c.req.valid('query');
      return c.json(await listMyOpenings(deps, c.get('actor'), { states: state ? [state] : undefined }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/openings/{id}/proposals',
      operationId: 'proposeCandidate',
      tags: ['matching'],
      summary: "Propose a candidate for an open opening (the clause's matcher); the matcher attests the target group",
      request: { params: IdParam, headers: writeHeaders, body: bodyRef('NewProposal') },
      responses: { 201: json(ProposalSchema, 'The proposal, awaiting the contractor'), ...errorResponses },
    }),
    async (c) => {
      const body = bodyOf(c, anyObject);
      return reply(c, await proposeCandidate(deps, requestContext(c), c.req.valid('param').id, body), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/openings/{id}/proposals',
      operationId: 'listOpeningProposals',
      tags: ['matching'],
      summary: "The opening's proposals (a matcher sees its own)",
      request: { params: IdParam },
      responses: { 200: json(z.array(ProposalSchema), 'Proposals, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listOpeningProposals(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/openings/{id}/suggestions',
      operationId: 'suggestCandidates',
      tags: ['matching'],
      summary: "Your pool's available candidates ranked for the opening, with each score's parts (the clause's matcher)",
      request: { params: IdParam },
      responses: { 200: json(SuggestionsSchema, 'Best first'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
    }),
    async (c) => c.json(await suggestCandidates(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/candidates',
      operationId: 'addCandidate',
      tags: ['matching'],
      summary: "Add a candidate to your matching body's pool (matcher)",
      request: { headers: writeHeaders, body: bodyRef('NewCandidate') },
      responses: { 201: json(CandidateSchema, 'The candidate'), ...errorResponses },
    }),
    async (c) => {
      const body = bodyOf(c, anyObject);
      return reply(c, await addCandidate(deps, requestContext(c), body), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/candidates',
      operationId: 'listCandidates',
      tags: ['matching'],
      summary: "Your matching body's candidate pool (matcher)",
      request: { query: AvailableQuery },
      responses: { 200: json(z.array(CandidateSchema), 'By availability'), 401: errorResponses[401], 403: errorResponses[403] },
    }),
    async (c) => c.json(await listPool(deps, c.get('actor'), { available: c.req.valid('query').available === 'true' }), 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/outcome-targets',
      operationId: 'setOutcomeTargets',
      tags: ['matching'],
      summary: "Set your organisation's programme targets for what follows a placement (buyer's officer or matching body's matcher)",
      request: { body: bodyRef('ProgrammeTargets') },
      responses: { 200: json(TargetsSchema, 'The targets as set'), ...errorResponses },
    }),
    async (c) => c.json(await setOutcomeTargets(deps, c.get('actor'), bodyOf(c, anyObject)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/outcome-targets',
      operationId: 'getOutcomeTargets',
      tags: ['matching'],
      summary: "Your organisation's programme targets",
      responses: { 200: json(TargetsSchema, 'The targets'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getOutcomeTargets(deps, c.get('actor')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/clauses/{id}/outcomes',
      operationId: 'getClauseOutcomes',
      tags: ['matching'],
      summary: "What followed the clause's placements, against the programme targets, and how many broke a gender-stereotyped pattern",
      request: { params: IdParam },
      responses: { 200: json(OutcomesSchema, 'The outcome distribution'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getClauseOutcomes(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
}
