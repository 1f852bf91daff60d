/**
 * The web's words for what the engine says in codes and English (issue 19):
 * dates as dates, a clause's projection, help under fields, and the engine's
 * own sentences, never passed through.
 */
import { describe, expect, it } from 'vitest';
import { countOf, engineSentence, fieldHelp, formatDate, hasFieldLabel, projectionLabel, wordsFor } from '../../src/web/i18n.ts';
import { wordIssue } from '../../src/web/refusals.ts';
import { PROJECTIONS } from '../../src/db/progress.ts';
import { fieldsFromSchema } from '../../src/web/forms.tsx';
import { jsonSchemaOf } from '../../src/web/components.tsx';
import { latestTemplates, templateIds, templateVersions } from '../../templates/index.ts';
import { scheduleSettings } from '../../src/domain/schedule.ts';
import { allWorkflows } from '../../workflows/index.ts';
import { eventFields } from '../../src/web/components.tsx';
import { CLAUSE_FORMS } from '../../src/web/clause-page.tsx';
import { draftFields, tenderFields } from '../../src/web/pages/tenders.tsx';
import { candidateInput } from '../../src/engine/matching.ts';
import { proposalInput } from '../../workflows/proposal.ts';
import { placementInput } from '../../workflows/placement.ts';
import { reportInput } from '../../workflows/period-report.ts';
import { openingInput } from '../../workflows/opening.ts';
import { offerInput } from '../../workflows/employment-offer.ts';
import { tenderInput } from '../../src/engine/tenders.ts';
import type { Field } from '../../src/web/forms.tsx';

/** The descriptions a JSON Schema gives its leaf properties, by dotted path. */
function describedPaths(schema: Record<string, unknown>, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const inner = ((property.anyOf as Array<Record<string, unknown>> | undefined)?.find((s) => s.type !== 'null') ?? property) as Record<string, unknown>;
    const description = (property.description ?? inner.description) as string | undefined;
    if (inner.type === 'object') describedPaths(inner, path, into);
    else if (description) into.set(path, description);
  }
  return into;
}

/** Every form the web generates from a schema: its fields as the web builds them, and the schema's descriptions. */
function schemaForms(): Array<{ form: string; fields: Field[]; described: Map<string, string> }> {
  const forms = [];
  for (const workflow of allWorkflows()) {
    for (const [type, event] of Object.entries(workflow.events)) {
      if (event.internal) continue;
      forms.push({ form: `${workflow.id} ${type}`, fields: eventFields(workflow, type), described: describedPaths(jsonSchemaOf(event.payload)) });
    }
  }
  const items: Array<[string, Field[], Parameters<typeof jsonSchemaOf>[0]]> = [
    ['placement', CLAUSE_FORMS.placementFields, placementInput],
    ['report', CLAUSE_FORMS.reportFields, reportInput],
    ['opening', CLAUSE_FORMS.openingFields, openingInput],
    ['offer', CLAUSE_FORMS.offerFields, offerInput],
    ['proposal', fieldsFromSchema(jsonSchemaOf(proposalInput)), proposalInput],
    ['candidate', fieldsFromSchema(jsonSchemaOf(candidateInput)), candidateInput],
    ['tender', tenderFields, tenderInput],
  ];
  for (const [form, fields, schema] of items) forms.push({ form, fields, described: describedPaths(jsonSchemaOf(schema)) });
  for (const id of templateIds()) {
    for (const template of templateVersions(id)) {
      const fields = fieldsFromSchema(template.paramsJsonSchema as never).map((field) => ({ ...field, helpContext: id }));
      forms.push({ form: `${id} v${template.version}`, fields, described: describedPaths(template.paramsJsonSchema as never) });
    }
  }
  return forms;
}

describe('dates', () => {
  it('shows a date-only deadline as its day, without a clock time', () => {
    // A deadline on 31 October is stored as the next midnight UTC (src/domain/deadlines.ts endOfDay).
    expect(formatDate('sv', '2026-11-01T00:00:00.000Z', { deadline: true })).toBe('31 okt. 2026');
    expect(formatDate('en', '2026-11-01T00:00:00.000Z', { deadline: true })).toBe('31 Oct 2026');
    expect(formatDate('sv', '2026-10-31')).toBe('31 okt. 2026');
  });

  it('shows an instant that is not a day’s end as its day in Stockholm', () => {
    expect(formatDate('sv', '2026-10-31T23:30:00.000Z', { deadline: true })).toBe('1 nov. 2026');
    expect(formatDate('sv', '2026-11-01T00:00:00.000Z')).toBe('1 nov. 2026');
    expect(formatDate('sv', null)).toBe('–');
  });
});

it('names every projection in words in both languages', () => {
  for (const projection of PROJECTIONS) {
    expect(projectionLabel('sv', projection)).not.toBe(projection);
    expect(projectionLabel('en', projection)).not.toBe(projection);
  }
  expect(projectionLabel('sv', 'willMiss')).toBe('Når inte målet');
});

it("names who acted in a clause's history: a user with its role, Klausul's own doing as automatic, never a role's code", () => {
  const sv = wordsFor('sv');
  const en = wordsFor('en');
  expect(sv.actor('Anna Ek', 'officer')).toBe('Anna Ek (upphandlare)');
  expect(en.actor('Anna Ek', 'officer')).toBe('Anna Ek (procurement officer)');
  expect(sv.actor(undefined, 'system')).toBe('Klausul (automatiskt)');
  expect(en.actor(undefined, 'system')).toBe('Klausul (automatically)');
  // A user whose name is not known (nothing else in the page names it): the role, in words.
  expect(sv.actor(undefined, 'auditor')).toBe('Avtalsuppföljare');
  expect(en.actor(undefined, 'contractor')).toBe('Contractor');
});

it('names every field of every form the web builds from a schema in words of its own, not its code spelled out', () => {
  const named = (field: Field) => field.label !== undefined || hasFieldLabel(field.name);
  // A template's parameters are named by the template itself (the draft's form reads its labels), the rest by the web's words.
  const unnamed = [
    ...schemaForms()
      .filter(({ form }) => !/ v\d+$/.test(form))
      .flatMap(({ form, fields }) => fields.filter((field) => !named(field)).map((field) => `${form}: ${field.name}`)),
    ...templateIds().flatMap((id) =>
      draftFields(id)
        .filter((field) => !named(field))
        .map((field) => `${id}: ${field.name}`),
    ),
  ];
  expect(unnamed).toEqual([]);
});

describe('help under fields', () => {
  it('comes from the web’s words, never from a schema’s English description', () => {
    for (const template of latestTemplates()) {
      for (const field of fieldsFromSchema(template.paramsJsonSchema as never)) expect(field.description, `${template.id} ${field.name}`).toBeUndefined();
    }
    expect(fieldHelp('sv', 'params.vite.capPct')).toBe('Tak för allt vite enligt klausulen, i procent av kontraktsvärdet.');
    expect(fieldHelp('en', 'deadlines.reportingPeriod')).toBe('Quarterly unless given.');
    expect(fieldHelp('sv', 'params.minWeeks')).toBeUndefined();
    expect(fieldHelp('sv', 'params.minWeeks', 'placements')).toBe('En praktikplats räknas bara om den varar minst så här många veckor.');
    expect(fieldHelp('en', 'reason', 'TERMINATE')).toBe('The material breach the termination rests on.');
    expect(fieldHelp('sv', 'reason', 'WAIVE')).toBeUndefined();
  });

  it('helps every field a schema describes, in Swedish and in English, on every form generated from a schema', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { form, fields, described } of schemaForms()) {
      for (const field of fields) {
        const description = described.get(field.name);
        if (!description) continue;
        checked++;
        const sv = fieldHelp('sv', field.name, field.helpContext);
        const en = fieldHelp('en', field.name, field.helpContext);
        if (!sv || !en || sv === en || sv === description) missing.push(`${form}: ${field.name} (${description})`);
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('labels and helps every deadline setting an officer may give at award', () => {
    for (const field of fieldsFromSchema(jsonSchemaOf(scheduleSettings as never))) {
      for (const lang of ['sv', 'en'] as const) expect(fieldHelp(lang, field.name), field.name).toBeDefined();
    }
  });
});

describe("the engine's own sentences", () => {
  const sv = wordsFor('sv');
  const en = wordsFor('en');

  it('says them again in the page’s language, with fields by their labels', () => {
    expect(engineSentence(sv, 'periodEnd must not precede periodStart')).toBe('Periodens sista dag får inte vara före Periodens första dag.');
    expect(engineSentence(en, 'the contract starts on 2026-03-01; send a start date on or after it')).toBe(
      'The contract starts on 1 Mar 2026; give a start date on or after it.',
    );
    expect(engineSentence(sv, 'the clause counts newcomers, youth-16-24; send one of them, attested by the matching body')).toBe(
      'Klausulen räknar bara dessa målgrupper: Nyanlända som deltar i etableringsprogrammet, Unga 16–24 år.',
    );
  });

  it('never passes an unknown English sentence through', () => {
    expect(engineSentence(sv, 'send its events to POST /api/v1/placements/{id}/events')).toBe('Värdet går inte att använda.');
    expect(wordIssue(sv, { path: 'url', message: 'url must not carry a user name', code: 'custom' }, undefined)).toBe('Värdet går inte att använda.');
  });

  it('names the choices an engine sentence offers in words: events and languages', () => {
    expect(engineSentence(sv, 'send one of sv, en')).toBe('Välj en av: Svenska, Engelska.');
    expect(engineSentence(en, 'send one of PUBLISH, DISCARD')).toBe('Choose one of: Publish with the tender, Discard the draft.');
  });

  it('says a wrong choice of language in words, not codes', () => {
    const text = wordIssue(sv, { path: 'language', message: 'Invalid option', code: 'invalid_value', values: ['sv', 'en'] }, undefined);
    expect(text).toBe('Välj en av: Svenska, Engelska.');
  });
});

it('counts in the right number: one clause, two clauses', () => {
  expect(countOf('sv', 1, 'clause')).toBe('1 klausul');
  expect(countOf('sv', 2, 'clause')).toBe('2 klausuler');
  expect(countOf('en', 1, 'clause')).toBe('1 clause');
  expect(countOf('en', 0, 'placement')).toBe('0 placements');
  expect(countOf('sv', 12000, 'row')).toBe('12\u00a0000 rader');
});
