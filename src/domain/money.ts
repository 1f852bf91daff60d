/**
 * Money is whole SEK held in JavaScript integers (safe up to 9 007 199 254 740 991 SEK).
 * Percentages are applied in integer basis points through BigInt so totals never carry
 * floating-point rounding errors.
 */
export function percentOfSek(amountSek: number, pct: number): number {
  const basisPoints = BigInt(Math.round(pct * 100));
  return Number((BigInt(amountSek) * basisPoints) / 10_000n);
}

export type Language = 'sv' | 'en';

export function formatSek(amountSek: number, language: Language): string {
  return language === 'sv'
    ? `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(amountSek)} kr`
    : `SEK ${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(amountSek)}`;
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}
