/**
 * The template library: golden texts (test/golden/, read them: they must read as
 * contract language), parameter schemas, targets at edge values, eForms codes.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { latestTemplates, findTemplate, templateVersions, type ClauseTemplate } from '../../templates/index.ts';
import { eformsLotFields } from '../../src/domain/eforms.ts';
import { unitsPerMsek, unitsPerStartedMsek } from '../../src/domain/fulfilment.ts';

const template = (id: string): ClauseTemplate<any> => findTemplate(id)!;

/** For each template: the smallest valid parameters and all optional parts set. */
const CASES: Record<string, { minimal: object; full: object }> = {
  employment: {
    minimal: { months: 24, targetGroups: ['long-term-unemployed'], matchingBody: 'Arbetsförmedlingen' },
    full: {
      monthsPerMsek: 2,
      minMonthsPerJob: 6,
      targetGroups: ['newcomers', 'long-term-unemployed', 'disability'],
      matchingBody: 'Arbetsförmedlingen',
      firstJobWithinMonths: 4,
      earlyEndThresholdPct: 80,
      vite: { sekPerMissingMonth: 30_000, sekPerWeekLateFirstJob: 5_000, capPct: 3 },
    },
  },
  placements: {
    minimal: { count: 4, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['youth-16-24'], matchingBody: 'Arbetsförmedlingen' },
    full: {
      msekPerPlacement: 5,
      minWeeks: 16,
      hoursPerWeek: 40,
      targetGroups: ['newcomers', 'youth-16-24'],
      matchingBody: 'Östersunds kommuns arbetsmarknadsenhet',
      vite: { sekPerMissingPlacement: 50_000, capPct: 2.5 },
    },
  },
  'local-hiring': {
    minimal: { localSharePct: 30, areas: ['Lugnvik'] },
    full: {
      localSharePct: 30,
      disadvantagedSharePct: 15,
      apprenticeSharePct: 20,
      areas: ['831 40', '831 41', 'Odenskog'],
      matchingBody: 'Arbetsförmedlingen',
      vite: { sekPerMissingPercentagePoint: 25_000, capPct: 2 },
    },
  },
  training: {
    minimal: { apprenticeHours: 2_000 },
    full: { apprentices: 3, targetGroups: ['youth-16-24'], trainingProvider: 'Byggbranschens Yrkesnämnd', vite: { sekPerMissingUnit: 40_000, capPct: 1 } },
  },
  dialogue: {
    minimal: { withinMonths: 3 },
    full: { withinMonths: 6, dialogueWith: 'Örebro kommuns arbetsmarknadsenhet' },
  },
};

describe('template library', () => {
  it('offers the five kinds, each versioned, in Swedish and English', () => {
    expect(
      latestTemplates()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['dialogue', 'employment', 'local-hiring', 'placements', 'training']);
    for (const t of latestTemplates()) {
      expect(t.version).toBeGreaterThanOrEqual(1);
      expect(t.languages).toEqual(['sv', 'en']);
      expect(t.paramsJsonSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(t.measure.unit).not.toBe('');
    }
  });

  /** Version 1's goldens keep their names; later versions carry theirs (`employment.v2.full.sv.txt`). */
  const golden = (id: string, version: number, variant: string, language: string) =>
    `../golden/${id}.${version === 1 ? '' : `v${version}.`}${variant}.${language}.txt`;

  describe.each(Object.keys(CASES).flatMap((id) => templateVersions(id).map((t) => [`${id}@${t.version}`, t] as const)))('%s', (_name, t) => {
    const id = t.id;
    const variants: Record<string, object> = { ...CASES[id]! };
    // From version 2 the clause may give the buyer the right to terminate; the full text with it is golden too.
    if (t.version >= 2) variants['full-termination'] = { ...CASES[id]!.full, termination: true };
    for (const [variant, input] of Object.entries(variants)) {
      for (const language of ['sv', 'en'] as const) {
        it(`renders the ${variant} clause in ${language} as in test/golden`, async () => {
          const params = t.paramsSchema.parse(input);
          const text = t.render(language, params);
          expect(text).not.toMatch(/undefined|null|NaN|\{\{|\{%|\n{3,}| {2}/);
          await expect(`${text}\n\n-- BT-777 --\n${t.summary(language, params)}\n`).toMatchFileSnapshot(golden(id, t.version, variant, language));
        });
      }
    }

    it('states vite when set and leaves it out cleanly when not', () => {
      const minimal = t.render('sv', t.paramsSchema.parse(CASES[id]!.minimal));
      expect(minimal).not.toMatch(/vite/i);
      const full = t.render('sv', t.paramsSchema.parse(CASES[id]!.full));
      expect(/vite/i.test(full)).toBe(t.vite(t.paramsSchema.parse(CASES[id]!.full)) !== null);
    });

    it('refuses unknown fields and a personal identity number is not its concern (the HTTP guard is)', () => {
      expect(t.paramsSchema.safeParse({ ...CASES[id]!.minimal, colour: 'red' }).success).toBe(false);
      expect(t.paramsSchema.safeParse({}).success).toBe(false);
    });
  });

  it.each([
    ['employment', { months: -1, targetGroups: ['newcomers'], matchingBody: 'AF' }, 'months'],
    ['employment', { months: 10, monthsPerMsek: 1, targetGroups: ['newcomers'], matchingBody: 'AF' }, 'months'],
    ['employment', { months: 10, targetGroups: [], matchingBody: 'AF' }, 'targetGroups'],
    ['employment', { months: 10, targetGroups: ['newcomers'], matchingBody: 'AF', earlyEndThresholdPct: 101 }, 'earlyEndThresholdPct'],
    ['placements', { count: 0, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['newcomers'], matchingBody: 'AF' }, 'count'],
    ['placements', { count: 2, msekPerPlacement: 5, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['newcomers'], matchingBody: 'AF' }, 'count'],
    ['placements', { count: 2, minWeeks: 12, hoursPerWeek: 60, targetGroups: ['newcomers'], matchingBody: 'AF' }, 'hoursPerWeek'],
    ['local-hiring', { localSharePct: 130, areas: ['Lugnvik'] }, 'localSharePct'],
    ['local-hiring', { localSharePct: 10, disadvantagedSharePct: 15, areas: ['Lugnvik'] }, 'disadvantagedSharePct'],
    ['local-hiring', { localSharePct: 30, areas: [] }, 'areas'],
    ['local-hiring', { localSharePct: 30, areas: ['Lugnvik'], vite: { sekPerMissingPercentagePoint: 1000, capPct: 0 } }, 'vite.capPct'],
    ['training', { apprentices: 2, apprenticeHours: 100 }, 'apprentices'],
    ['training', { apprentices: 2.5 }, 'apprentices'],
    ['dialogue', { withinMonths: 0 }, 'withinMonths'],
    ['dialogue', { withinMonths: 3, dialogueWith: '' }, 'dialogueWith'],
  ])('%s refuses %j naming %s', (id, params, field) => {
    const result = template(id).paramsSchema.safeParse(params);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('applies documented defaults', () => {
    const employment = template('employment').paramsSchema.parse(CASES.employment!.minimal);
    expect(employment).toMatchObject({ firstJobWithinMonths: 6, earlyEndThresholdPct: 75 });
    expect(template('dialogue').paramsSchema.parse({ withinMonths: 3 })).toMatchObject({ dialogueWith: 'Arbetsförmedlingen' });
  });
});

describe('targets at edge values (rounded up)', () => {
  it.each([
    [10_000_000, 5, 2], // exact multiple
    [10_000_001, 5, 3], // one krona more starts another 5 MSEK
    [12_000_000, 5, 3],
    [1, 5, 1], // a tiny contract still owes one
    [4_999_999, 2.5, 2],
    [5_000_000, 2.5, 2],
    [300_000, 0.1, 3], // 0.1 MSEK steps exactly, despite binary floating point
    [9_000_000_000_000_000, 5, 1_800_000_000], // huge
  ])('one placement per started MSEK: %i SEK at %d MSEK each → %i', (value, perMsek, expected) => {
    expect(unitsPerStartedMsek(value, perMsek)).toBe(expected);
    expect(template('placements').target({ ...CASES.placements!.full, msekPerPlacement: perMsek }, value).value).toBe(expected);
  });

  it.each([
    [10_000_000, 2, 20],
    [10_000_001, 2, 21],
    [12_500_000, 0.3, 4], // 3.75 → 4
    [1, 0.5, 1],
    [3_000_000, 0.1 * 3, 1], // 0.9 exactly, not 0.9000000000000001
  ])('FTE-months per MSEK: %i SEK at %d per MSEK → %i', (value, perMsek, expected) => {
    expect(unitsPerMsek(value, perMsek)).toBe(expected);
    expect(template('employment').target({ ...CASES.employment!.full, monthsPerMsek: perMsek }, value).value).toBe(expected);
  });

  it('leaves a proportional target open until award and fixed targets fixed', () => {
    expect(template('placements').target(CASES.placements!.full, null).value).toBeNull();
    expect(template('placements').needsContractValue(CASES.placements!.full)).toBe(true);
    expect(template('placements').needsContractValue(CASES.placements!.minimal)).toBe(false);
    expect(template('local-hiring').target(CASES['local-hiring']!.full, null)).toMatchObject({ value: 30 });
    expect(template('training').target(CASES.training!.minimal, null)).toMatchObject({ unit: 'training-hours', value: 2_000 });
    expect(template('dialogue').target(CASES.dialogue!.minimal, null)).toMatchObject({ unit: 'dialogue', value: 1 });
  });
});

describe('eForms fields', () => {
  const codes = (file: string) =>
    new Set((parse(readFileSync(new URL(`../../reference/eforms/${file}`, import.meta.url)), { columns: true }) as { code: string }[]).map((r) => r.code));

  it.each(Object.keys(CASES))('%s uses only codes from the eForms codelists', (id) => {
    const t = template(id);
    const params = t.paramsSchema.parse(CASES[id]!.full);
    const fields = eformsLotFields({
      language: 'sv',
      text: t.render('sv', params),
      summary: t.summary('sv', params),
      socialObjectives: t.socialObjectives(params),
    });
    expect(codes('strategic-procurement.csv').has(fields['BT-06-Lot'].value)).toBe(true);
    expect(fields['BT-06-Lot'].value).toBe('soc-obj');
    expect(fields['BT-775-Lot'].value.length).toBeGreaterThan(0);
    for (const code of fields['BT-775-Lot'].value) expect(codes('social-objective.csv').has(code)).toBe(true);
    expect(fields['BT-70-Lot'].value).toEqual({ SWE: t.render('sv', params) });
    expect(fields['BT-777-Lot'].value.SWE).toBe(t.summary('sv', params));
    expect(fields['BT-775-Lot'].xpath).toContain("listName='social-objective'");
  });
});
