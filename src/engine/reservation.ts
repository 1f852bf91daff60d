/**
 * Reserved contracts (LOU 4 kap. 18 §, issue 22): a reserved tender's award
 * records the supplier's declared share of staff who have a disability or
 * find it hard to enter the labour market: at least 30 %. A tender that is not
 * reserved takes no declaration.
 */
import { validationError } from '../domain/errors.ts';
import type { ClauseRow, Db } from '../db/schema.ts';
import { findTender } from '../db/tenders.ts';

/** The least share of staff in the target groups a supplier of a reserved contract declares (LOU 4 kap. 18 §). */
export const RESERVED_MIN_SHARE_PCT = 30;

const PATH = 'reservedShareDeclaredPct';

export async function checkReservedDeclaration(db: Db, clause: ClauseRow, declaredPct: number | undefined): Promise<void> {
  const tender = await findTender(db, clause.tender_id);
  if (!tender?.reserved) {
    if (declaredPct === undefined) return;
    throw validationError('The tender is not reserved', [
      { path: PATH, message: 'the tender is not reserved under LOU 4 kap. 18 §; leave reservedShareDeclaredPct out, or mark the tender reserved first' },
    ]);
  }
  if (declaredPct === undefined) {
    throw validationError('A reserved contract is awarded with the supplier’s declaration', [
      {
        path: PATH,
        code: 'invalid_type',
        expected: 'number',
        message: `the tender is reserved under LOU 4 kap. 18 §: send the supplier's declared share of staff in the target groups, at least ${RESERVED_MIN_SHARE_PCT} %`,
      },
    ]);
  }
  if (declaredPct < RESERVED_MIN_SHARE_PCT) {
    throw validationError(`A reserved contract (LOU 4 kap. 18 §) requires at least ${RESERVED_MIN_SHARE_PCT} % of the supplier's staff in the target groups`, [
      {
        path: PATH,
        code: 'too_small',
        minimum: RESERVED_MIN_SHARE_PCT,
        inclusive: true,
        origin: 'number',
        message: `LOU 4 kap. 18 § requires at least ${RESERVED_MIN_SHARE_PCT} % of the supplier's staff to have a disability or find it hard to enter the labour market; ${declaredPct} % was declared`,
      },
    ]);
  }
}
