/**
 * Idempotency-Key: the answer to a write is stored in the write's own
 * transaction; a retry with the same key gets that answer back and writes nothing.
 */
import type { Transaction } from 'kysely';
import { KlausulError } from '../domain/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { findStoredResponse, storeResponse } from '../db/idempotency.ts';
import type { Database } from '../db/schema.ts';
import type { EngineDeps } from './deps.ts';

export interface IdempotencyRequest {
  key: string;
  /** Hash of method, path and body; a reused key with another request is refused. */
  fingerprint: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export type Remember = (trx: Transaction<Database>, answer: Answer) => Promise<void>;

const isDuplicateIdempotencyKey = (error: unknown): boolean => isUniqueViolation(error, 'idempotency_keys_pk');

export async function idempotent<T>(
  deps: EngineDeps,
  userId: string,
  request: IdempotencyRequest | undefined,
  attempt: (remember: Remember) => Promise<Answer<T>>,
): Promise<Answer<T> & { replayed: boolean }> {
  const replay = async () => {
    if (!request) return undefined;
    const stored = await findStoredResponse(deps.db, userId, request.key);
    if (!stored) return undefined;
    if (stored.fingerprint !== request.fingerprint) {
      throw new KlausulError(
        'idempotency_key_reused',
        `Idempotency-Key "${request.key}" was already used for a different request. Send a new, unique key for each distinct request.`,
      );
    }
    return { status: stored.status, body: stored.response as T, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  const remember: Remember = async (trx, answer) => {
    if (request) await storeResponse(trx, { userId, ...request, ...answer, response: answer.body }, deps.clock.now());
  };
  try {
    return { ...(await attempt(remember)), replayed: false };
  } catch (error) {
    // A concurrent retry with the same key committed first: answer as it did.
    if (isDuplicateIdempotencyKey(error)) {
      const concurrent = await replay();
      if (concurrent) return concurrent;
    }
    throw error;
  }
}
