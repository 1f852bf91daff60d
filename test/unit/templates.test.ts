import { describe, expect, it } from 'vitest';
import { findTemplate, latestTemplates } from '../../templates/index.ts';
import { placementsV1 } from '../../templates/placements/index.ts';
import { loadConfig } from '../../src/config.ts';

const base = { minWeeks: 12, hoursPerWeek: 30, targetGroups: ['newcomers', 'youth-16-24'], matchingBody: 'Arbetsförmedlingen' };

describe('placements template v1', () => {
  it('renders Swedish and English text with the parameters, stating vite only when set', () => {
    const withVite = placementsV1.paramsSchema.parse({ ...base, count: 4, vite: { sekPerMissingPlacement: 50_000, capPct: 2.5 } });
    const sv = placementsV1.render('sv', withVite);
    expect(sv).toContain('minst 4 praktikplatser för nyanlända i etableringsfasen eller unga 16–24 år');
    expect(sv.replace(/\s/g, ' ')).toContain('vite med 50 000 kr per saknad praktikplats, dock sammanlagt högst 2,5 procent');
    const en = placementsV1.render('en', withVite);
    expect(en).toContain('at least 4 work placements for newcomers in the establishment phase or young people aged 16–24');
    expect(en).toContain('SEK 50,000 per missing placement');

    const plain = placementsV1.paramsSchema.parse({ ...base, msekPerPlacement: 5 });
    const text = placementsV1.render('en', plain);
    expect(text).toContain('one work placement per started 5 million SEK of contract value');
    expect(text).not.toMatch(/liquidated damages|undefined|\{\{/);
    expect(text).not.toMatch(/\n{3,}/);
    expect(placementsV1.render('sv', { ...plain, msekPerPlacement: undefined, count: 1 })).toContain('minst 1 praktikplats för');
  });

  it('needs exactly one of count and msekPerPlacement, and refuses unknown fields', () => {
    expect(placementsV1.paramsSchema.safeParse({ ...base }).success).toBe(false);
    expect(placementsV1.paramsSchema.safeParse({ ...base, count: 2, msekPerPlacement: 5 }).success).toBe(false);
    expect(placementsV1.paramsSchema.safeParse({ ...base, count: 2, extra: true }).success).toBe(false);
    expect(placementsV1.paramsSchema.safeParse({ ...base, count: 2, targetGroups: ['newcomers', 'newcomers'] }).success).toBe(false);
    expect(placementsV1.paramsSchema.safeParse({ ...base, count: 2, targetGroups: ['aliens'] }).success).toBe(false);
  });

  it('refuses an amount per placement smaller than the 100 SEK it counts in, which would count as zero', () => {
    expect(placementsV1.paramsSchema.safeParse({ ...base, msekPerPlacement: 5e-324 }).success).toBe(false);
    expect(placementsV1.paramsSchema.safeParse({ ...base, msekPerPlacement: 0.00001 }).success).toBe(false);
    const smallest = placementsV1.paramsSchema.parse({ ...base, msekPerPlacement: 0.0001 });
    expect(placementsV1.target(smallest, 12_000_000)).toMatchObject({ value: 120_000 });
  });

  it('computes the target from count, or from the contract value at award', () => {
    const proportional = placementsV1.paramsSchema.parse({ ...base, msekPerPlacement: 5 });
    expect(placementsV1.target(proportional, null)).toMatchObject({ value: null });
    expect(placementsV1.target(proportional, 12_000_000)).toMatchObject({ unit: 'placements', value: 3 });
    expect(placementsV1.target(placementsV1.paramsSchema.parse({ ...base, count: 7 }), 99_000_000)).toMatchObject({ value: 7 });
  });

  it('publishes its parameters as JSON Schema and is listed in the library', () => {
    expect(placementsV1.paramsJsonSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['minWeeks', 'targetGroups']) });
    expect(placementsV1.paramsJsonSchema.oneOf).toEqual([{ required: ['count'] }, { required: ['msekPerPlacement'] }]);
    expect(latestTemplates().map((t) => t.id)).toContain('placements');
    expect(findTemplate('placements', 1)).toBe(placementsV1);
    expect(findTemplate('placements', 99)).toBeUndefined();
  });
});

describe('configuration', () => {
  it('has defaults and refuses bad values with a clear message', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, KLAUSUL_DATA_DIR: './data' });
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT must be a port number/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(() => loadConfig({ KLAUSUL_NOW: 'tomorrow' })).toThrow(/KLAUSUL_NOW must be an ISO timestamp/);
    expect(() => loadConfig({ KLAUSUL_NOW: '2026-06-01T09:00:00Z', NODE_ENV: 'production' })).toThrow(/refused when NODE_ENV=production/);
    expect(loadConfig({ KLAUSUL_NOW: '2026-06-01T09:00:00Z' }).KLAUSUL_NOW).toBe('2026-06-01T09:00:00Z');
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(loadConfig({}).KLAUSUL_DB_POOL_SIZE).toBe(20);
    expect(() => loadConfig({ KLAUSUL_DB_POOL_SIZE: '0' })).toThrow(/KLAUSUL_DB_POOL_SIZE must be at least 1/);
    expect(() => loadConfig({ KLAUSUL_DB_POOL_SIZE: '4' })).toThrow(/must be more than KLAUSUL_DEADLINE_WORKERS/);
    expect(loadConfig({ KLAUSUL_DB_POOL_SIZE: '4', KLAUSUL_DEADLINE_WORKERS: '2' }).KLAUSUL_DB_POOL_SIZE).toBe(4);
  });
});
