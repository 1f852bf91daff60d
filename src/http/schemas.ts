/** Schemas of the HTTP contract, for validation and for the OpenAPI document. */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import { rolesInWords } from '../../workflows/types.ts';
import type { Context } from 'hono';
import { clientEvents } from '../engine/apply.ts';
import type { AppEnv } from './env.ts';
import { requestInvalid } from './errors.ts';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid_transition' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    allowedEvents: z.array(z.string()).optional(),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

export const errorResponses = {
  401: errorResponse('No or unknown API key (`unauthorized`)'),
  403: errorResponse('Your role may not do this (`forbidden`)'),
  404: errorResponse('Not found or not visible to your organisation (`not_found`)'),
  422: errorResponse('Invalid input (`validation` with `issues`, or `personal_identity_number`)'),
} as const;

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const TargetSchema = z.object({ unit: z.string(), value: z.number().nullable(), basis: z.string() });

export const FulfilmentSchema = z
  .object({
    unit: z.string(),
    target: z.number().nullable(),
    measured: z.number().openapi({ description: 'Verified delivery in the unit: only verified placements and accepted reports count' }),
    pct: z.number().nullable().openapi({ description: 'Percent of the target (one decimal); null while the target is unknown' }),
    reached: z.boolean(),
    byTargetGroup: z.record(z.string(), z.number()),
    milestones: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        due: z.string().nullable(),
        status: z.enum(['met', 'notMet', 'pending']),
        metOn: z.string().nullable(),
      }),
    ),
    conditions: z.record(z.string(), z.object({ measured: z.number(), target: z.number() })).optional(),
    labourHours: z.object({ total: z.number(), accepted: z.number() }).optional(),
  })
  .openapi('Fulfilment');

export const DeadlineSchema = z
  .object({
    key: z.string().openapi({ example: 'report:2026-06-30' }),
    kind: z.enum(['planDue', 'firstJob', 'reportDue', 'remedyDue', 'contractEnd', 'correctionDue']),
    dueAt: z.string(),
    status: z.enum(['upcoming', 'due', 'fired', 'cancelled', 'failed']),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable().openapi({ description: 'The event that fired it, or the event whose transition cancelled it' }),
    milestone: z
      .object({
        kind: z.string(),
        dueDate: z.string(),
        status: z.enum(['met', 'notMet']),
        period: z.object({ start: z.string(), end: z.string() }).optional(),
        firstStartDate: z.string().nullable().optional(),
        notice: z.number().int().optional().openapi({ description: "A written notice's number (kind correction)" }),
        answeredOn: z.string().nullable().optional().openapi({ description: 'When the notice was answered; null: not by then (kind correction)' }),
      })
      .nullable(),
    overdue: z.boolean(),
    metLate: z.boolean().openapi({ description: 'Not met when it fell due, made good since: the plan, the report or the first job came in late' }),
    period: z.object({ start: z.string(), end: z.string() }).nullable(),
  })
  .openapi('Deadline');

export const ClauseSchema = z
  .object({
    id: z.string(),
    tenderId: z.string(),
    buyerOrgId: z.string(),
    contractorOrgId: z.string().nullable(),
    templateId: z.string(),
    templateVersion: z.number(),
    workflowId: z.string(),
    workflowVersion: z.number(),
    language: z.enum(['sv', 'en']),
    params: z.record(z.string(), z.unknown()),
    text: z.string().openapi({ description: 'The clause text rendered from the template (eForms BT-70)' }),
    state: z.string().openapi({ example: 'commitment.awaitingPlan', description: 'Dotted state path' }),
    final: z.boolean(),
    version: z.number().int().openapi({ description: 'Send as If-Match: "<version>" for optimistic concurrency' }),
    allowedEvents: z.array(z.string()).openapi({ description: 'Event types you may send now' }),
    target: TargetSchema,
    fulfilment: FulfilmentSchema,
    contract: z
      .object({
        contractorOrgId: z.string(),
        contractValueSek: z.number(),
        startDate: z.string(),
        endDate: z.string(),
        reservedShareDeclaredPct: z
          .number()
          .optional()
          .openapi({ description: 'A reserved contract (LOU 4 kap. 18 §): the supplier’s declared share of staff in the target groups' }),
      })
      .nullable(),
    vite: z
      .object({
        sekPerMissingUnit: z.number(),
        capPct: z.number(),
        capSek: z.number().nullable(),
        computedSek: z.number().nullable(),
      })
      .nullable(),
    plan: z.record(z.string(), z.unknown()).nullable(),
    planChangeRequests: z.array(z.string()).optional().openapi({
      description:
        "Every request for plan changes (REQUEST_PLAN_CHANGES), oldest first, read from the clause's history: in a clause read (GET) and a new clause's answer, not in an event's answer",
    }),
    planChangesRequested: z.number().int().openapi({ description: 'How many times the plan was sent back for changes' }),
    shortfall: z.object({ reason: z.string(), fulfilment: FulfilmentSchema.nullable() }).nullable(),
    remedyPlans: z.array(z.record(z.string(), z.unknown())).optional().openapi({
      description:
        "Every remedy plan (SUBMIT_REMEDY_PLAN), oldest first, read from the clause's history: in a clause read (GET) and a new clause's answer, not in an event's answer",
    }),
    remedyPlansSubmitted: z.number().int().openapi({ description: 'How many remedy plans were submitted' }),
    sanction: z.object({ amountSek: z.number(), reason: z.string() }).nullable(),
    closingReason: z.string().nullable(),
    corrections: z
      .array(
        z.object({
          number: z.number().int(),
          reason: z.string(),
          dueDate: z.string(),
          answer: z.object({ description: z.string(), answeredOn: z.string() }).nullable(),
        }),
      )
      .openapi({ description: 'Written notices (rättelse, REQUEST_CORRECTION) and their answers (REPORT_CORRECTION), oldest first (workflow version 3 on)' }),
    termination: z
      .object({ reason: z.string(), effectiveDate: z.string() })
      .nullable()
      .openapi({ description: 'Why and from when the contract was terminated (TERMINATE, workflow version 3 on)' }),
    schedule: z
      .object({
        planDueDays: z.number().int(),
        firstJobWithinMonths: z.number().int(),
        reportingPeriod: z.enum(['monthly', 'quarterly', 'none']),
        reportGraceDays: z.number().int(),
        remedyDays: z.number().int(),
      })
      .nullable()
      .openapi({ description: "The clause's deadline settings, set at AWARD (workflow version 2 on)" }),
    deadlines: z.array(DeadlineSchema).openapi({
      description:
        "Upcoming and passed deadlines, in due order; an event's answer leaves out those cancelled before it (each plan round's, say): GET the clause for all of them",
    }),
    overdue: z
      .boolean()
      .openapi({ description: 'True while a passed deadline is not made good (plan, period report or first placement still missing, a notice unanswered)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    requiresTrainedSupervisor: z
      .boolean()
      .optional()
      .openapi({ description: "The clause's terms require a trained supervisor before a placement starts (START refused otherwise); in GET answers" }),
    supervisors: z
      .object({ named: z.number().int(), trained: z.number().int() })
      .optional()
      .openapi({ description: 'Supervisors named by the clause’s openings and placements, and how many have training recorded; in GET answers' }),
    subcontracting: z.looseObject({}).optional().openapi({
      description: 'Its subcontractors and what each delivered, as GET /clauses/{id}/subcontractors gives them (Subcontracting); in the GET of one clause',
    }),
  })
  .openapi('Clause');

export const HistoryEntrySchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    actorRole: z.string(),
    actorOrgId: z.string().nullable(),
    actorUserId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    at: z.string(),
    requestId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('HistoryEntry');

export const TenderSchema = z
  .object({
    id: z.string(),
    buyerOrgId: z.string(),
    reference: z.string(),
    title: z.string(),
    estimatedValueSek: z.number().nullable(),
    createdAt: z.string(),
    clauseIds: z.array(z.string()),
    reserved: z
      .boolean()
      .openapi({ description: 'Reserved under LOU 4 kap. 18 §: each award records the supplier’s declared share of staff in the target groups' }),
  })
  .openapi('Tender');

export const TemplateSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()),
    kind: z.string(),
    title: z.string(),
    titles: z.object({ sv: z.string(), en: z.string() }),
    languages: z.array(z.string()),
    measure: z.object({ unit: z.string(), counting: z.string(), targetRule: z.string(), fulfilledBy: z.enum(['measurement', 'confirmation']) }),
    paramsSchema: z.record(z.string(), z.unknown()),
  })
  .openapi('Template');

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/**
 * A JSON request body described by the component `name`: a zod schema the
 * engine validates with, registered by `registerBody`. The route does not
 * validate it again, so the engine's order of refusals stays (not found, then
 * forbidden, then the state, then the body) and an event's payload is judged
 * by the workflow version of its instance.
 */
export const bodyRef = (name: string, description?: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  required: true,
  ...(description ? { description } : {}),
});

/**
 * The schema as the component `name`. A copy: schemas of the engine and the
 * workflows may be built before @hono/zod-openapi adds `.openapi()` to zod's
 * schemas (that depends on which module a program imports first), and a copy
 * made now has it.
 */
export function named<T extends z.ZodType>(schema: T, name: string, metadata: { description?: string } = {}): T {
  return (schema.clone() as T).openapi(name, metadata) as T;
}

/** Publishes a request body's zod schema as the component `name` (see `bodyRef`). */
export function registerBody(app: OpenAPIHono<AppEnv>, name: string, schema: z.ZodType, description?: string): void {
  app.openAPIRegistry.register(name, named(schema, name, description ? { description } : {}));
}

/** The JSON body as sent once `shape` accepts it (refused as a route schema refuses: 422 `validation`); the engine validates the rest. */
export function bodyOf<T>(c: Context<AppEnv>, shape: z.ZodType<T>): T {
  const parsed = shape.safeParse(c.get('jsonBody'));
  if (!parsed.success) throw requestInvalid(parsed.error.issues);
  return parsed.data;
}

/** A create body: any JSON object here; its component (the engine's input schema) says what the engine takes. */
export const anyObject = z.looseObject({});

/** The event types clients may send to the workflow. */
const clientEventTypes = (workflow: WorkflowDefinition) => clientEvents(workflow).map(([type]) => type) as [string, ...string[]];

/** What the route checks of an event body before the engine does: a `type` the workflow has for clients. */
export const eventTypeOf = (workflow: WorkflowDefinition) => z.looseObject({ type: z.enum(clientEventTypes(workflow)) });

/**
 * The body of POST …/events as a discriminated union on `type`: one component
 * `<name>_<TYPE>` per client event, its payload schema with the type added, so
 * a generated client types each event's payload.
 */
export function eventBodySchema(name: string, workflow: WorkflowDefinition, description: string) {
  const members = clientEvents(workflow).map(([type, definition]) => {
    const payload = definition.payload as unknown;
    if (!(payload instanceof zod.ZodObject)) throw new Error(`${workflow.id} ${type}: an event payload must be a zod object`);
    return payload.safeExtend({ type: z.literal(type).openapi({ description: `The event type, ${type}` }) }).openapi(`${name}_${type}`, {
      description: `${definition.summary} (role: ${rolesInWords(definition)})${definition.replacedBy ? `; the old name of ${definition.replacedBy}, still accepted` : ''}`,
    });
  }) as unknown as [zod.ZodObject, ...zod.ZodObject[]];
  return z.discriminatedUnion('type', members).openapi(name, { description });
}

/** Publishes the event body of the workflow as the component `name`, and each client event as `<name>_<TYPE>`. */
export function registerEventSchemas(app: OpenAPIHono<AppEnv>, name: string, workflow: WorkflowDefinition, description: string): void {
  registerBody(app, name, eventBodySchema(name, workflow, description));
}

export const OutcomesSchema = z
  .looseObject({
    placements: z.number().int(),
    ended: z.number().int(),
    byOutcome: z.record(z.string(), z.number().int()),
    pct: z.object({ studies: z.number(), furtherPlacement: z.number(), employment: z.number() }),
    breaksGenderPattern: z.number().int(),
  })
  .openapi('Outcomes', { description: 'What followed the placements that ended (rejected ones left out), against the programme targets' });
