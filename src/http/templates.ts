import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { latestTemplates, LANGUAGES, templateVersions, type ClauseTemplate } from '../../templates/index.ts';
import type { Language } from '../domain/money.ts';
import { previewDraft, previewInput, templateOrNotFound } from '../engine/drafting.ts';
import type { AppEnv } from './env.ts';
import { named, errorResponses, IdParam, json, TemplateSchema } from './schemas.ts';

const LangQuery = z.object({ lang: z.enum(LANGUAGES).optional().openapi({ description: 'Language of the title (default en)' }) });
const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

const Preview = named(previewInput, 'TemplatePreviewRequest');

const PreviewResult = z
  .object({
    templateId: z.string(),
    templateVersion: z.number().int(),
    language: z.string(),
    text: z.string().nullable(),
    target: z.object({ unit: z.string(), value: z.number().nullable(), basis: z.string() }).nullable(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .openapi('TemplatePreview');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/templates',
    operationId: 'listTemplates',
    tags: ['templates'],
    summary: 'The clause templates, newest version of each, with their parameter JSON Schema',
    request: { query: LangQuery },
    responses: { 200: json(z.array(TemplateSchema), 'Templates'), 401: errorResponses[401] },
  }),
  get: createRoute({
    method: 'get',
    path: '/templates/{id}',
    operationId: 'getTemplate',
    tags: ['templates'],
    summary: 'One template (newest version unless ?version=)',
    request: { params: IdParam, query: LangQuery.extend(VersionQuery.shape) },
    responses: { 200: json(TemplateSchema, 'The template'), 401: errorResponses[401], 404: errorResponses[404] },
  }),
  preview: createRoute({
    method: 'post',
    path: '/templates/{id}/preview',
    operationId: 'previewTemplate',
    tags: ['templates'],
    summary: 'Render the clause text and target for parameters, without saving anything',
    description: 'Answers 200 with `issues` listing what is wrong with the parameters (text and target are then null).',
    request: { params: IdParam, body: { content: { 'application/json': { schema: Preview } }, required: true } },
    responses: { 200: json(PreviewResult, 'Preview'), ...errorResponses },
  }),
};

function present(t: ClauseTemplate, lang: Language) {
  return {
    id: t.id,
    version: t.version,
    versions: templateVersions(t.id).map((v) => v.version),
    kind: t.kind,
    title: t.title[lang],
    titles: t.title,
    languages: [...t.languages],
    measure: t.measure,
    paramsSchema: t.paramsJsonSchema,
  };
}

export function templateRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.list, (c) => {
    const lang = c.req.valid('query').lang ?? 'en';
    return c.json(
      latestTemplates().map((t) => present(t, lang)),
      200,
    );
  });
  app.openapi(routes.get, (c) => {
    const { lang = 'en', version } = c.req.valid('query');
    return c.json(present(templateOrNotFound(c.req.valid('param').id, version), lang), 200);
  });
  app.openapi(routes.preview, (c) => c.json(previewDraft(c.req.valid('param').id, c.req.valid('json')), 200));
}
