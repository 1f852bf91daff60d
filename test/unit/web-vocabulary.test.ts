/**
 * The web application's words for the issue-18 vocabulary (docs/glossary.md):
 * target groups in today's words wherever a page shows one, and the
 * matchningsansvarig where the form names the matching body.
 */
import { describe, expect, it } from 'vitest';
import { deadlineLabel, fieldLabel, ITEM_STATE_WORKFLOWS, itemStateLabel, wordsFor } from '../../src/web/i18n.ts';
import { statesOf } from '../../workflows/states.ts';
import { templateIds, templateVersions } from '../../templates/index.ts';
import { ROLES } from '../../src/domain/roles.ts';
import { OUTCOMES } from '../../workflows/placement.ts';
import { REPORTING_PERIODS } from '../../src/domain/schedule.ts';
import { Fields, type Field } from '../../src/web/forms.tsx';

describe('target groups on web pages', () => {
  it('reads a target group in the glossary words, in Swedish and English', () => {
    expect(wordsFor('sv').targetGroup('newcomers')).toBe('Nyanlända som deltar i etableringsprogrammet');
    expect(wordsFor('sv').targetGroup('disability')).toBe('Personer med funktionsnedsättning som medför nedsatt arbetsförmåga');
    expect(wordsFor('en').targetGroup('newcomers')).toBe('Newly arrived immigrants taking part in the introduction programme (etableringsprogrammet)');
    expect(wordsFor('en').targetGroup('youth-16-24')).toBe('Young people aged 16–24');
  });

  it('shows an unknown code as it is rather than inventing words for it', () => {
    expect(wordsFor('sv').targetGroup('aliens')).toBe('aliens');
    expect(wordsFor('sv').targetGroup(null)).toBe('null');
  });

  it('labels the options of target-group fields, and leaves other options as given', () => {
    const sv = wordsFor('sv');
    expect(sv.option('targetGroup', { value: 'long-term-unemployed', label: 'long-term-unemployed' })).toBe('Långtidsarbetslösa');
    expect(sv.option('params.targetGroups', { value: 'newcomers', label: 'newcomers' })).toBe('Nyanlända som deltar i etableringsprogrammet');
    expect(sv.option('language', { value: 'sv', label: 'Svenska' })).toBe('Svenska');
  });

  it('shows the words, not the codes, on a form with target-group choices', async () => {
    const options = ['newcomers', 'youth-16-24'].map((value) => ({ value, label: value }));
    const fields: Field[] = [
      { name: 'targetGroup', kind: 'select', required: true, options },
      { name: 'params.targetGroups', kind: 'checkboxes', required: true, options },
    ];
    const html = String(await Fields({ fields, words: wordsFor('sv'), idPrefix: 'x' }));
    expect(html.match(/Nyanlända som deltar i etableringsprogrammet/g)).toHaveLength(2);
    expect(html).toContain('value="newcomers"');
    expect(html).not.toMatch(/>newcomers</);
  });
});

it('names the matching body matchningsansvarig on Swedish forms', () => {
  expect(fieldLabel('sv', 'matchingBodyOrgId')).toBe('Matchningsansvarig');
  expect(fieldLabel('en', 'matchingBodyOrgId')).toBe('Matching body');
});

describe('the states of placements, reports, openings, proposals and offers on web pages', () => {
  const workflows = ['placement', 'period-report', 'opening', 'proposal', 'employment-offer'] as const;

  it('has words in both languages for every state of every item workflow, never the code', () => {
    expect([...ITEM_STATE_WORKFLOWS].sort()).toEqual([...workflows].sort());
    for (const workflowId of workflows) {
      for (const state of statesOf(workflowId)) {
        const sv = itemStateLabel('sv', workflowId, state);
        const en = itemStateLabel('en', workflowId, state);
        expect(sv, `${workflowId} ${state}`).not.toBe(state);
        expect(en, `${workflowId} ${state}`).not.toBe(state);
        expect(sv).not.toBe(en);
      }
    }
  });

  it('says a placement that ended in Swedish and English', () => {
    expect(itemStateLabel('sv', 'placement', 'completed')).toBe('Genomförd, väntar på kontroll');
    expect(itemStateLabel('en', 'employment-offer', 'declined')).toBe('Declined');
  });
});

describe('coded choices on web pages', () => {
  it('names every outcome and reporting period in words in both languages', () => {
    for (const lang of ['sv', 'en'] as const) {
      const words = wordsFor(lang);
      for (const outcome of OUTCOMES) expect(words.option('outcome', { value: outcome, label: outcome })).not.toBe(outcome);
      for (const period of REPORTING_PERIODS) expect(words.option('deadlines.reportingPeriod', { value: period, label: period })).not.toBe(period);
    }
    expect(wordsFor('sv').option('outcome', { value: 'furtherPlacement', label: 'furtherPlacement' })).toBe('Ny praktikplats');
  });
});

describe('roles and units on web pages', () => {
  it("names every role and every template's unit in words in both languages", () => {
    // A measure may name its units as alternatives ('apprentices or training-hours'); a clause's target has one of them.
    const units = new Set(templateIds().flatMap((id) => templateVersions(id).flatMap((t) => t.measure.unit.split(' or '))));
    const [sv, en] = [wordsFor('sv'), wordsFor('en')];
    // Swedish never shows the code; English may share a plain word with it (contractor, placements), never a code that reads as one.
    const looksLikeCode = (code: string) => /-|[a-z][A-Z]/.test(code);
    for (const role of ROLES) {
      expect(sv.role(role), role).not.toBe(role);
      if (looksLikeCode(role)) expect(en.role(role), role).not.toBe(role);
    }
    for (const unit of units) {
      expect(sv.unit(unit), unit).not.toBe(unit);
      if (looksLikeCode(unit)) expect(en.unit(unit), unit).not.toBe(unit);
    }
    expect(wordsFor('sv').role('officer')).toBe('upphandlare');
    expect(wordsFor('sv').unit('fte-months')).toBe('heltidsmånader');
  });
});

describe('what a deadline says', () => {
  it('says in words that a deadline missed when it fell due was made good since', () => {
    expect(deadlineLabel('sv', 'metLate')).toBe('Uppfylld i efterhand');
    expect(deadlineLabel('en', 'metLate')).toBe('Met late');
    expect(deadlineLabel('sv', 'notMet')).toBe('Inte uppfylld');
  });
});
