/** The web application's pure parts: forms from JSON Schema and back, and the statechart diagram. */
import { describe, expect, it } from 'vitest';
import { latestWorkflow } from '../../workflows/index.ts';
import { openingInput } from '../../workflows/opening.ts';
import { CLAUSE_FORMS } from '../../src/web/clause-page.tsx';
import { jsonSchemaOf } from '../../src/web/components.tsx';
import { diagramOf } from '../../src/web/diagram.tsx';
import { fieldsFromSchema, flatten, valuesFromForm } from '../../src/web/forms.tsx';
import { fieldLabel, wordsFor } from '../../src/web/i18n.ts';
import { refusalMessage, wordCsvRefusal, wordIssue, wordRefusal } from '../../src/web/refusals.ts';
import { KlausulError, type ErrorCode, type ValidationIssue } from '../../src/domain/errors.ts';

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
    ).toEqual(['fulfilled', 'terminated', 'viteClaimed', 'waived', 'withdrawn']);
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

describe('refusals in the page language', () => {
  const sv = wordsFor('sv');
  const en = wordsFor('en');
  const fields = fieldsFromSchema(jsonSchemaOf(openingInput));
  const field = (name: string) => fields.find((f) => f.name === name);
  const tenderReference = { name: 'reference', kind: 'text' as const, required: true };
  const issue = (path: string, code: string, limits: Partial<ValidationIssue> = {}, message = 'English from zod'): ValidationIssue => ({
    path,
    message,
    code,
    ...limits,
  });

  it('says every error code in Swedish and English, never the engine message', () => {
    const codes: ErrorCode[] = [
      'personal_identity_number',
      'validation',
      'invalid_transition',
      'version_conflict',
      'conflict',
      'forbidden',
      'not_found',
      'payload_too_large',
      'unsupported_media_type',
      'idempotency_key_reused',
      'malformed_json',
      'unauthorized',
    ];
    const said = { sv: codes.map((code) => refusalMessage(sv, code)), en: codes.map((code) => refusalMessage(en, code)) };
    for (const lang of ['sv', 'en'] as const) {
      expect(new Set(said[lang]).size).toBe(codes.length);
      for (const text of said[lang]) expect(text).toMatch(/^[A-ZÅÄÖ].+\.$/);
    }
    expect(refusalMessage(sv, 'validation')).toBe('Rätta det som är markerat och försök igen.');
    expect(refusalMessage(sv, 'version_conflict')).toContain('Någon annan har ändrat');
    expect(refusalMessage(en, 'version_conflict')).toContain('Someone else has changed');
    expect(refusalMessage(sv, 'unsupported_media_type')).toContain('PDF');
  });

  it('words each zod issue code from its limit and the field label', () => {
    const cases: Array<[ValidationIssue, (typeof fields)[number] | undefined, unknown, string, string]> = [
      [issue('reference', 'too_small', { minimum: 1 }), tenderReference, '', 'Fyll i Diarienummer.', 'Fill in Reference.'],
      [issue('reference', 'invalid_type', { expected: 'string' }), tenderReference, undefined, 'Fyll i Diarienummer.', 'Fill in Reference.'],
      [issue('role', 'too_big', { maximum: 100 }), field('role'), 'x'.repeat(101), 'Högst 100 tecken.', 'At most 100 characters.'],
      [issue('role', 'too_small', { minimum: 3 }), field('role'), 'ab', 'Minst 3 tecken.', 'At least 3 characters.'],
      [issue('weeks', 'invalid_type', { expected: 'int' }), field('weeks'), 1.5, 'Ange ett heltal.', 'Enter a whole number.'],
      [issue('weeks', 'invalid_type', { expected: 'number' }), field('weeks'), 'sexton', 'Ange ett tal.', 'Enter a number.'],
      [issue('weeks', 'invalid_type', { expected: 'number' }), field('weeks'), undefined, 'Fyll i Veckor.', 'Fill in Weeks.'],
      [
        issue('hoursPerWeek', 'too_small', { minimum: 0 }, 'Too small: expected number to be >0'),
        field('hoursPerWeek'),
        0,
        'Ange ett tal större än 0.',
        'Enter a number greater than 0.',
      ],
      [
        issue('hoursPerWeek', 'too_small', { minimum: 1 }, 'Too small: expected number to be >=1'),
        field('hoursPerWeek'),
        0,
        'Ange ett tal som är minst 1.',
        'Enter a number of at least 1.',
      ],
      [
        issue('hoursPerWeek', 'too_big', { maximum: 37.5 }, 'Too big: expected number to be <=37.5'),
        field('hoursPerWeek'),
        40,
        'Ange ett tal som är högst 37,5.',
        'Enter a number of at most 37.5.',
      ],
      [
        issue('hoursPerWeek', 'too_big', { maximum: 1 }, 'Too big: expected number to be <1'),
        undefined,
        1,
        'Ange ett tal mindre än 1.',
        'Enter a number less than 1.',
      ],
      [issue('competences', 'too_small', { minimum: 1 }), field('competences'), [], 'Fyll i Kompetenser.', 'Fill in Competences.'],
      [issue('competences', 'too_big', { maximum: 20 }), field('competences'), ['a'], 'Ange högst 20.', 'Give at most 20.'],
      [issue('competences', 'too_small', { minimum: 2 }), field('competences'), ['a'], 'Ange minst 2.', 'Give at least 2.'],
      [issue('startDate', 'invalid_format'), field('startDate'), '3/8', 'Datumet ska skrivas ÅÅÅÅ-MM-DD.', 'Write the date as YYYY-MM-DD.'],
      [issue('municipality', 'invalid_format'), field('municipality'), 'x', 'Formatet stämmer inte.', 'The format is not right.'],
      [issue('languageLevel', 'invalid_value'), field('languageLevel'), 'x', 'Välj ett av alternativen.', 'Choose one of the options.'],
      [issue('startDate', 'invalid_format'), field('startDate'), '', 'Fyll i Startdatum.', 'Fill in Start date.'],
      [issue('targetGroup', 'invalid_value'), { name: 'targetGroup', kind: 'select', required: true }, '', 'Välj Målgrupp.', 'Choose Target group.'],
      [issue('x', 'unrecognized_keys'), undefined, undefined, 'Fältet är okänt här.', 'This field is not known here.'],
      [issue('supervisor.trained', 'invalid_type', { expected: 'boolean' }), field('supervisor.trained'), 'ja', 'Ange ja eller nej.', 'Say yes or no.'],
      [issue('file', 'invalid_type', { expected: 'file' }), undefined, undefined, 'Välj en fil.', 'Choose a file.'],
      [issue('participantRef', 'personal_identity_number'), undefined, undefined, 'Skriv aldrig personnummer', 'Never enter a personal identity number'],
      [issue('file.name', 'personal_identity_number'), undefined, undefined, 'byt namn på filen', 'rename the file'],
    ];
    for (const [problem, about, value, inSwedish, inEnglish] of cases) {
      expect(wordIssue(sv, problem, about, { value }), `${problem.path} ${problem.code}`).toContain(inSwedish);
      expect(wordIssue(en, problem, about, { value }), `${problem.path} ${problem.code}`).toContain(inEnglish);
    }
  });

  it("says a domain message (custom, or no code) in the page's language, never the engine's English", () => {
    expect(wordIssue(sv, issue('endDate', 'custom', {}, 'endDate must follow startDate'), undefined)).toBe('Slutdatum måste vara efter Startdatum.');
    expect(wordIssue(sv, { path: 'endDate', message: 'send the date it actually ended, at the latest today (2026-06-02)' }, undefined)).toBe(
      'Ange dagen den faktiskt upphörde, senast i dag (2 juni 2026).',
    );
    expect(wordIssue(sv, issue('endDate', 'custom', {}, 'send a date on or after the start'), undefined)).toBe('Värdet går inte att använda.');
  });

  it('puts each issue next to its field and in the summary, linked to the input, with the typed values unchanged', () => {
    const error = new KlausulError('validation', 'The opening is not valid', {
      issues: [
        issue('role', 'too_small', { minimum: 1 }),
        issue('weeks', 'invalid_type', { expected: 'number' }),
        issue('competences.0', 'too_big', { maximum: 80 }),
        issue('(body)', 'custom', {}, 'something else'),
      ],
    });
    const worded = wordRefusal(sv, error, { id: 'opening-new', fields, values: { role: '', weeks: 'sexton', competences: ['x'.repeat(81)] } });
    expect(worded.message).toBe('Rätta det som är markerat och försök igen.');
    expect(worded.byField).toEqual({ role: 'Fyll i Yrkesroll.', weeks: 'Ange ett tal.', competences: 'Ange högst 80.' });
    expect(worded.items).toEqual([
      { text: 'Fyll i Yrkesroll.', target: 'opening-new-role' },
      { text: 'Veckor: Ange ett tal.', target: 'opening-new-weeks' },
      { text: 'Kompetenser: Ange högst 80.', target: 'opening-new-competences' },
      { text: 'Värdet går inte att använda.' },
    ]);
    const pin = new KlausulError('personal_identity_number', 'participantRef contains a personal identity number.', { path: 'participantRef' });
    const placement = [{ name: 'participantRef', kind: 'text' as const, required: true }];
    const refused = wordRefusal(sv, pin, { id: 'placement-new', fields: placement, values: { participantRef: '811218-9876' } });
    expect(refused.message).toBe('Personnummer och samordningsnummer sparas aldrig i Klausul.');
    expect(refused.byField.participantRef).toMatch(/^Skriv aldrig personnummer eller samordningsnummer\./);
    expect(refused.items[0]!.target).toBe('placement-new-participantRef');
    expect(JSON.stringify(refused)).not.toMatch(/personal identity|Invalid input|Too small|expected/);
  });

  it("lists a CSV import's issues by row and column", () => {
    const error = new KlausulError('validation', 'The placements are not valid', {
      issues: [
        { row: 2, ...issue('fte', 'too_big', { maximum: 1 }, 'Too big: expected number to be <=1') },
        { row: 3, ...issue('attestation.date', 'invalid_format') },
      ],
    });
    expect(wordCsvRefusal(sv, error, CLAUSE_FORMS.placementFields).items.map((i) => i.text)).toEqual([
      'Rad 2, kolumn fte: Ange ett tal som är högst 1.',
      'Rad 3, kolumn attestationDate: Datumet ska skrivas ÅÅÅÅ-MM-DD.',
    ]);
    const pin = new KlausulError('personal_identity_number', 'Row 1, column participantRef contains …', { path: 'participantRef', row: 1 });
    expect(wordCsvRefusal(en, pin, fields).items[0]!.text).toMatch(/^Row 1, column participantRef: Never enter/);
    const header = new KlausulError('validation', 'The CSV header does not match', {
      issues: [{ path: 'fte', message: 'this column is missing from the header row' }],
    });
    expect(wordCsvRefusal(sv, header, fields).items[0]!.text).toBe('Kolumn fte: Kolumnen saknas i rubrikraden.');
  });
});
