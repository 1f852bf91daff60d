import type { Logger } from 'pino';
import type { Actor } from '../domain/roles.ts';

export type AppEnv = {
  Variables: {
    actor: Actor;
    requestId: string;
    /** The parsed JSON body, read once by the body guard. */
    jsonBody: unknown;
    /** The text of a CSV import, read once by the body guard. */
    csvBody: string;
    /** What an upload's Idempotency-Key fingerprint covers: the file's hash, name and description. */
    bodyDigest: string;
    /** The request's logger, bound to its id and client address. */
    log: Logger;
    /** Where the request came from (src/http/sign-in-throttle.ts). */
    clientAddress: string;
  };
};
