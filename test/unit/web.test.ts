/** The web application's pure parts: forms from JSON Schema and back, and the statechart diagram. */
import { describe, expect, it } from 'vitest';
import { latestWorkflow } from '../../workflows/index.ts';
import { openingInput } from '../../workflows/opening.ts';
import { jsonSchemaOf } from '../../src/web/components.tsx';
import { diagramOf } from '../../src/web/diagram.tsx';
import { errorsByField, fieldsFromSchema, flatten, valuesFromForm } from '../../src/web/forms.tsx';
import { fieldLabel, wordsFor } from '../../src/web/i18n.ts';

describe('forms from JSON Schema', () => {
  const fields = fieldsFromSchema(jsonSchemaOf(openingInput));
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

  it('makes one field per property, nested objects as dotted names, with the kind and requiredness of each', () => {
    expect(byName.role).toMatchObject({ kind: 'text', required: true });
    expect(byName.site).toMatchObject({ kind: 'text', required: false });
    expect(byName.startDate).toMatchObject({ kind: 'date', required: true });
    expect(byName.weeks).toMatchObject({ kind: 'number', integer: true, required: true });
    expect(byName.hoursPerWeek).toMatchObject({ kind: 'number', integer: false });
    expect(byName.competences).toMatchObject({ kind: 'lines', required: true });
    expect(byName['supervisor.trained']).toMatchObject({ kind: 'checkbox', required: true });
    expect(byName.breaksGenderPattern).toMatchObject({ kind: 'checkbox', required: false });
  });

  it('reads the posted form back as the JSON the engine validates', () => {
    const values = valuesFromForm(fields, {
      role: ' målare ',
      site: '',
      startDate: '2026-08-03',
      weeks: '16',
      hoursPerWeek: '37,5',
      competences: 'snickeri\r\n\r\n truckkort ',
      'supervisor.trained': 'on',
    });
    expect(values).toEqual({
      role: 'målare',
      startDate: '2026-08-03',
      weeks: 16,
      hoursPerWeek: 37.5,
      competences: ['snickeri', 'truckkort'],
      supervisor: { trained: true },
      breaksGenderPattern: false,
    });
    expect(openingInput.safeParse(values).success).toBe(true);
    // A number that does not parse goes on as text, so validation names the field.
    expect(valuesFromForm(fields, { weeks: 'sexton' }).weeks).toBe('sexton');
    expect(flatten({ supervisor: { trained: true }, weeks: 16 })).toEqual({ 'supervisor.trained': true, weeks: 16 });
  });

  it('puts each validation issue next to its field, and the rest at the top', () => {
    const { byField, other } = errorsByField(fields, [
      { path: 'supervisor.trained', message: 'say whether' },
      { path: 'competences.0', message: 'too long' },
      { path: '(body)', message: 'something else' },
    ]);
    expect(byField).toEqual({ 'supervisor.trained': 'say whether', competences: 'too long' });
    expect(other).toEqual(['(body): something else']);
  });

  it('labels known fields in the language chosen and others from their name', () => {
    expect(fieldLabel('sv', 'attestation.reference')).toBe('Intygets referens');
    expect(fieldLabel('en', 'hoursPerWeek')).toBe('Hours per week');
    expect(fieldLabel('en', 'sekPerMissingMonth')).toBe('Sek per missing month');
    expect(wordsFor('sv').date('2026-03-01')).toBe('1 mars 2026');
    expect(wordsFor('en').sek(150000)).toMatch(/^SEK\s150,000$/);
  });
});

describe('the statechart diagram', () => {
  const { nodes, edges } = diagramOf(latestWorkflow('social-clause'));
  const edge = (event: string) => edges.find((e) => e.event === event);

  it("has a box per state, a compound state's children as parent.child, and final states marked", () => {
    expect(nodes.map((n) => n.path)).toEqual(
      expect.arrayContaining(['draft', 'tendering', 'commitment.awaitingPlan', 'commitment.planReview', 'delivery', 'verification', 'fulfilled', 'withdrawn']),
    );
    expect(nodes.find((n) => n.path === 'commitment')).toBeUndefined();
    expect(
      nodes
        .filter((n) => n.final)
        .map((n) => n.path)
        .sort(),
    ).toEqual(['fulfilled', 'sanctioned', 'waived', 'withdrawn']);
  });

  it('draws the transitions with targets, entering compound states at their initial child', () => {
    expect(edge('PUBLISH')).toEqual({ from: 'draft', to: 'tendering', event: 'PUBLISH' });
    expect(edge('AWARD')).toEqual({ from: 'tendering', to: 'commitment.awaitingPlan', event: 'AWARD' });
    expect(edge('SUBMIT_PLAN')).toEqual({ from: 'commitment.awaitingPlan', to: 'commitment.planReview', event: 'SUBMIT_PLAN' });
    expect(edge('ACCEPT_PLAN')).toEqual({ from: 'commitment.planReview', to: 'delivery', event: 'ACCEPT_PLAN' });
    // Events that only record (a deadline's milestone) move nowhere and draw no arrow.
    expect(edges.some((e) => e.event === 'REPORT_DUE')).toBe(false);
  });

  it('lays states out in rows by their distance from the initial state', () => {
    const row = (path: string) => nodes.find((n) => n.path === path)!.row;
    expect([row('draft'), row('tendering'), row('commitment.awaitingPlan'), row('commitment.planReview'), row('delivery'), row('verification')]).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(row('withdrawn')).toBe(1);
  });
});
