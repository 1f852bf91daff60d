/** Erasure of a candidate's or a participant's personal data (issue 20, item 2): what the engine erased, in counts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { eraseCandidate, erasePlacementParticipant } from '../engine/erasure.ts';
import { requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, IdParam, json } from './schemas.ts';

const ErasureSchema = z
  .object({
    subject: z.enum(['candidate', 'participant']),
    erasureIds: z.array(z.string()).openapi({ description: 'The erasures recorded; none when nothing was left to erase' }),
    alreadyErased: z.boolean(),
    erasedAt: z.string(),
    counts: z.object({
      candidates: z.int(),
      placements: z.int(),
      offers: z.int(),
      proposals: z.int(),
      mentioning: z.int().openapi({ description: 'Other instances under the same clauses whose free text named the reference' }),
      historyRows: z.int(),
      evidenceFiles: z.int(),
      storedAnswers: z.int(),
      followUps: z.int().openapi({ description: 'Follow-ups of the erased placements whose reference and note were blanked' }),
    }),
  })
  .openapi('Erasure', {
    description:
      'What an erasure erased, in counts, never the data: references and free text (notes, reasons, descriptions, file names) in the history, snapshots and columns of the instances that held them, their evidence files, and stored answers to repeated requests. The history still verifies. Erasing again is harmless.',
  });

const erased = { 200: json(ErasureSchema, 'Erased (or nothing left to erase)'), 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] };

/** The two doors: the matching body's for a candidate of its pool, the buyer's for a placement's participant. */
const ROUTES = [
  {
    path: '/candidates/{id}/erase',
    operationId: 'eraseCandidate',
    tag: 'matching',
    summary:
      "Erase a candidate of your pool: the pool entry, and the reference and free text of its proposals and the placements they registered (the matching body's matcher)",
    erase: eraseCandidate,
  },
  {
    path: '/placements/{id}/erase',
    operationId: 'erasePlacementParticipant',
    tag: 'placements',
    summary:
      "Erase the placement's participant under its clause: the reference and free text of the placement, the offers and proposals of the same reference, and the placement's evidence files (the buyer's officer or administrator)",
    erase: erasePlacementParticipant,
  },
] as const;

export function erasureRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  for (const { path, operationId, tag, summary, erase } of ROUTES) {
    app.openapi(createRoute({ method: 'post', path, operationId, tags: [tag], summary, request: { params: IdParam }, responses: erased }), async (c) =>
      c.json(await erase(deps, requestContext(c), c.req.valid('param').id), 200),
    );
  }
}
