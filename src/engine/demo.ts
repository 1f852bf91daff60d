/**
 * A realistic demo: Östersundshem (a public housing company) buys a renovation
 * from Jämtbygg AB with a placements clause; a participant's placement has
 * ended and its first follow-up is due. Every step goes through the engine
 * as the real actors, so the demo's history replays like any other.
 */
import { isoDay } from '../domain/dates.ts';
import type { Actor } from '../domain/roles.ts';
import { addOrganisation, addUser } from './admin.ts';
import { createClause, sendClauseEvent } from './clauses.ts';
import type { EngineDeps } from './deps.ts';
import { makeDueFollowUps } from './follow-ups.ts';
import { sendItemEvent } from './items.ts';
import { addCandidate, proposeCandidate, publishOpening } from './matching.ts';
import { registerPlacements } from './placements.ts';
import { createTender } from './tenders.ts';
import { recordTraining, registerSupervisor } from './supervisors.ts';
import { nameSubcontractor } from './subcontractors.ts';

export interface DemoKey {
  role: string;
  name: string;
  organisation: string;
  apiKey: string;
}

export interface DemoResult {
  buyerOrgId: string;
  supplierOrgId: string;
  matchingBodyOrgId: string;
  tenderId: string;
  openingIds: string[];
  clauseIds: string[];
  keys: DemoKey[];
}

/** A seeded user as the engine's commands take it. */
const actor = (user: { id: string; name: string; role: string }, org: { id: string; kind: string }): Actor =>
  ({ userId: user.id, userName: user.name, role: user.role, orgId: org.id, orgKind: org.kind }) as Actor;

export async function seedDemo(deps: EngineDeps): Promise<DemoResult> {
  const buyer = await addOrganisation(deps, { name: 'Östersundshem AB', kind: 'buyer' });
  const supplier = await addOrganisation(deps, { name: 'Jämtbygg AB', kind: 'supplier' });
  const matchingBody = await addOrganisation(deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
  const officerUser = await addUser(deps, { orgId: buyer.id, role: 'officer', name: 'Sara Lind' });
  const auditorUser = await addUser(deps, { orgId: buyer.id, role: 'auditor', name: 'Johan Berg' });
  const contractorUser = await addUser(deps, { orgId: supplier.id, role: 'contractor', name: 'Erik Holm' });
  const matcherUser = await addUser(deps, { orgId: matchingBody.id, role: 'matcher', name: 'Amina Yusuf' });

  const officer = { actor: actor(officerUser, buyer) };
  const contractor = { actor: actor(contractorUser, supplier) };
  const matcher = { actor: actor(matcherUser, matchingBody) };

  const tender = (await createTender(deps, officer, { reference: 'ÖH-2026-014', title: 'Renovering av Lugnvik etapp 2', estimatedValueSek: 48_000_000 })).body;
  const live = (
    await createClause(deps, officer, tender.id, {
      templateId: 'placements',
      language: 'sv',
      params: {
        msekPerPlacement: 8,
        minWeeks: 12,
        hoursPerWeek: 30,
        targetGroups: ['newcomers', 'long-term-unemployed'],
        matchingBody: 'Arbetsförmedlingen',
        vite: { sekPerMissingPlacement: 40_000, capPct: 2 },
      },
    })
  ).body;
  const steps: Array<[typeof officer, Record<string, unknown>]> = [
    [officer, { type: 'PUBLISH' }],
    [
      officer,
      {
        type: 'AWARD',
        contractorOrgId: supplier.id,
        contractValueSek: 47_500_000,
        startDate: '2026-03-01',
        endDate: '2027-08-31',
        matchingBodyOrgId: matchingBody.id,
      },
    ],
    [
      contractor,
      {
        type: 'SUBMIT_PLAN',
        description: 'Sex praktikplatser inom platsbyggnad och måleri, anvisade via Arbetsförmedlingen. Handledare: arbetsledare med handledarutbildning.',
        firstPlacementBy: '2026-06-01',
      },
    ],
    [officer, { type: 'ACCEPT_PLAN' }],
  ];
  for (const [who, body] of steps) await sendClauseEvent(deps, who, live.id, { body });

  // The contractor's supervisors (issue 22): one trained a month ago (handledarutbildning at KIVO), one not yet.
  const trainedSupervisor = (await registerSupervisor(deps, contractor, { name: 'Karin Lund', email: 'karin.lund@jamtbygg.example' })).body;
  await recordTraining(deps, contractor, trainedSupervisor.id, {
    course: 'Handledarutbildning',
    provider: 'KIVO Härnösand',
    date: isoDay(new Date(deps.clock.now().getTime() - 30 * 86_400_000)),
  });
  await registerSupervisor(deps, contractor, { name: 'Per Nilsson' });

  // Two openings on site; the matching body's pool of pseudonymous candidates, and a first proposal.
  const painter = (
    await publishOpening(deps, contractor, live.id, {
      role: 'målare',
      site: 'Lugnvik etapp 2',
      municipality: '2380',
      startDate: '2027-01-11',
      weeks: 12,
      hoursPerWeek: 30,
      competences: ['målning', 'spackling'],
      languageLevel: 'SFI kurs C',
      supervisor: { trained: true },
      supervisorId: trainedSupervisor.id,
    })
  ).body;
  const carpenter = (
    await publishOpening(deps, contractor, live.id, {
      role: 'snickare',
      site: 'Lugnvik etapp 2',
      municipality: '2380',
      startDate: '2027-02-01',
      weeks: 16,
      hoursPerWeek: 30,
      competences: ['snickeri', 'truckkort'],
      supervisor: { trained: false },
      breaksGenderPattern: true,
    })
  ).body;
  const pool = [
    { candidateRef: 'AF-2026-0412', targetGroup: 'newcomers', competences: ['målning', 'spackling'], municipality: '2380', availableFrom: '2027-01-04' },
    { candidateRef: 'AF-2026-0419', targetGroup: 'long-term-unemployed', competences: ['målning'], municipality: '2361', availableFrom: '2027-01-25' },
    {
      candidateRef: 'AF-2026-0427',
      targetGroup: 'newcomers',
      competences: ['snickeri'],
      municipality: '2380',
      availableFrom: '2027-01-18',
      languageLevel: 'SFI kurs D',
    },
  ];
  for (const candidate of pool) await addCandidate(deps, matcher, candidate);
  await proposeCandidate(deps, matcher, painter.id, {
    candidateRef: 'AF-2026-0412',
    targetGroup: 'newcomers',
    competences: ['målning', 'spackling'],
    // Attested ten days before the demo is seeded (whatever the clock says), never in the future.
    attestation: { reference: 'AF-INT-88213', date: isoDay(new Date(deps.clock.now().getTime() - 10 * 86_400_000)) },
    note: 'Har arbetat som målare i fem år före flytten till Sverige.',
  });

  await seedFollowedParticipant(deps, contractor, live.id);
  const subcontractor = await seedSubcontractor(deps, contractor, live.id);

  const draft = (
    await createClause(deps, officer, tender.id, {
      templateId: 'placements',
      language: 'en',
      params: { count: 2, minWeeks: 16, hoursPerWeek: 40, targetGroups: ['youth-16-24'], matchingBody: 'Östersund municipality, labour-market unit' },
    })
  ).body;

  return {
    buyerOrgId: buyer.id,
    supplierOrgId: supplier.id,
    matchingBodyOrgId: matchingBody.id,
    tenderId: tender.id,
    openingIds: [painter.id, carpenter.id],
    clauseIds: [live.id, draft.id],
    keys: [
      { role: 'officer', name: officerUser.name, organisation: buyer.name, apiKey: officerUser.apiKey },
      { role: 'auditor', name: auditorUser.name, organisation: buyer.name, apiKey: auditorUser.apiKey },
      { role: 'contractor', name: contractorUser.name, organisation: supplier.name, apiKey: contractorUser.apiKey },
      { role: 'matcher', name: matcherUser.name, organisation: matchingBody.name, apiKey: matcherUser.apiKey },
      // A contractor of the subcontractor's, labelled by what it is to the clause.
      { role: 'subcontractor', name: subcontractor.user.name, organisation: subcontractor.org.name, apiKey: subcontractor.user.apiKey },
    ],
  };
}

/**
 * A participant whose placement ended five weeks before the demo's day: the
 * matching body's follow-up a month after it is due (its start page lists it),
 * and the participant's path shows the placement. Left out when the clock
 * stands too early in the contract for a placement to have ended so long ago.
 */
async function seedFollowedParticipant(deps: EngineDeps, contractor: { actor: Actor }, clauseId: string): Promise<void> {
  const startDate = '2026-03-02';
  const endDate = isoDay(new Date(deps.clock.now().getTime() - 35 * 86_400_000));
  if (endDate < startDate) return;
  const [placementId] = (
    await registerPlacements(
      deps,
      contractor,
      clauseId,
      [
        {
          participantRef: 'AF-2026-0388',
          targetGroup: 'long-term-unemployed',
          attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-INT-87940', date: '2026-02-16' },
          role: 'snickare',
          site: 'Lugnvik etapp 1',
          startDate,
          plannedEndDate: endDate,
          fte: 1,
          hoursPerWeek: 30,
        },
      ],
      (ids) => ids,
    )
  ).body;
  for (const body of [{ type: 'START' }, { type: 'COMPLETE', endDate, outcome: 'furtherPlacement' }]) {
    await sendItemEvent(deps, contractor, 'placement', placementId!, { body });
  }
  await makeDueFollowUps(deps, 10);
}

/**
 * Jämtbygg's subcontractor on the clause in delivery (issue 22): a painting firm that is a
 * work-integration social enterprise, with a contractor of its own and a placement it
 * registered, starting two weeks after the demo's day (left out when that is past the contract).
 */
async function seedSubcontractor(deps: EngineDeps, contractor: { actor: Actor }, clauseId: string) {
  const org = await addOrganisation(deps, {
    name: 'Jobbverket Måleri ekonomisk förening',
    kind: 'supplier',
    orgNumber: '769630-1122',
    socialEnterprise: 'yes',
  });
  const user = await addUser(deps, { orgId: org.id, role: 'contractor', name: 'Lena Ström' });
  await nameSubcontractor(deps, contractor, clauseId, { orgId: org.id, spendSek: 850_000 });
  const startDate = isoDay(new Date(deps.clock.now().getTime() + 14 * 86_400_000));
  const plannedEndDate = isoDay(new Date(deps.clock.now().getTime() + 98 * 86_400_000));
  if (startDate >= '2026-03-01' && plannedEndDate <= '2027-08-31') {
    await registerPlacements(
      deps,
      { actor: actor(user, org) },
      clauseId,
      [
        {
          participantRef: 'AF-2026-0431',
          targetGroup: 'newcomers',
          attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-INT-88302', date: isoDay(new Date(deps.clock.now().getTime() - 7 * 86_400_000)) },
          role: 'målare',
          site: 'Lugnvik etapp 2',
          startDate,
          plannedEndDate,
          fte: 1,
          hoursPerWeek: 30,
        },
      ],
      (ids) => ids,
    );
  }
  return { org, user };
}

export function describeDemo(demo: DemoResult): string {
  const width = Math.max(...demo.keys.map((k) => k.role.length));
  return [
    'Demo: Östersundshem AB buys "Renovering av Lugnvik etapp 2" from Jämtbygg AB with a placements clause (in delivery) and a second clause in draft.',
    'Arbetsförmedlingen Östersund matches candidates to the two placement openings; one proposal awaits the contractor.',
    'Jobbverket Måleri, a work-integration social enterprise, is Jämtbygg’s subcontractor on the clause in delivery.',
    'Demo API keys (shown once; only their hashes are stored):',
    ...demo.keys.map((k) => `  ${k.role.padEnd(width)}  ${k.apiKey}   ${k.name}, ${k.organisation}`),
    `Try: curl -H "Authorization: Bearer ${demo.keys[0]!.apiKey}" http://localhost:PORT/api/v1/clauses/${demo.clauseIds[0]}`,
  ].join('\n');
}
