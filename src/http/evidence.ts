import type { Context } from 'hono';
/** Evidence files: uploaded to a placement or report, listed, and downloaded by those who may see them. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createHash } from 'node:crypto';
import type { ItemKind } from '../db/schema.ts';
import { addEvidence, downloadEvidence, getEvidence, listItemEvidence, sha256Hex } from '../engine/evidence.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { reply } from './reply.ts';
import { errorResponses, IdParam, json } from './schemas.ts';

const EvidenceSchema = z
  .object({
    id: z.string(),
    itemKind: z.enum(['placement', 'report']),
    itemId: z.string(),
    clauseId: z.string(),
    fileName: z.string(),
    mediaType: z.string().openapi({ description: 'Read from the content, not from the client: PDF, PNG, JPEG, WebP, HEIC, CSV or XLSX' }),
    sizeBytes: z.number().int(),
    sha256: z.string().openapi({ description: 'Hex SHA-256 of the content; the same hash is in the item history (ADD_EVIDENCE)' }),
    description: z.string().nullable(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    contentUrl: z.string(),
  })
  .openapi('Evidence');

const UploadForm = z.object({
  file: z.instanceof(File, { message: 'send the evidence file in a form field named "file"' }).openapi({ type: 'string', format: 'binary' }),
  description: z.string().trim().max(1_000).optional().openapi({ description: 'What the file shows, e.g. "Tidrapport mars"' }),
});

const PATHS: Record<ItemKind, string> = { placement: 'placements', report: 'reports' };

function evidenceRoutesFor(app: OpenAPIHono<AppEnv>, deps: EngineDeps, kind: ItemKind): void {
  const path = PATHS[kind];
  const Noun = kind === 'placement' ? 'Placement' : 'Report';
  app.openapi(
    createRoute({
      method: 'post',
      path: `/${path}/{id}/evidence`,
      operationId: `upload${Noun}Evidence`,
      tags: ['evidence'],
      summary: `Upload an evidence file to a ${kind} (contractor): PDF, image, CSV or XLSX, at most 10 MB`,
      request: {
        params: IdParam,
        headers: ifMatch,
        body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true },
      },
      responses: { 201: json(EvidenceSchema, 'The stored file'), ...errorResponses, 413: errorResponses[422], 415: errorResponses[422] },
    }),
    async (c) => {
      const { file, description } = c.req.valid('form');
      const bytes = new Uint8Array(await file.arrayBuffer());
      c.set(
        'bodyDigest',
        createHash('sha256')
          .update(JSON.stringify([sha256Hex(bytes), file.name, description ?? null]))
          .digest('hex'),
      );
      const answer = await addEvidence(deps, requestContext(c), kind, c.req.valid('param').id, { fileName: file.name, bytes, description });
      c.header('Location', answer.body.contentUrl);
      return reply(c, answer, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `/${path}/{id}/evidence`,
      operationId: `list${Noun}Evidence`,
      tags: ['evidence'],
      summary: `The evidence files of a ${kind}, oldest first`,
      request: { params: IdParam },
      responses: { 200: json(z.array(EvidenceSchema), 'Evidence files (without content)'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await listItemEvidence(deps, c.get('actor'), kind, c.req.valid('param').id), 200),
  );
}

/** RFC 6266 attachment name: ASCII fallback plus the exact UTF-8 name. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function evidenceRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  evidenceRoutesFor(app, deps, 'placement');
  evidenceRoutesFor(app, deps, 'report');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/evidence/{id}',
      operationId: 'getEvidence',
      tags: ['evidence'],
      summary: "An evidence file's name, type, size and SHA-256 (the buyer's users and the uploading supplier)",
      request: { params: IdParam },
      responses: { 200: json(EvidenceSchema, 'The file, without content'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await getEvidence(deps, c.get('actor'), c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/evidence/{id}/content',
      operationId: 'downloadEvidence',
      tags: ['evidence'],
      summary: "Download an evidence file as stored (the buyer's users and the uploading supplier)",
      request: { params: IdParam },
      responses: {
        200: {
          description: 'The file; Repr-Digest carries its SHA-256',
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        401: errorResponses[401],
        404: errorResponses[404],
      },
    }),
    async (c) => fileAnswer(c, await downloadEvidence(deps, c.get('actor'), c.req.valid('param').id)),
  );
}

/** An evidence file as stored, to save rather than open in the page (the API's download and the web application's link). */
export function fileAnswer(c: Context, { meta, content }: Awaited<ReturnType<typeof downloadEvidence>>): Response {
  return c.body(content as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': meta.mediaType,
    'Content-Length': String(meta.sizeBytes),
    'Content-Disposition': attachment(meta.fileName),
    'Repr-Digest': `sha-256=:${Buffer.from(meta.sha256, 'hex').toString('base64')}:`,
    ETag: `"${meta.sha256}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}
