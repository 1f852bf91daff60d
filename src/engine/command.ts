/**
 * The gate every command passes before anything is written, whatever its
 * entrance (the API, the web application, the CLI, a CSV import): its text
 * may hold no personal identity number and nothing PostgreSQL cannot store,
 * and its shape, lengths and numbers are what the command's schema says. The
 * HTTP and web layers hand the raw input over; only the engine judges it.
 */
import { parseOrRefuse } from '../domain/errors.ts';
import { refuseUnacceptableText } from '../domain/personal-identity-number.ts';

type Schema<T> = Parameters<typeof parseOrRefuse<T>>[0];

/** The command's input as its schema reads it, or a refusal naming the first field at fault. `what` names the input in messages ("the tender"). */
export function acceptInput<T>(schema: Schema<T>, raw: unknown, what: string): T {
  refuseUnacceptableText(raw);
  return parseOrRefuse(schema, raw, what);
}

/**
 * For input that has no schema of its own (an event's type and payload are parsed by the workflow): the text guard
 * alone. Rows of one import share `storable` (see refuseUnacceptableText).
 */
export const acceptText = (raw: unknown, storable?: Set<string>): void => refuseUnacceptableText(raw, storable);
