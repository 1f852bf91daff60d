/**
 * Offers of employment as the first-job milestone reads them (issue 18): the
 * employment clause's first job is "started or offered" within its deadline,
 * so an offer made counts whatever its answer; a withdrawn one does not.
 */
import { offerStateHasTag } from '../../workflows/states.ts';

/** What measurement needs of an offer: where it stands and the day it was made. */
export interface OfferFacts {
  /** Workflow state: offered, accepted, declined, withdrawn. */
  state: string;
  offeredDate: string;
}

/** The day the first offer was made, of those not withdrawn (whatever the answer); null when none was. */
export function firstOfferDate(offers: ReadonlyArray<OfferFacts>): string | null {
  const dates = offers.filter((o) => offerStateHasTag(o.state, 'made')).map((o) => o.offeredDate);
  // ISO dates compare as text; Math.min would turn them into NaN.
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  return dates.length === 0 ? null : dates.reduce((a, b) => (a < b ? a : b));
}

/** The first job's day, started or offered: the earlier of the two days, either of which may be missing (null). */
export const firstJobDate = (firstStart: string | null, firstOffer: string | null): string | null =>
  firstStart === null ? firstOffer : firstOffer !== null && firstOffer < firstStart ? firstOffer : firstStart;
