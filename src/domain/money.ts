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

const FORMATS = {
  sek: { sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }) },
  number: { sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }) },
};

export function formatSek(amountSek: number, language: Language): string {
  const amount = FORMATS.sek[language].format(amountSek);
  return language === 'sv' ? `${amount} kr` : `SEK ${amount}`;
}

export function formatNumber(value: number, language: Language): string {
  return FORMATS.number[language].format(value);
}
