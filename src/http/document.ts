/**
 * The OpenAPI document's frame: what the API is, where it is served, how a
 * caller authenticates and what each tag groups. The paths and schemas come
 * from the routes (their zod schemas); `redocly lint` with its recommended
 * rules checks the whole in CI (redocly.yaml).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.ts';

/** Every tag a route uses, in the order the docs show them. */
export const TAGS = [
  { name: 'templates', description: 'Clause templates: their parameters, versions and a preview of the text and target they give' },
  { name: 'tenders', description: "Tenders of the buyer's organisation, each holding clauses" },
  { name: 'clauses', description: 'Social clauses: drafted from a template, then moved through their statechart by events, from tender to close-out' },
  { name: 'placements', description: "Participants' placements under a clause in delivery, registered one by one or from a CSV file, then verified" },
  { name: 'reports', description: "The contractor's period reports of labour hours, accepted or queried by the buyer" },
  { name: 'offers', description: 'Offers of employment under a clause, and their answers: the first job is started or offered within its deadline' },
  { name: 'matching', description: 'Openings, proposals, the candidate pool with suggestions, and outcomes against programme targets' },
  { name: 'evidence', description: 'Evidence files on placements and reports: uploaded, listed and downloaded' },
  { name: 'ocds', description: 'Clauses and tenders as Open Contracting Data Standard 1.1 release packages' },
  { name: 'exports', description: 'The portfolio and its placements as CSV and Excel files' },
  { name: 'portfolio', description: 'Every clause the organisation buys or delivers: progress, projections and exposure' },
  { name: 'supervisors', description: "An employer's supervisors (handledare) and their training, named by openings and placements" },
  { name: 'subcontractors', description: "A clause's subcontractors, their delivery and the spend with work-integration social enterprises" },
  {
    name: 'organisations',
    description: 'The buyers, suppliers and matching bodies Klausul knows: whom a clause is awarded to, a subcontractor named by, a programme joined by',
  },
  { name: 'webhooks', description: 'Subscriptions that receive the events concerning the organisation, and their delivery log' },
  {
    name: 'programmes',
    description:
      "Programmes across clauses and members' own workplaces: targets, members, own-workplace placements, the report (small numbers suppressed) and the socio-economic estimate",
  },
] as const;

export type Tag = (typeof TAGS)[number]['name'];

/** Components the routes do not bring themselves: the API key scheme. */
export function describeApi(api: OpenAPIHono<AppEnv>): void {
  api.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `klausul user add`, sent as "Authorization: Bearer <key>"',
  });
}

/** The OpenAPI 3.1 document of the API's routes. */
export function apiDocument(api: OpenAPIHono<AppEnv>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Klausul API',
      version: '1',
      description:
        'Social clauses in public procurement, from tender to close-out. Every operation has a stable `operationId`; request bodies are described by the same zod schemas that validate them.',
    },
    servers: [{ url: '/api/v1', description: 'This service' }],
    security: [{ ApiKey: [] }],
    tags: TAGS.map((tag) => ({ ...tag })),
  });
}
