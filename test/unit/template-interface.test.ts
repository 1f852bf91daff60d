/**
 * Template-specific parameters reach the engine through the template's
 * interface (issue 17): what the clause text promises about deadlines, and
 * the target groups the clause is for. The engine never reads a parameter by
 * name.
 */
import { describe, expect, it } from 'vitest';
import { findTemplate, latestTemplates, templateIds, templateVersions } from '../../templates/index.ts';
import { fieldsFromSchema } from '../../src/web/forms.tsx';
import { TARGET_GROUPS } from '../../src/domain/target-groups.ts';
import { scheduleSettings } from '../../src/domain/schedule.ts';

const parse = (id: string, params: object) => {
  const template = findTemplate(id)!;
  return { template, params: template.paramsSchema.parse(params) };
};

describe('promisedSchedule', () => {
  it('employment: the first job within the months its text promises (default 6)', () => {
    const given = parse('employment', { months: 24, targetGroups: ['newcomers'], matchingBody: 'AF', firstJobWithinMonths: 4 });
    expect(given.template.promisedSchedule(given.params)).toEqual({ firstJobWithinMonths: 4 });
    const defaulted = parse('employment', { months: 24, targetGroups: ['newcomers'], matchingBody: 'AF' });
    expect(defaulted.template.promisedSchedule(defaulted.params)).toEqual({ firstJobWithinMonths: 6 });
  });

  it.each([
    ['placements', { count: 4, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['youth-16-24'], matchingBody: 'AF' }],
    ['local-hiring', { localSharePct: 30, areas: ['Lugnvik'] }],
    ['training', { apprenticeHours: 2_000 }],
    ['dialogue', { withinMonths: 3 }],
  ])('%s promises no deadline', (id, params) => {
    const { template, params: parsed } = parse(id, params);
    expect(template.promisedSchedule(parsed)).toEqual({});
  });

  it('names only deadline settings AWARD knows', () => {
    const settings = Object.keys(scheduleSettings.shape);
    for (const template of latestTemplates()) {
      for (const key of Object.keys(template.promisedSchedule(template.paramsSchema.parse(sampleParams(template.id))))) expect(settings).toContain(key);
    }
  });
});

describe('targetGroups', () => {
  it('employment and placements: the groups their parameters name', () => {
    const employment = parse('employment', { months: 24, targetGroups: ['newcomers', 'disability'], matchingBody: 'AF' });
    expect(employment.template.targetGroups(employment.params)).toEqual(['newcomers', 'disability']);
    const placements = parse('placements', { count: 2, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['youth-16-24'], matchingBody: 'AF' });
    expect(placements.template.targetGroups(placements.params)).toEqual(['youth-16-24']);
  });

  it('training: its optional groups, or null (any group) when it names none', () => {
    const named = parse('training', { apprentices: 3, targetGroups: ['youth-16-24'] });
    expect(named.template.targetGroups(named.params)).toEqual(['youth-16-24']);
    const none = parse('training', { apprenticeHours: 2_000 });
    expect(none.template.targetGroups(none.params)).toBeNull();
  });

  it('local hiring and dialogue name no target group', () => {
    for (const id of ['local-hiring', 'dialogue']) {
      const { template, params } = parse(id, sampleParams(id));
      expect(template.targetGroups(params)).toBeNull();
    }
  });

  it('every group named is a known target group', () => {
    for (const template of latestTemplates()) {
      for (const group of template.targetGroups(template.paramsSchema.parse(sampleParams(template.id))) ?? []) expect(TARGET_GROUPS).toContain(group);
    }
  });
});

it('templateIds lists each template of the library once', () => {
  expect(templateIds()).toEqual(['employment', 'placements', 'local-hiring', 'training', 'dialogue']);
});

function sampleParams(id: string): object {
  const samples: Record<string, object> = {
    employment: { months: 24, targetGroups: ['newcomers'], matchingBody: 'AF' },
    placements: { count: 4, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['youth-16-24'], matchingBody: 'AF' },
    'local-hiring': { localSharePct: 30, areas: ['Lugnvik'] },
    training: { apprentices: 3, targetGroups: ['youth-16-24'] },
    dialogue: { withinMonths: 3 },
  };
  return samples[id]!;
}

describe('labels', () => {
  // A new clause kind brings the words of its form: the web application has none of its own for parameters.
  const everyVersion = templateIds().flatMap((id) => templateVersions(id));

  it('name every parameter the draft form shows, in Swedish and English', () => {
    for (const template of everyVersion) {
      const shown = fieldsFromSchema(template.paramsJsonSchema).map((field) => field.name);
      expect(shown.length, template.id).toBeGreaterThan(0);
      const missing = shown.filter((name) => !template.labels[name]?.sv?.trim() || !template.labels[name]?.en?.trim());
      expect(missing, `${template.id}@${template.version}: parameters without a label in both languages`).toEqual([]);
    }
  });

  it('name no parameter the template does not have', () => {
    for (const template of everyVersion) {
      const shown = new Set(fieldsFromSchema(template.paramsJsonSchema).map((field) => field.name));
      expect(
        Object.keys(template.labels).filter((name) => !shown.has(name)),
        template.id,
      ).toEqual([]);
    }
  });
});
