/**
 * Version 2 of the templates (issue 18) as a Swedish lawyer reads them: the
 * legal basis, the sanction ladder the parameters switch on, "anvisas" only
 * by Arbetsförmedlingen, and the glossary's words (docs/glossary.md), while
 * version 1 keeps the words it was published with.
 */
import { describe, expect, it } from 'vitest';
import { findTemplate, templateIds, type ClauseTemplate } from '../../templates/index.ts';
import { TARGET_GROUPS } from '../../src/domain/target-groups.ts';

const v2 = (id: string): ClauseTemplate<any> => findTemplate(id, 2)!;

const SAMPLES: Record<string, object> = {
  employment: { months: 24, targetGroups: ['newcomers', 'disability'], matchingBody: 'Arbetsförmedlingen', vite: { sekPerMissingMonth: 30_000, capPct: 3 } },
  placements: {
    msekPerPlacement: 5,
    minWeeks: 12,
    hoursPerWeek: 30,
    targetGroups: ['newcomers'],
    matchingBody: 'Arbetsförmedlingen',
    vite: { sekPerMissingPlacement: 50_000, capPct: 2 },
  },
  'local-hiring': { localSharePct: 30, areas: ['Lugnvik'], vite: { sekPerMissingPercentagePoint: 25_000, capPct: 2 } },
  training: { apprentices: 3, targetGroups: ['youth-16-24'], vite: { sekPerMissingUnit: 40_000, capPct: 1 } },
  dialogue: { withinMonths: 3 },
};

it('every template has a version 2, and new drafts get it', () => {
  for (const id of templateIds()) {
    expect(v2(id), id).toBeDefined();
    expect(findTemplate(id)!.version, id).toBe(2);
  }
});

describe.each(Object.keys(SAMPLES))('%s version 2', (id) => {
  const t = v2(id);
  const parse = (extra: object = {}) => t.paramsSchema.parse({ ...SAMPLES[id], ...extra });

  it('states its legal basis in both languages', () => {
    expect(t.render('sv', parse())).toContain(
      'särskilda kontraktsvillkor (villkor för fullgörande av kontrakt) enligt 17 kap. 1 § lagen (2016:1145) om offentlig upphandling',
    );
    expect(t.render('en', parse())).toContain(
      'special conditions for the performance of the contract under Chapter 17, Section 1 of the Swedish Public Procurement Act (2016:1145)',
    );
  });

  it('describes notice and remedy always, vite as claimed by the buyer, and termination only when set', () => {
    const plain = t.render('sv', parse());
    expect(plain).toContain('begära rättelse');
    expect(plain).toContain('avhjälpa bristen');
    expect(plain).toContain('åtgärdsplan');
    expect(plain).not.toMatch(/häva avtalet|väsentligt avtalsbrott/);
    expect(plain).not.toMatch(/besluta om vite|vitesföreläggande/i);
    if (t.vite(parse())) expect(plain).toMatch(/beställaren rätt att kräva vite med .*, dock sammanlagt högst \d/);
    else expect(plain).not.toMatch(/vite/i);

    const terminable = parse({ termination: true });
    expect(t.render('sv', terminable)).toContain(
      'Utgör bristen ett väsentligt avtalsbrott och har den inte avhjälpts inom den angivna tiden har beställaren rätt att häva avtalet.',
    );
    expect(t.render('en', terminable)).toContain(
      'If the breach is material and has not been remedied within the time set, the buyer is entitled to terminate the contract (hävning).',
    );
    expect(t.render('en', parse())).not.toMatch(/terminate the contract/);
  });

  it('termination is an optional boolean, false unless set, and labelled in both languages', () => {
    expect(parse().termination).toBe(false);
    expect(t.termination(parse())).toBe(false);
    expect(t.termination(parse({ termination: true }))).toBe(true);
    expect(t.paramsSchema.safeParse({ ...SAMPLES[id], termination: 'yes' }).success).toBe(false);
    expect(t.paramsJsonSchema).toMatchObject({ properties: { termination: { type: 'boolean', default: false } } });
    expect(t.labels.termination).toEqual({ sv: 'Rätt att häva avtalet vid väsentligt avtalsbrott', en: 'Right to terminate the contract for material breach' });
  });

  it('version 1 has no termination term and refuses the parameter', () => {
    const first = findTemplate(id, 1)!;
    expect(first.termination(first.paramsSchema.parse(SAMPLES[id]))).toBe(false);
    expect(first.paramsSchema.safeParse({ ...SAMPLES[id], termination: true }).success).toBe(false);
  });
});

describe('the matching body', () => {
  const withBody = (id: string, matchingBody: string) => v2(id).paramsSchema.parse({ ...SAMPLES[id], matchingBody });

  it.each(['employment', 'placements'])('%s: "anvisas av Arbetsförmedlingen" only for Arbetsförmedlingen', (id) => {
    const af = v2(id);
    expect(af.render('sv', withBody(id, 'Arbetsförmedlingen'))).toContain('anvisas av Arbetsförmedlingen');
    expect(af.render('sv', withBody(id, ' arbetsförmedlingen '))).toContain('anvisas av Arbetsförmedlingen');
    expect(af.render('en', withBody(id, 'Arbetsförmedlingen'))).toContain('referred by Arbetsförmedlingen (the Swedish Public Employment Service)');

    const municipal = withBody(id, 'Östersunds kommuns arbetsmarknadsenhet');
    const sv = af.render('sv', municipal);
    expect(sv).toContain('matchas av Östersunds kommuns arbetsmarknadsenhet, som är matchningsansvarig');
    expect(sv).not.toMatch(/anvis/i);
    const en = af.render('en', municipal);
    expect(en).toContain('matched by Östersunds kommuns arbetsmarknadsenhet, the party responsible for matching (matchningsansvarig)');
    expect(en).not.toMatch(/referred/i);
  });
});

describe('words', () => {
  it('employment: the first job started or offered, and the early end in the LAS terms of criterion 11554', () => {
    const text = v2('employment').render('sv', v2('employment').paramsSchema.parse(SAMPLES.employment));
    expect(text).toContain('Den första anställningen ska påbörjas eller erbjudas senast 6 månader efter avtalsstart.');
    expect(text).toContain(
      'Om en anställning avslutas i förtid av den anställde, eller av leverantören genom uppsägning på grund av sakliga skäl (7 § lagen om anställningsskydd) eller genom avskedande (18 § samma lag)',
    );
    expect(text).not.toContain('upphör i förtid av sakliga skäl');
    const en = v2('employment').render('en', v2('employment').paramsSchema.parse(SAMPLES.employment));
    expect(en).toContain(
      'ended early by the employee, or by the supplier through termination on objective grounds (Section 7 of the Employment Protection Act) or through summary dismissal (Section 18 of that Act)',
    );
    expect(en).not.toContain('lawful cause');
  });

  it('placements: "per påbörjade N miljoner kronor", and one million in the singular', () => {
    const t = v2('placements');
    expect(t.render('sv', t.paramsSchema.parse(SAMPLES.placements))).toContain('minst en praktikplats per påbörjade 5 miljoner kronor av kontraktets värde');
    const perMillion = t.paramsSchema.parse({ ...SAMPLES.placements, msekPerPlacement: 1 });
    expect(t.render('sv', perMillion)).toContain('minst en praktikplats per påbörjad miljon kronor av kontraktets värde');
    expect(t.render('en', perMillion)).toContain('at least one work placement per started million SEK of contract value');
    expect(t.summary('sv', perMillion)).toContain('per påbörjad miljon kronor');
  });

  it('the target groups in version 2 in the words of today, in version 1 as published', () => {
    const params = { count: 2, minWeeks: 12, hoursPerWeek: 30, targetGroups: [...TARGET_GROUPS], matchingBody: 'Arbetsförmedlingen' };
    const second = v2('placements');
    const sv = second.render('sv', second.paramsSchema.parse(params));
    expect(sv).toContain('nyanlända som deltar i etableringsprogrammet');
    expect(sv).toContain('personer med funktionsnedsättning som medför nedsatt arbetsförmåga');
    expect(sv).not.toContain('etableringsfasen');
    expect(second.render('en', second.paramsSchema.parse(params))).not.toContain('establishment phase');

    const first = findTemplate('placements', 1)!;
    expect(first.render('sv', first.paramsSchema.parse(params))).toContain('nyanlända i etableringsfasen');
    expect(first.summary('en', first.paramsSchema.parse(params))).toContain('newcomers in the establishment phase');
  });
});
