/**
 * The OpenAPI document as clients use it: every operation named by a unique
 * operationId, every JSON request body described by the schema that validates
 * it (never a bare object), event bodies one schema per event type, and the
 * same document from `klausul openapi` (built without a database) as served.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { latestWorkflow } from '../../workflows/index.ts';
import { createApp, openApiDocument } from '../../src/app.ts';
import { clientEvents } from '../../src/engine/apply.ts';
import { ManualClock } from '../../src/engine/clock.ts';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: unknown;
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  enum?: unknown[];
};
type Operation = {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
};
type Document = {
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const document = openApiDocument() as unknown as Document;
const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
);
const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!) : schema);

describe('the OpenAPI document', () => {
  it('is the one /openapi.json serves', async () => {
    const app = createApp({ deps: { db: undefined as never, clock: new ManualClock(new Date()) }, logger: pino({ level: 'silent' }), storeKind: 'none' });
    expect(await (await app.request('/openapi.json')).json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('gives every operation a unique operationId, a camelCase verb phrase', () => {
    expect(operations.length).toBeGreaterThanOrEqual(57);
    const ids = operations.map(({ key, operation }) => {
      expect(operation.operationId, key).toMatch(/^[a-z]+[A-Za-z]*$/);
      return operation.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    const byKey = Object.fromEntries(operations.map(({ key, operation }) => [key, operation.operationId]));
    expect(byKey).toMatchObject({
      'POST /tenders': 'createTender',
      'GET /tenders': 'listTenders',
      'GET /tenders/{id}': 'getTender',
      'POST /tenders/{id}/clauses': 'draftClause',
      'GET /clauses': 'listClauses',
      'GET /clauses/{id}': 'getClause',
      'POST /clauses/{id}/events': 'sendClauseEvent',
      'GET /clauses/{id}/history': 'getClauseHistory',
      'GET /clauses/{id}/eforms': 'getClauseEforms',
      'GET /placements/{id}': 'getPlacement',
      'POST /placements/{id}/events': 'sendPlacementEvent',
      'GET /proposals/{id}/history': 'getProposalHistory',
    });
  });

  it('declares every tag it uses, with a description', () => {
    const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
    for (const { key, operation } of operations) {
      for (const tag of operation.tags ?? []) expect(declared.get(tag), `${key}: tag ${tag}`).toBeTruthy();
    }
  });

  it('describes every JSON request body by its fields or its variants, never as a bare object', () => {
    const bodies = operations.filter(({ operation }) => operation.requestBody?.content['application/json']);
    expect(bodies.length).toBeGreaterThan(10);
    for (const { key, operation } of bodies) {
      const schema = resolve(operation.requestBody!.content['application/json']!.schema);
      const variants = schema.oneOf?.map(resolve) ?? [schema];
      for (const variant of variants) {
        expect(Object.keys(variant.properties ?? {}).length, key).toBeGreaterThan(0);
        expect(variant.additionalProperties, `${key}: unknown fields are refused`).toBe(false);
      }
    }
  });

  it('takes create bodies from the zod inputs of the engine and the workflows', () => {
    const bodyOf = (key: string) => {
      const operation = operations.find((o) => o.key === key)!.operation;
      return operation.requestBody!.content['application/json']!.schema.$ref;
    };
    expect(bodyOf('POST /clauses/{id}/placements')).toBe('#/components/schemas/NewPlacement');
    expect(bodyOf('POST /clauses/{id}/reports')).toBe('#/components/schemas/NewPeriodReport');
    expect(bodyOf('POST /clauses/{id}/openings')).toBe('#/components/schemas/NewOpening');
    expect(bodyOf('POST /openings/{id}/proposals')).toBe('#/components/schemas/NewProposal');
    expect(bodyOf('POST /candidates')).toBe('#/components/schemas/NewCandidate');
    expect(bodyOf('PUT /outcome-targets')).toBe('#/components/schemas/ProgrammeTargets');
    const { schemas } = document.components;
    expect(schemas.NewPlacement!.required).toEqual([
      'participantRef',
      'targetGroup',
      'attestation',
      'role',
      'startDate',
      'plannedEndDate',
      'fte',
      'hoursPerWeek',
    ]);
    expect(schemas.NewPeriodReport!.required).toEqual(['periodStart', 'periodEnd', 'totalLabourHours']);
    expect(schemas.NewOpening!.properties?.supervisor?.required).toEqual(['trained']);
    expect(schemas.NewProposal!.properties?.attestation?.required).toEqual(['reference', 'date']);
    expect(schemas.NewCandidate!.properties?.municipality).toMatchObject({ type: 'string', pattern: '^[0-9]{4}$' });
    expect(Object.keys(schemas.ProgrammeTargets!.properties ?? {})).toEqual(['studiesPct', 'placementPct', 'employmentPct']);
  });

  it('describes each event body as one schema per client event, told apart by type', () => {
    const routes: Array<[string, string, string]> = [
      ['POST /clauses/{id}/events', 'ClauseEvent', 'social-clause'],
      ['POST /placements/{id}/events', 'PlacementEvent', 'placement'],
      ['POST /reports/{id}/events', 'ReportEvent', 'period-report'],
      ['POST /openings/{id}/events', 'OpeningEvent', 'opening'],
      ['POST /proposals/{id}/events', 'ProposalEvent', 'proposal'],
    ];
    for (const [key, name, workflowId] of routes) {
      const operation = operations.find((o) => o.key === key)!.operation;
      expect(operation.requestBody!.content['application/json']!.schema.$ref, key).toBe(`#/components/schemas/${name}`);
      const union = document.components.schemas[name]!;
      const types = clientEvents(latestWorkflow(workflowId)).map(([type]) => type);
      expect(union.discriminator?.propertyName, name).toBe('type');
      expect(Object.keys(union.discriminator?.mapping ?? {}), name).toEqual(types);
      expect(union.oneOf?.map((member) => member.$ref)).toEqual(types.map((type) => `#/components/schemas/${name}_${type}`));
      for (const type of types) {
        const member = document.components.schemas[`${name}_${type}`]!;
        expect(member.properties?.type?.enum, `${name}_${type}`).toEqual([type]);
        expect(member.required, `${name}_${type}`).toContain('type');
      }
    }
    const award = document.components.schemas.ClauseEvent_AWARD!;
    expect(award.required).toEqual(expect.arrayContaining(['type', 'contractorOrgId', 'contractValueSek', 'startDate', 'endDate']));
  });
});
