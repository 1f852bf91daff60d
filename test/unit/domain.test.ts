import { describe, expect, it } from 'vitest';
import { containsPersonalIdentityNumber, findPersonalIdentityNumber } from '../../src/domain/personal-identity-number.ts';
import { computedVite, fulfilmentOf, unitsPerStartedMsek as proportionalTarget, sanctionCap } from '../../src/domain/fulfilment.ts';
import { formatSek, percentOfSek } from '../../src/domain/money.ts';
import { canSeeClause, mayActAs } from '../../src/domain/access.ts';
import { WRITTEN_FORMS } from '../support/identity-number-forms.ts';
import type { Actor } from '../../src/domain/roles.ts';

describe('personal identity number guard', () => {
  it.each([
    '19811218-9876',
    '811218-9876',
    '198112189876',
    '8112189876',
    '20010101-1237',
    '010101+1237' /* over 100 years old */,
    'Deltagare 811218-9876 började i dag',
    '811278-9873' /* samordningsnummer: day 18 + 60 */,
    'intyg 19811218 9876.pdf',
    // Written the ways people write them (issue 20): spaces, dashes, invisible and full-width characters.
    ...WRITTEN_FORMS.map(([, text]) => text),
  ])('finds %s', (text) => {
    expect(containsPersonalIdentityNumber(text)).toBe(true);
  });

  it.each([
    '811218-9875' /* wrong check digit */,
    '811318-9876' /* month 13 */,
    'AF-2026-0042',
    '2026-03-01',
    'ÖH-2026-014',
    '5560360793' /* organisationsnummer: month 60 */,
    '12 000 000 kr',
    '1234567890123',
    '19811218-98761',
    '811218 98761' /* five digits after the space: not the shape */,
    '811218 9875' /* spaced, wrong check digit */,
    'Tel. 070\u2011123 45 67',
    '\uff21\uff26-2026-0042' /* a full-width reference */,
  ])('lets %s through', (text) => {
    expect(containsPersonalIdentityNumber(text)).toBe(false);
  });

  it('never takes an id for one, though one id in ten thousand holds ten digits that would pass', () => {
    // The last group holds 1204732042: 12-04-73 is a valid coordination number (day 13 + 60) with a valid check digit.
    expect(containsPersonalIdentityNumber('1204732042')).toBe(true);
    expect(containsPersonalIdentityNumber('c3f7de19-8f6c-48c4-8fbc-c1204732042d')).toBe(false);
    expect(containsPersonalIdentityNumber('https://hooks.example.org/c3f7de19-8f6c-48c4-8fbc-c1204732042d')).toBe(false);
    expect(containsPersonalIdentityNumber('c3f7de19-8f6c-48c4-8fbc-c1204732042d 811218-9876')).toBe(true);
  });

  it('reports the path of the first hit anywhere in a JSON value', () => {
    expect(findPersonalIdentityNumber({ a: [{ b: 'ok' }, { c: 'ref 19811218-9876' }] })).toBe('a.1.c');
    expect(findPersonalIdentityNumber({ '811218-9876': true })).toBe('811218-9876');
    expect(findPersonalIdentityNumber({ n: 198112189876 })).toBe('n');
    expect(findPersonalIdentityNumber({ fine: 'AF-2026-0042', n: 12_000_000 })).toBeNull();
  });
});

describe('targets, fulfilment and vite', () => {
  it('computes proportional targets per started MSEK', () => {
    expect(proportionalTarget(12_000_000, 5)).toBe(3);
    expect(proportionalTarget(10_000_000, 5)).toBe(2);
    expect(proportionalTarget(10_000_001, 5)).toBe(3);
    expect(proportionalTarget(300_000, 5)).toBe(1);
    expect(proportionalTarget(30_000_000, 0.1 * 3)).toBe(100);
  });

  it('measures fulfilment and never confirms an empty delivery', () => {
    const target = { unit: 'placements', value: 4, basis: '' };
    expect(fulfilmentOf(target, 0)).toEqual({ unit: 'placements', target: 4, measured: 0, pct: 0, reached: false, byTargetGroup: {}, milestones: [] });
    expect(fulfilmentOf(target, 3)).toMatchObject({ pct: 75, reached: false });
    expect(fulfilmentOf(target, 5)).toMatchObject({ pct: 125, reached: true });
    expect(fulfilmentOf({ ...target, value: 3 }, 1)).toMatchObject({ pct: 33.3 });
    expect(fulfilmentOf({ ...target, value: null }, 5)).toMatchObject({ pct: null, reached: false });
    expect(fulfilmentOf({ ...target, value: 0 }, 0)).toMatchObject({ reached: false });
  });

  it('caps vite at a percentage of the contract value in whole SEK', () => {
    const terms = { sekPerMissingUnit: 50_000, capPct: 2.5 };
    expect(sanctionCap(12_345_679, terms)).toBe(308_641);
    expect(computedVite(fulfilmentOf({ unit: 'p', value: 10, basis: '' }, 4), 12_000_000, terms)).toBe(300_000);
    expect(computedVite(fulfilmentOf({ unit: 'p', value: 3, basis: '' }, 1), 12_000_000, terms)).toBe(100_000);
    expect(computedVite(fulfilmentOf({ unit: 'p', value: 3, basis: '' }, 5), 12_000_000, terms)).toBe(0);
    expect(percentOfSek(9_007_199_254_740_991, 100)).toBe(9_007_199_254_740_991);
    expect(percentOfSek(1_000_000, 0.1 + 0.2)).toBe(3_000);
  });

  it('formats money per language', () => {
    expect(formatSek(12_000_000, 'sv').replace(/\s/g, ' ')).toBe('12 000 000 kr');
    expect(formatSek(12_000_000, 'en')).toBe('SEK 12,000,000');
  });
});

describe('clause access', () => {
  const actor = (role: Actor['role'], orgId: string): Actor => ({
    userId: 'u',
    userName: 'n',
    role,
    orgId,
    orgKind: role === 'contractor' ? 'supplier' : 'buyer',
  });
  const clause = { buyerOrgId: 'B', contractorOrgId: 'S' };
  it('shows a clause to its buyer and awarded supplier only', () => {
    expect(canSeeClause(actor('officer', 'B'), clause)).toBe(true);
    expect(canSeeClause(actor('contractor', 'S'), clause)).toBe(true);
    expect(canSeeClause(actor('contractor', 'S'), { ...clause, contractorOrgId: null })).toBe(false);
    expect(canSeeClause(actor('officer', 'X'), clause)).toBe(false);
  });
  it('lets a role act only for the organisation that holds it on the clause', () => {
    expect(mayActAs(actor('officer', 'B'), 'officer', clause)).toBe(true);
    expect(mayActAs(actor('auditor', 'B'), 'officer', clause)).toBe(false);
    expect(mayActAs(actor('contractor', 'S'), 'contractor', clause)).toBe(true);
    expect(mayActAs(actor('contractor', 'X'), 'contractor', clause)).toBe(false);
    expect(mayActAs(actor('admin', 'B'), 'admin', clause)).toBe(false);
  });
});
