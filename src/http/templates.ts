import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { latestTemplates, LANGUAGES } from '../../templates/index.ts';
import type { AppEnv } from './env.ts';
import { errorResponses, json, TemplateSchema } from './schemas.ts';

const listTemplates = createRoute({
  method: 'get',
  path: '/templates',
  tags: ['templates'],
  summary: 'The clause templates, newest version of each, with their parameter JSON Schema',
  request: { query: z.object({ lang: z.enum(LANGUAGES).optional() }) },
  responses: { 200: json(z.array(TemplateSchema), 'Templates'), 401: errorResponses[401] },
});

export function templateRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listTemplates, (c) => {
    const lang = c.req.valid('query').lang ?? 'en';
    return c.json(
      latestTemplates().map((t) => ({
        id: t.id,
        version: t.version,
        kind: t.kind,
        title: t.title[lang],
        titles: t.title,
        languages: [...LANGUAGES],
        paramsSchema: t.paramsJsonSchema,
      })),
      200,
    );
  });
}
