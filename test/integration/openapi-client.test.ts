/**
 * A client generated from /openapi.json, as a team integrating with Klausul
 * would make one: openapi-typescript turns the document into types, a small
 * program drafts, publishes and awards a clause through a typed fetch wrapper,
 * and the TypeScript compiler checks it. The program compiles without errors;
 * programs that send a wrong body do not (so the bodies are typed, not
 * `{ [key: string]: unknown }`); and the program runs against the app.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.ts';
import { dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

/** The typed fetch wrapper and the program: every request body and answer is typed by the generated `paths`. */
const CLIENT = `import type { paths } from './api';

type Operation<P extends keyof paths, M extends string> = paths[P] extends { [K in M]: infer O } ? O : never;
type PathsWith<M extends string> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type JsonAnswer<O, S extends number> = O extends { responses: { [K in S]: { content: { 'application/json': infer A } } } } ? A : never;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export function klausul(base: string, apiKey: string, fetcher: Fetch) {
  async function call(method: string, path: string, ids: Record<string, string>, body: unknown, status: number): Promise<unknown> {
    const url = base + path.replace(/\\{(\\w+)\\}/g, (_match, name: string) => encodeURIComponent(ids[name] ?? ''));
    const headers: Record<string, string> = { authorization: \`Bearer \${apiKey}\` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetcher(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status !== status) throw new Error(\`\${method} \${path} answered \${res.status}: \${await res.text()}\`);
    return res.json();
  }
  return {
    post: <P extends PathsWith<'post'>, S extends 200 | 201>(path: P, ids: Record<string, string>, body: JsonBody<Operation<P, 'post'>>, status: S) =>
      call('POST', path, ids, body, status) as Promise<JsonAnswer<Operation<P, 'post'>, S>>,
    get: <P extends PathsWith<'get'>>(path: P, ids: Record<string, string>) =>
      call('GET', path, ids, undefined, 200) as Promise<JsonAnswer<Operation<P, 'get'>, 200>>,
  };
}

export type Klausul = ReturnType<typeof klausul>;

/** Drafts a clause in a new tender, publishes it and awards it to the contractor. */
export async function draftPublishAward(api: Klausul, reference: string, params: Record<string, unknown>, contractorOrgId: string) {
  const tender = await api.post('/tenders', {}, { reference, title: 'Renovering av Lugnvik etapp 2', estimatedValueSek: 12_000_000 }, 201);
  const draft = await api.post('/tenders/{id}/clauses', { id: tender.id }, { templateId: 'placements', language: 'sv', params }, 201);
  const published = await api.post('/clauses/{id}/events', { id: draft.id }, { type: 'PUBLISH' }, 200);
  const awarded = await api.post(
    '/clauses/{id}/events',
    { id: draft.id },
    { type: 'AWARD', contractorOrgId, contractValueSek: 12_000_000, startDate: '2026-03-01', endDate: '2027-02-28', deadlines: { reportingPeriod: 'monthly' } },
    200,
  );
  const read = await api.get('/clauses/{id}', { id: draft.id });
  const states: string[] = [draft.state, published.state, awarded.state];
  const version: number = read.version;
  const allowed: string[] = read.allowedEvents;
  return { tenderId: tender.id, clauseId: draft.id, states, version, allowed, contractorOrgId: read.contractorOrgId };
}
`;

/** Programs that must not compile: each sends a body the document does not allow (or reads a field the answer lacks), and why. */
const WRONG: Record<string, [string, RegExp]> = {
  'wrong-tender-reference': [`api.post('/tenders', {}, { reference: 42, title: 'Renovering' }, 201);`, /'number' is not assignable to type 'string'/],
  'wrong-tender-field': [`api.post('/tenders', {}, { reference: 'T-1', title: 'Renovering', buyer: 'someone else' }, 201);`, /'buyer' does not exist/],
  'wrong-award-without-contractor': [
    `api.post('/clauses/{id}/events', { id: 'c' }, { type: 'AWARD', contractValueSek: 1, startDate: '2026-03-01', endDate: '2027-02-28' }, 200);`,
    /'contractorOrgId' is missing/,
  ],
  'wrong-event-type': [`api.post('/clauses/{id}/events', { id: 'c' }, { type: 'PUBLISH_NOW' }, 200);`, /'"PUBLISH_NOW"' is not assignable/],
  'wrong-event-payload': [`api.post('/clauses/{id}/events', { id: 'c' }, { type: 'WITHDRAW' }, 200);`, /'reason' is missing/],
  'wrong-placement': [
    `api.post('/clauses/{id}/placements', { id: 'c' }, { participantRef: 'JB-1', targetGroup: 'newcomers', role: 'målare', startDate: '2026-03-02', plannedEndDate: '2026-06-30', fte: 1, hoursPerWeek: 35 }, 201);`,
    /'attestation' is missing/,
  ],
  'wrong-target-group': [
    `api.post('/candidates', {}, { candidateRef: 'AF-1', targetGroup: 'everyone', competences: [], municipality: '2380', availableFrom: '2026-04-01' }, 201);`,
    /'"everyone"' is not assignable/,
  ],
  'wrong-answer-field': [
    `void api.post('/tenders', {}, { reference: 'T-1', title: 'Renovering' }, 201).then((tender) => tender.version);`,
    /'version' does not exist/,
  ],
};

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
};

let dir: string;
/** Diagnostics per program file name (without .ts). */
let diagnostics: Record<string, string[]>;
let generated: string;
let program: { klausul: (base: string, key: string, fetcher: unknown) => unknown; draftPublishAward: (...args: unknown[]) => Promise<any> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'klausul-client-'));
  generated = astToString(await openapiTS(openApiDocument() as never, { silent: true }));
  writeFileSync(join(dir, 'api.ts'), generated);
  writeFileSync(join(dir, 'client.ts'), CLIENT);
  for (const [name, [line]] of Object.entries(WRONG)) {
    writeFileSync(join(dir, `${name}.ts`), `import type { Klausul } from './client';\ndeclare const api: Klausul;\n${line}\n`);
  }
  const files = ['client', ...Object.keys(WRONG)].map((name) => join(dir, `${name}.ts`));
  const compiled = ts.createProgram(files, COMPILER_OPTIONS);
  diagnostics = {};
  for (const diagnostic of ts.getPreEmitDiagnostics(compiled)) {
    const file = diagnostic.file ? diagnostic.file.fileName.replace(/^.*\//, '').replace(/\.ts$/, '') : '(options)';
    (diagnostics[file] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  // The program as JavaScript (its imports are types only), to run against the app.
  const js = ts.transpileModule(CLIENT, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  mkdirSync(join(dir, 'run'));
  writeFileSync(join(dir, 'run', 'client.mjs'), js);
  program = await import(pathToFileURL(join(dir, 'run', 'client.mjs')).href);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a TypeScript client generated from /openapi.json', () => {
  it('types request bodies from their schemas, not as open records', () => {
    expect(generated).toContain('operations');
    expect(generated).toMatch(/createTender: \{/);
    for (const name of ['NewTender', 'NewClause', 'NewPlacement', 'NewOpening', 'ClauseEvent_AWARD']) {
      const fields = new RegExp(`\\b${name}: \\{([^}]*)`).exec(generated)?.[1];
      expect(fields, name).toBeDefined();
      expect(fields!.trimStart(), name).not.toMatch(/^\[key: string\]/);
      expect(fields, name).toMatch(/^\s*(\/\*\*[\s\S]*?\*\/\s*)?\w+\??: /);
    }
  });

  it('compiles a program that drafts, publishes and awards a clause, with no errors', () => {
    expect(diagnostics['(options)'] ?? []).toEqual([]);
    expect(diagnostics.api ?? []).toEqual([]);
    expect(diagnostics.client ?? []).toEqual([]);
  });

  it.each(Object.entries(WRONG))('does not compile %s', (name, [line, why]) => {
    expect(diagnostics[name], line).toHaveLength(1);
    expect(diagnostics[name]![0], line).toMatch(why);
  });
});

describe.each(BACKENDS)('the generated client against the app on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(async () => dropSeeded(seeded ?? {}));

  it('drafts, publishes and awards a clause', async () => {
    const { h, p } = seeded;
    const api = program.klausul('/api/v1', p.officer, (url: string, init: RequestInit) => h.app.request(url, init));
    const result = await program.draftPublishAward(api, `OA-${backend}`, PLACEMENT_PARAMS, p.supplierOrgId);
    expect(result.states).toEqual(['draft', 'tendering', 'commitment.awaitingPlan']);
    expect(result.contractorOrgId).toBe(p.supplierOrgId);
    expect(result.version).toBe(3);
  });
});
