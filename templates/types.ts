import type { z } from 'zod';
import type { Target, ViteTerms } from '../src/domain/fulfilment.ts';
import type { Language } from '../src/domain/money.ts';

export const LANGUAGES = ['sv', 'en'] as const satisfies readonly Language[];

/** A versioned, parameterised clause template. A live clause keeps the version it was drafted with. */
export interface ClauseTemplate<Params extends object = object> {
  id: string;
  version: number;
  kind: 'employment' | 'placements' | 'local-hiring' | 'training' | 'dialogue';
  title: Record<Language, string>;
  paramsSchema: z.ZodType<Params>;
  /** JSON Schema of the parameters as published by GET /api/v1/templates. */
  paramsJsonSchema: Record<string, unknown>;
  /** The target, computed from the parameters and (once awarded) the contract value. */
  target(params: Params, contractValueSek: number | null): Target;
  /** Sanction terms, when the parameters set them. */
  vite(params: Params): ViteTerms | null;
  render(language: Language, params: Params): string;
}
