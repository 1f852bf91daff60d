/**
 * OCDS 1.1 publication of social clauses (README.md, Open data: OCDS), as pure
 * mapping. The contracting process is the tender (its ocid); each clause
 * contributes a sustainability entry and a target to the tender, and, once
 * awarded, an award and a contract with the agreed metric, the delivery
 * observed per reporting period and the clause's milestones. Releases carry
 * organisations and aggregate figures only: never a participant.
 *
 * Extensions: metrics (targets, agreedMetrics, implementation.metrics) and
 * sustainability (hasSustainability, sustainability[]).
 */

import { createHash } from 'node:crypto';
import { clauseStateHasTag, tagsOfState } from '../../workflows/states.ts';

export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json',
];

/** eForms social objective (BT-775) → OCDS sustainability goal, as OCDS tools map them (reference/README.md). */
const GOAL_OF_SOCIAL_OBJECTIVE: Record<string, string> = {
  opp: 'social.disadvantagedEmploymentOpportunities',
  'work-cond': 'social.laborRightsPromotion',
  'acc-all': 'social.accessibility',
  'et-eq': 'social.ethnicEquality',
  'gen-eq': 'social.genderEquality',
  'hum-right': 'social.humanRightsInSupplyChains',
  other: 'social',
};

export interface OcdsOrganisation {
  id: string;
  name: string;
  orgNumber: string | null;
}

export interface OcdsMilestone {
  id: string;
  title: string;
  type: 'reporting' | 'delivery';
  dueDate: string;
  status: 'scheduled' | 'met' | 'notMet' | 'partiallyMet';
  dateMet?: string | undefined;
}

/** What a clause publishes: its terms, its target, and what was delivered. */
export interface OcdsClause {
  id: string;
  state: string;
  updatedAt: Date;
  title: string;
  text: string;
  socialObjectives: string[];
  measure: { unit: string; counting: string };
  target: { unit: string; value: number | null; basis: string };
  contract: {
    supplier: OcdsOrganisation;
    contractValueSek: number;
    startDate: string;
    endDate: string;
    /** A reserved contract: the supplier's declared share of staff in the target groups. */
    reservedShareDeclaredPct?: number | undefined;
  } | null;
  /** The day a termination (TERMINATE, hävning) takes effect, when the contract was terminated. */
  terminatedOn: string | null;
  /** Cumulative verified delivery at the end of each reporting period that has ended. */
  deliveredByPeriod: Array<{ period: { start: string; end: string }; measured: number }>;
  /** Verified delivery now, in all and per target group. */
  deliveredNow: { measured: number; byTargetGroup: Record<string, number> };
  milestones: OcdsMilestone[];
}

export interface OcdsTender {
  id: string;
  reference: string;
  title: string;
  buyer: OcdsOrganisation;
  /** Reserved under LOU 4 kap. 18 § (issue 22): the sustainability strategy `reservedParticipation`. */
  reserved?: boolean | undefined;
}

/**
 * A reserved contract's award says what the supplier declared: OCDS has no
 * field for the share, so the award's description carries it in words.
 */
const reservedDeclaration = (pct: number | undefined) =>
  pct === undefined
    ? {}
    : {
        description: `Reserved contract (LOU 4 kap. 18 §, directive 2014/24/EU art. 20): the supplier declares that ${pct} % of its staff belong to the target groups.`,
      };

// The phases come from the clause's states: their `ocds:` tags (workflows/social-clause.ts) and `awarded`.
const OCDS_TAG = 'ocds:';
const inImplementation = (state: string) => clauseStateHasTag(state, 'ocds:implementation');

/** The release tags a clause in this state contributes (releaseTag codelist). */
function tagsOf(state: string): string[] {
  return tagsOfState('social-clause', state)
    .filter((tag) => tag.startsWith(OCDS_TAG))
    .map((tag) => tag.slice(OCDS_TAG.length));
}

function tenderStatus(clauses: OcdsClause[]): string {
  const states = clauses.map((c) => c.state);
  if (states.length > 0 && states.every((s) => clauseStateHasTag(s, 'ocds:tenderCancellation'))) return 'cancelled';
  if (states.some((s) => clauseStateHasTag(s, 'awarded'))) return 'complete';
  if (states.some((s) => clauseStateHasTag(s, 'ocds:tender'))) return 'active';
  return 'planning';
}

/** Pending until implementation starts (the plan is being agreed), terminated once the clause closed after award. */
function contractStatus(state: string): string {
  if (!inImplementation(state)) return 'pending';
  return clauseStateHasTag(state, 'ocds:contractTermination') ? 'terminated' : 'active';
}

/** When the contract's period ends: at the end of its planned last day, or as a termination takes effect when that is earlier. */
function contractEnd(clause: OcdsClause): string {
  const planned = `${clause.contract!.endDate}T23:59:59Z`;
  if (clause.terminatedOn === null || clause.terminatedOn > clause.contract!.endDate) return planned;
  return `${clause.terminatedOn}T00:00:00Z`;
}

const party = (org: OcdsOrganisation, roles: string[]) => ({
  id: org.id,
  name: org.name,
  ...(org.orgNumber ? { identifier: { scheme: 'SE-BLV', id: org.orgNumber, legalName: org.name } } : {}),
  roles,
});

/** Delivery per target group is published only from this size on (participants are vulnerable people: a small group could be recognised). */
export const SMALLEST_PUBLISHED_GROUP = 3;

const unit = (name: string) => ({ name });
const sek = (amount: number) => ({ amount, currency: 'SEK' });

/** The clause's target as an OCDS metric; the observation only once the target is known. */
function targetMetric(clause: OcdsClause) {
  return {
    id: `${clause.id}-target`,
    title: clause.title,
    description: clause.measure.counting,
    ...(clause.target.value === null ? {} : { observations: [{ id: `${clause.id}-target`, measure: clause.target.value, unit: unit(clause.target.unit) }] }),
  };
}

/** Delivery observed: cumulative per reporting period, and now per target group. */
function deliveryMetric(clause: OcdsClause) {
  const observations = [
    ...clause.deliveredByPeriod.map(({ period, measured }) => ({
      id: `${clause.id}-delivered-${period.end}`,
      period: { startDate: `${period.start}T00:00:00Z`, endDate: `${period.end}T23:59:59Z` },
      measure: measured,
      unit: unit(clause.measure.unit),
    })),
    // Fewer than three in a group at a named supplier could point at a person: such groups are not published.
    ...Object.entries(clause.deliveredNow.byTargetGroup)
      .filter(([, measured]) => measured >= SMALLEST_PUBLISHED_GROUP)
      .map(([targetGroup, measured]) => ({
        id: `${clause.id}-delivered-${targetGroup}`,
        measure: measured,
        unit: unit(clause.measure.unit),
        dimensions: { targetGroup },
      })),
  ];
  return {
    id: `${clause.id}-delivered`,
    title: clause.title,
    description: `Verified delivery, cumulative at the end of each reporting period, and now per target group: ${clause.measure.counting}`,
    ...(observations.length > 0 ? { observations } : {}),
  };
}

const nonEmpty = <T>(items: T[]) => (items.length > 0 ? items : undefined);

/** One release for the tender's contracting process, with the given clauses of it. */
export function ocdsRelease(ocidPrefix: string, tender: OcdsTender, clauses: OcdsClause[]) {
  // biome-ignore lint/complexity/useMathMinMax: Dates, and the answer must stay a Date
  const latest = clauses.reduce((at, c) => (c.updatedAt > at ? c.updatedAt : at), new Date(0));
  const awarded = clauses.filter((c) => c.contract !== null);
  const suppliers = new Map(awarded.map((c) => [c.contract!.supplier.id, c.contract!.supplier]));
  const tags = [...new Set(clauses.flatMap((c) => tagsOf(c.state)))];
  const sustainability = clauses.map((c) => ({
    goal: c.socialObjectives.map((code) => GOAL_OF_SOCIAL_OBJECTIVE[code] ?? 'social')[0] ?? 'social',
    strategies: tender.reserved ? ['contractPerformanceConditions', 'reservedParticipation'] : ['contractPerformanceConditions'],
    description: c.text,
  }));
  const targets = clauses.map(targetMetric);
  const content = {
    ocid: `${ocidPrefix}-${tender.id}`,
    date: (clauses.length > 0 ? latest : new Date()).toISOString(),
    tag: nonEmpty(tags) ?? ['planning'],
    initiationType: 'tender',
    language: 'sv',
    parties: [party(tender.buyer, ['buyer', 'procuringEntity']), ...[...suppliers.values()].map((s) => party(s, ['supplier']))],
    buyer: { id: tender.buyer.id, name: tender.buyer.name },
    tender: {
      id: tender.id,
      title: tender.title,
      description: `Reference ${tender.reference}`,
      status: tenderStatus(clauses),
      procuringEntity: { id: tender.buyer.id, name: tender.buyer.name },
      hasSustainability: clauses.length > 0,
      ...(clauses.length > 0 ? { sustainability, targets } : {}),
    },
    ...(awarded.length > 0
      ? {
          awards: awarded.map((c) => ({
            id: `${c.id}-award`,
            title: c.title,
            status: 'active',
            ...reservedDeclaration(c.contract!.reservedShareDeclaredPct),
            value: sek(c.contract!.contractValueSek),
            suppliers: [{ id: c.contract!.supplier.id, name: c.contract!.supplier.name }],
            contractPeriod: { startDate: `${c.contract!.startDate}T00:00:00Z`, endDate: `${c.contract!.endDate}T23:59:59Z` },
            ...(c.target.value === null ? {} : { agreedMetrics: [targetMetric(c)] }),
          })),
          contracts: awarded.map((c) => ({
            id: `${c.id}-contract`,
            awardID: `${c.id}-award`,
            title: c.title,
            description: c.text,
            status: contractStatus(c.state),
            value: sek(c.contract!.contractValueSek),
            period: { startDate: `${c.contract!.startDate}T00:00:00Z`, endDate: contractEnd(c) },
            ...(c.target.value === null ? {} : { agreedMetrics: [targetMetric(c)] }),
            ...(c.milestones.length > 0 ? { milestones: c.milestones.map((m) => ({ ...m, dateModified: c.updatedAt.toISOString() })) } : {}),
            ...(inImplementation(c.state) ? { implementation: { metrics: [deliveryMetric(c)] } } : {}),
          })),
        }
      : {}),
  };
  // A release's id names its content: anything that changes what it says (a verified placement, a
  // period that ended) gives a new id, and the same content always the same one.
  return { id: `${tender.id}-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}`, ...content };
}

export type OcdsRelease = ReturnType<typeof ocdsRelease>;

export function ocdsPackage(uri: string, publisher: string, releases: OcdsRelease[], publishedDate: Date) {
  return {
    uri,
    version: '1.1' as const,
    publishedDate: publishedDate.toISOString(),
    publisher: { name: publisher },
    extensions: OCDS_EXTENSIONS,
    releases,
  };
}
