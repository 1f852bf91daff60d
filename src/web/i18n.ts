/** The web application's words in Swedish and English, and dates and numbers per locale. */
import { findTemplate } from '../../templates/index.ts';
import { EARLY_END_REASONS, type EarlyEndReason } from '../../workflows/placement.ts';
import { lastDayOf } from '../domain/deadlines.ts';
import { TARGET_GROUP_LABELS, TARGET_GROUPS, type TargetGroup } from '../domain/target-groups.ts';

export const WEB_LANGUAGES = ['sv', 'en'] as const;
export type WebLanguage = (typeof WEB_LANGUAGES)[number];

/** Words for a code in a table of [Swedish, English] pairs, in the page's language; a code the table lacks stays as it is. */
const wordsIn = (table: Readonly<Record<string, readonly [string, string]>> | undefined, code: string, lang: WebLanguage): string =>
  table?.[code]?.[lang === 'sv' ? 0 : 1] ?? code;

const WORDS = {
  appName: ['Klausul', 'Klausul'],
  tagline: ['Sociala klausuler från upphandling till uppföljning', 'Social clauses from tender to follow-up'],
  signIn: ['Logga in', 'Sign in'],
  signOut: ['Logga ut', 'Sign out'],
  apiKey: ['API-nyckel', 'API key'],
  apiKeyHelp: ['Nyckeln du fick av din administratör (börjar med kl_).', 'The key your administrator gave you (starts with kl_).'],
  badKey: ['Okänd eller återkallad nyckel. Be din administratör om en ny.', 'Unknown or revoked key. Ask your administrator for a new one.'],
  formUnreadable: [
    'Formuläret kunde inte läsas: texten är inte kodad som UTF-8. Ladda om sidan och skicka formuläret igen.',
    'The form could not be read: its text is not encoded as UTF-8. Reload the page and send the form again.',
  ],
  signedInAs: ['Inloggad som', 'Signed in as'],
  language: ['Språk', 'Language'],
  home: ['Översikt', 'Overview'],
  // Overview, start pages and spreadsheets (issue 19)
  placementImported: ['{n} plats sparad.', '{n} placement saved.'],
  placementsImported: ['{n} platser sparade.', '{n} placements saved.'],
  onTrack: ['Håller takten', 'On track'],
  willMiss: ['Når inte målet', 'Will miss the target'],
  exportRefusedTitle: ['Exporten kunde inte göras', 'The export could not be made'],
  exportRefused: [
    'Filtret kunde inte läsas. Gå tillbaka till översikten, välj filter där och försök igen.',
    'The filter could not be read. Go back to the overview, choose the filters there and try again.',
  ],
  asOf: ['Läget den {date}', 'As of {date}'],
  filters: ['Filter', 'Filters'],
  showFiltered: ['Visa', 'Show'],
  clearFilters: ['Rensa filter', 'Clear filters'],
  all: ['Alla', 'All'],
  tender: ['Upphandling', 'Tender'],
  supplier: ['Leverantör', 'Supplier'],
  clauseKind: ['Typ av klausul', 'Kind of clause'],
  contractsFrom: ['Avtal som löper från', 'Contracts running from'],
  contractsTo: ['Avtal som löper till', 'Contracts running until'],
  filterRefused: ['Filtret kunde inte läsas; översikten visar alla klausuler.', 'The filter could not be read; the overview shows every clause.'],
  keyFigures: ['Nyckeltal', 'Key figures'],
  deadlinesPassed: ['Passerade tidsgränser', 'Deadlines passed'],
  viteAtStake: ['Vite som kan krävas', 'Liquidated damages at stake'],
  exports: ['Exportera', 'Export'],
  exportClausesCsv: ['Klausuler (CSV)', 'Clauses (CSV)'],
  exportClausesExcelSv: ['Klausuler för Excel (svensk CSV)', 'Clauses for Excel (Swedish CSV)'],
  exportClausesXlsx: ['Klausuler (Excel-arbetsbok)', 'Clauses (Excel workbook)'],
  exportPlacementsCsv: ['Platser (CSV)', 'Placements (CSV)'],
  exportPlacementsExcelSv: ['Platser för Excel (svensk CSV)', 'Placements for Excel (Swedish CSV)'],
  exportTenderOcds: ['Upphandlingen som OCDS', 'The tender as OCDS'],
  exportsHelp: [
    'Exporterna följer filtren ovan. Den svenska CSV-filen öppnas direkt i Excel med semikolon och decimalkomma. Varje klausul finns också som OCDS i tabellen nedan.',
    'The exports follow the filters above. The Swedish CSV opens directly in Excel set to Swedish (semicolons, decimal commas). Each clause is also available as OCDS in the table below.',
  ],
  chartAsTable: ['Visa siffrorna som tabell', 'Show the figures as a table'],
  progressAgainstPace: ['Uppfyllelse per klausul mot takten', 'Progress per clause against the pace'],
  progressAgainstPaceDesc: [
    'Stapeln visar hur stor del av målet som är levererad; strecket visar hur stor del som borde vara levererad i dag om takten ska räcka till kontraktets slut.',
    'Each bar shows the share of the target delivered; the line shows the share that should be delivered by today for the pace to reach the target at contract end.',
  ],
  delivered: ['Levererat', 'Delivered'],
  expectedByNow: ['Borde vara levererat i dag', 'Due by today'],
  projection: ['Prognos', 'Projection'],
  outcomesAgainstTargets: ['Utfall efter avslutad plats mot programmets mål', 'Outcomes after placements against the programme targets'],
  outcomesAgainstTargetsDesc: [
    'Andel av de avslutade platserna som följdes av studier, en ny praktikplats eller anställning; strecket visar målet.',
    'Share of the ended placements followed by studies, a further placement or employment; the line shows the target.',
  ],
  noTargetsSet: ['Inga programmål är satta.', 'No programme targets are set.'],
  noEndedPlacements: ['Inga platser har avslutats ännu.', 'No placements have ended yet.'],
  endedPlacements: ['{n} avslutade platser', '{n} ended placements'],
  outcomeStudies: ['Studier', 'Studies'],
  outcomeFurtherPlacement: ['Ny praktikplats', 'A further placement'],
  outcomeEmployment: ['Anställning', 'Employment'],
  share: ['Andel', 'Share'],
  deliveryPerMonth: ['Platser per månad', 'Placements per month'],
  deliveryPerMonthDesc: [
    'Antal platser som påbörjades varje månad, och hur många av dem som har kontrollerats och räknas.',
    'How many placements started each month, and how many of them have been verified and count.',
  ],
  month: ['Månad', 'Month'],
  placementsStarted: ['Påbörjade platser', 'Placements started'],
  placementsVerified: ['Kontrollerade, räknas', 'Verified, count'],
  noPlacementsYet: ['Inga platser har registrerats ännu.', 'No placements have been registered yet.'],
  perSupplier: ['Per leverantör', 'Per supplier'],
  perTargetGroup: ['Per målgrupp', 'Per target group'],
  unitWord: ['Enhet', 'Unit'],
  clauseCount: ['Antal klausuler', 'Clauses'],
  moreClauses: ['Visar de första {n}; exportera för att se alla.', 'Showing the first {n}; export to see them all.'],
  noClausesInFilter: ['Inga klausuler matchar filtret.', 'No clauses match the filter.'],
  todo: ['Att göra', 'To do'],
  waitingForYou: ['Väntar på dig', 'Waiting for you'],
  nothingWaiting: ['Inget väntar på dig just nu.', 'Nothing is waiting for you right now.'],
  deadlinesSoon: ['Tidsgränser inom 14 dagar och passerade', 'Deadlines within 14 days, and passed'],
  noDeadlinesSoon: ['Inga tidsgränser de närmaste 14 dagarna.', 'No deadlines in the next 14 days.'],
  task: ['Vad', 'What'],
  buyer: ['Beställare', 'Buyer'],
  dueDate: ['Datum', 'Date'],
  passed: ['Passerad', 'Passed'],
  dueSoon: ['Snart', 'Soon'],
  taskAWARD: ['Tilldela kontraktet', 'Award the contract'],
  taskSUBMIT_PLAN: ['Lämna åtagandeplanen', 'Submit the commitment plan'],
  taskACCEPT_PLAN: ['Granska åtagandeplanen', 'Review the commitment plan'],
  taskCONFIRM_FULFILLED: ['Bedöm om klausulen är uppfylld', 'Judge whether the clause is fulfilled'],
  taskSUBMIT_REMEDY_PLAN: ['Lämna en åtgärdsplan', 'Submit a remedy plan'],
  taskCLOSE_REMEDY: ['Bedöm avhjälpandet', 'Judge the remedy'],
  taskCLAIM_VITE: ['Besluta om vite eller eftergift för bristen', 'Decide on liquidated damages or a waiver for the shortfall'],
  taskREPORT_CORRECTION: ['Svara på begäran om rättelse', 'Answer the request for correction'],
  taskVerifyPlacement: ['Kontrollera platsen för deltagare {label}', 'Verify the placement of participant {label}'],
  taskReviewReport: ['Granska periodrapporten {label}', 'Review the period report {label}'],
  taskAnswerQuery: ['Svara på frågan om periodrapporten {label}', 'Answer the query on the period report {label}'],
  taskAnswerProposal: ['Svara på förslaget {label}', 'Answer the proposal {label}'],
  allTenders: ['Alla upphandlingar', 'All tenders'],
  tenders: ['Upphandlingar', 'Tenders'],
  clauses: ['Klausuler', 'Clauses'],
  theClause: ['Klausulen', 'The clause'],
  myClauses: ['Mina klausuler', 'My clauses'],
  reviewQueue: ['Granskningskö', 'Review queue'],
  openings: ['Praktikplatser att tillsätta', 'Openings to fill'],
  newTender: ['Ny upphandling', 'New tender'],
  reference: ['Diarienummer', 'Reference'],
  title: ['Titel', 'Title'],
  estimatedValueSek: ['Uppskattat värde (kr)', 'Estimated value (SEK)'],
  create: ['Skapa', 'Create'],
  noneYet: ['Inga ännu.', 'None yet.'],
  draftClause: ['Ny klausul från mall', 'Draft a clause from a template'],
  template: ['Mall', 'Template'],
  chooseTemplate: ['Välj mall', 'Choose template'],
  clauseLanguage: ['Klausulens språk', 'Clause language'],
  preview: ['Förhandsvisning', 'Preview'],
  previewHelp: ['Texten uppdateras medan du fyller i.', 'The text updates as you fill in the form.'],
  saveDraft: ['Spara utkast', 'Save draft'],
  state: ['Läge', 'State'],
  version: ['Version', 'Version'],
  target: ['Mål', 'Target'],
  progress: ['Uppfyllelse', 'Progress'],
  measured: ['uppmätt', 'measured'],
  of: ['av', 'of'],
  nextDeadline: ['Nästa tidsgräns', 'Next deadline'],
  csvColumns: ['Första raden namnger kolumnerna, skrivna exakt så här:', 'The first row names the columns, written exactly like this:'],
  // Follow-ups after placements and participants' paths (issue 21, item 3)
  followUps: ['Uppföljningar', 'Follow-ups'],
  followUpTask: ['Följ upp {ref} {months} mån efter praktiken', 'Follow up {ref}: the {months}-month follow-up'],
  followUpTitle: ['Uppföljning {months} mån efter praktiken', 'The {months}-month follow-up'],
  followUpMonths: ['Månader efter avslut', 'Months after the end'],
  followUpDueFrom: ['Görs från och med', 'Due from'],
  followUpStateScheduled: ['Planerad', 'Scheduled'],
  followUpStateDue: ['Dags att följa upp', 'Due'],
  followUpStateRecorded: ['Registrerad', 'Recorded'],
  followUpRecord: ['Registrera uppföljningen', 'Record the follow-up'],
  followUpNotYetDue: ['Uppföljningen kan registreras från och med {date}.', 'The follow-up can be recorded from {date}.'],
  followUpStatus: ['Vad gör deltagaren nu?', 'What does the participant do now?'],
  followUpStatusEmployment: ['Anställning', 'Employment'],
  followUpStatusStudies: ['Studier', 'Studies'],
  followUpStatusFurtherPlacement: ['Ny praktik eller fortsatt insats', 'A further placement or programme'],
  followUpStatusSelfEmployment: ['Eget företag', 'Self-employment'],
  followUpStatusOther: ['Annat', 'Something else'],
  followUpStatusNone: ['Ingen sysselsättning', 'No occupation'],
  followUpStatusUnknown: ['Okänt', 'Not known'],
  followUpEmployability: [
    'Deltagarens egen bedömning av sina chanser att få arbete, jämfört med före praktiken',
    "The participant's own view of their chances of work, compared with before the placement",
  ],
  followUpEmployabilityBetter: ['Bättre', 'Better'],
  followUpEmployabilitySame: ['Oförändrade', 'Unchanged'],
  followUpEmployabilityWorse: ['Sämre', 'Worse'],
  followUpNote: ['Anteckning (inga namn eller personnummer)', 'Note (no names or personal identity numbers)'],
  followUpRecordedBy: ['Registrerad av', 'Recorded by'],
  followUpRecorded: ['Uppföljningen är registrerad.', 'The follow-up is recorded.'],
  followUpNoneDue: ['Inga uppföljningar väntar.', 'No follow-ups are waiting.'],
  followUpPlacement: ['Praktikplatsen', 'The placement'],
  followUpEndedOn: ['Avslutad', 'Ended'],
  followUpHost: ['Arbetsplats och leverantör', 'Workplace and supplier'],
  followUpPath: ['Deltagarens väg', "The participant's path"],
  followUpPathOf: ['Deltagarens väg: {ref}', "The participant's path: {ref}"],
  followUpPathIntro: [
    'Alla praktikplatser med den här referensen som er organisation känner till, i alla upphandlingar och hos alla leverantörer, med uppföljningarna efteråt.',
    'Every placement with this reference that your organisation knows of, across tenders and suppliers, with the follow-ups afterwards.',
  ],
  followUpShowPath: ['Visa deltagarens väg', "Show the participant's path"],
  followUpNotYet: ['Ännu inte', 'Not yet'],
  // The clause page's facts and decisions (issue 19)
  statusNow: ['Läge just nu', 'Where it stands'],
  nextStep: ['Nästa steg', 'Next step'],
  showStatechart: ['Visa tillståndsdiagrammet', 'Show the statechart'],
  statechartInWords: ['Diagrammet i ord: från varje läge, stegen som leder vidare', 'The diagram in words: from each state, the steps that lead on'],
  statechartNoSteps: ['avslutat, inga fler steg', 'closed, no further steps'],
  statusDraft: ['Utkast hos {buyer}: villkoren kan ännu ändras', 'Draft at {buyer}: the terms can still change'],
  nextDraft: [
    '{buyer} (upphandlare) ändrar utkastet eller publicerar det med upphandlingen.',
    '{buyer} (procurement officer) edits the draft or publishes it with the tender.',
  ],
  statusTendering: ['Ute i upphandling: väntar på tilldelning', 'Out to tender: awaiting the award'],
  nextTendering: ['{buyer} (upphandlare) tilldelar kontraktet.', '{buyer} (procurement officer) awards the contract.'],
  statusAwaitingPlan: ['Väntar på åtagandeplan från {supplier}', 'Awaiting the commitment plan from {supplier}'],
  nextAwaitingPlan: ['{supplier} (leverantör) lämnar åtagandeplanen.', '{supplier} (contractor) submits the commitment plan.'],
  statusPlanReview: ['Åtagandeplanen från {supplier} granskas', 'The commitment plan from {supplier} is under review'],
  nextPlanReview: ['{buyer} (upphandlare) godkänner planen eller begär ändringar.', '{buyer} (procurement officer) accepts the plan or requests changes.'],
  statusDelivery: ['Leverans pågår hos {supplier}', 'Delivery under way at {supplier}'],
  nextDelivery: [
    '{supplier} (leverantör) registrerar platser och lämnar periodrapporter; {buyer} (avtalsuppföljare) kontrollerar dem.',
    '{supplier} (contractor) registers placements and submits period reports; {buyer} (contract auditor) verifies them.',
  ],
  statusVerification: ['Leveransen är avslutad: uppfyllelsen kontrolleras', 'Delivery is closed: fulfilment is being verified'],
  nextVerification: [
    '{buyer} (avtalsuppföljare) bekräftar uppfyllt eller registrerar brist.',
    '{buyer} (contract auditor) confirms fulfilment or records a shortfall.',
  ],
  statusShortfall: ['Brist registrerad hos {supplier}', 'Shortfall recorded at {supplier}'],
  nextShortfall: [
    '{supplier} (leverantör) lämnar en åtgärdsplan, eller {buyer} (upphandlare) kräver vite, efterger bristen eller häver avtalet.',
    '{supplier} (contractor) submits a remedy plan, or {buyer} (procurement officer) claims liquidated damages, waives the shortfall or terminates the contract.',
  ],
  statusRemediation: ['Avhjälpande pågår hos {supplier}', 'Remedy under way at {supplier}'],
  nextRemediation: [
    '{supplier} (leverantör) avhjälper bristen; {buyer} (avtalsuppföljare) avslutar åtgärdsperioden.',
    '{supplier} (contractor) remedies the shortfall; {buyer} (contract auditor) closes the remedy period.',
  ],
  statusFulfilled: ['Klausulen är uppfylld', 'The clause is fulfilled'],
  statusViteClaimed: ['Vite krävt av {supplier}', 'Liquidated damages claimed from {supplier}'],
  statusTerminated: ['Avtalet med {supplier} är hävt', 'The contract with {supplier} is terminated'],
  statusWaived: ['Bristen är eftergiven', 'The shortfall is waived'],
  statusWithdrawn: ['Klausulen är återkallad', 'The clause is withdrawn'],
  nextClosed: ['Inget mer att göra: klausulen är avslutad.', 'Nothing more to do: the clause is closed.'],
  noDeadlineAhead: ['Ingen kommande tidsgräns.', 'No deadline ahead.'],
  theContract: ['Avtalet', 'The contract'],
  matchingBody: ['Matchningsansvarig', 'Matching body'],
  contractValue: ['Kontraktsvärde', 'Contract value'],
  contractPeriod: ['Avtalsperiod', 'Contract period'],
  notAwardedYet: ['Inte tilldelat ännu', 'Not awarded yet'],
  commitmentPlan: ['Åtagandeplan', 'Commitment plan'],
  planAccepted: ['godkänd', 'accepted'],
  planUnderReview: ['granskas', 'under review'],
  planSentBack: ['skickad tillbaka för ändringar', 'sent back for changes'],
  planMilestones: ['Delmål', 'Milestones'],
  remedyPlan: ['Åtgärdsplan', 'Remedy plan'],
  decisions: ['Beslut och begäranden', 'Decisions and requests'],
  decisionTo: ['Till {org}', 'To {org}'],
  decisionToYou: ['Till dig', 'To you'],
  reasonGiven: ['Motivering', 'Reason'],
  noteGiven: ['Anteckning', 'Note'],
  automatically: ['automatiskt', 'automatically'],
  viteWithinCap: ['{amount}, inom vitestaket {cap}', '{amount}, within the cap of {cap}'],
  shortfallGap: ['Uppmätt när bristen registrerades: {measured} av {target} {unit}', 'Measured when the shortfall was recorded: {measured} of {target} {unit}'],
  reportQueried: ['Periodrapporten {period} ifrågasatt', 'Period report {period} queried'],
  placementRejected: ['Platsen {ref} underkänd', 'Placement {ref} rejected'],
  auditorsQuery: ['Avtalsuppföljarens fråga', "The contract auditor's query"],
  rejectionReason: ['Skäl till underkännandet', 'Why it was rejected'],
  attestation: ['Målgruppsintyg', 'Target-group attestation'],
  attestationRef: ['referens', 'reference'],
  hoursInAll: ['timmar totalt', 'hours in all'],
  fileTypePdf: ['PDF-dokument', 'PDF document'],
  fileTypeImage: ['Bild', 'Image'],
  fileTypeCsv: ['CSV-fil', 'CSV file'],
  fileTypeXlsx: ['Excel-fil', 'Excel file'],
  fileTypeOther: ['Fil', 'File'],
  uploadedOn: ['uppladdad {date}', 'uploaded {date}'],
  confirmClose: [
    'Jag förstår att leveransen avslutas: leverantören kan inte längre registrera platser eller lämna rapporter, och uppfyllelsen kontrolleras. Det går inte att ångra.',
    'I understand that delivery closes: the supplier can no longer register placements or submit reports, and fulfilment is verified. This cannot be undone.',
  ],
  confirmCloseEarly: [
    'Obs! Kontraktet löper till {date}. Leveransen avslutas då före kontraktets slut.',
    'Note: the contract runs until {date}. Delivery would close before the contract ends.',
  ],
  confirmVite: [
    'Jag förstår att vite krävs av {supplier} och att klausulen därmed avslutas. Det går inte att ångra.',
    'I understand that liquidated damages are claimed from {supplier} and that the clause closes. This cannot be undone.',
  ],
  confirmWaive: [
    'Jag förstår att bristen efterges: inget vite krävs och klausulen avslutas. Det går inte att ångra.',
    'I understand that the shortfall is waived: no liquidated damages are claimed and the clause closes. This cannot be undone.',
  ],
  confirmTerminate: [
    'Jag förstår att avtalet med {supplier} hävs från det angivna datumet och att klausulen avslutas. Det går inte att ångra.',
    'I understand that the contract with {supplier} is terminated from the date given and that the clause closes. This cannot be undone.',
  ],
  confirmDiscard: [
    'Jag förstår att utkastet kasseras och inte kan ändras eller publiceras igen.',
    'I understand that the draft is discarded and cannot be edited or published again.',
  ],
  confirmWithdraw: [
    'Jag förstår att klausulen dras tillbaka ur upphandlingen och inte kan tilldelas.',
    'I understand that the clause is withdrawn from the tender and cannot be awarded.',
  ],
  confirmWithdrawOffer: [
    'Jag förstår att erbjudandet återkallas och inte längre räknas som ett erbjudande om anställning.',
    'I understand that the offer is withdrawn and no longer counts as an offer of employment.',
  ],
  confirmWithdrawOpening: [
    'Jag förstår att praktikplatsen återkallas: inga fler förslag kan lämnas till den.',
    'I understand that the opening is withdrawn: no more proposals can be made for it.',
  ],
  confirmWithdrawProposal: [
    'Jag förstår att förslaget återkallas och inte längre kan antas.',
    'I understand that the proposal is withdrawn and can no longer be accepted.',
  ],
  notConfirmed: [
    'Inget har skickats. Kryssa i rutan för att bekräfta att du förstår vad steget innebär.',
    'Nothing was sent. Tick the box to confirm that you understand what this step does.',
  ],
  confirmFirst: ['Bekräfta genom att kryssa i rutan.', 'Confirm by ticking the box.'],
  suggestionsFromPool: ['Förslag ur poolen', 'Suggestions from the pool'],
  proposalsForOpening: ['Förslag till öppningen', 'Proposals for the opening'],
  proposeCandidate: ['Föreslå {ref}', 'Propose {ref}'],
  proposalsAwaitingYou: ['Förslag som väntar på ditt svar', 'Proposals awaiting your answer'],
  proposalsAwaitingSupplier: ['Förslag som väntar på leverantörens svar', "Proposals awaiting the supplier's answer"],
  candidatePlaced: ['Placerad', 'Placed'],
  candidateAvailable: ['Tillgänglig', 'Available'],
  distanceSameMunicipality: ['samma kommun', 'same municipality'],
  distanceSameCounty: ['samma län', 'same county'],
  distanceElsewhere: ['annan ort', 'elsewhere'],
  distanceUnknown: ['okänt', 'unknown'],
  weeksShort: ['veckor', 'weeks'],
  hoursPerWeekShort: ['h/v', 'h/wk'],
  deadlines: ['Tidsgränser', 'Deadlines'],
  overdue: ['Försenad', 'Overdue'],
  history: ['Historik', 'History'],
  statechart: ['Tillståndsdiagram', 'Statechart'],
  currentState: ['Nuvarande läge', 'Current state'],
  actions: ['Vad du kan göra nu', 'What you can do now'],
  noActions: ['Inget att göra för dig i detta läge.', 'Nothing for you to do in this state.'],
  waitingBelow: ['Väntar på dig längre ned på sidan:', 'Waiting for you further down the page:'],
  andMore: ['… och {n} till nedan.', '… and {n} more below.'],
  youMayAdd: ['Du kan också lägga till:', 'You may also add:'],
  send: ['Skicka', 'Send'],
  clauseText: ['Klausultext', 'Clause text'],
  placements: ['Praktikplatser och anställningar', 'Placements and jobs'],
  registerPlacement: ['Registrera en plats', 'Register a placement'],
  importCsv: ['Importera CSV', 'Import CSV'],
  csvFile: ['CSV-fil', 'CSV file'],
  upload: ['Ladda upp', 'Upload'],
  reports: ['Periodrapporter', 'Period reports'],
  submitReport: ['Lämna periodrapport', 'Submit a period report'],
  evidence: ['Underlag', 'Evidence'],
  evidenceListed: ['Inlämnat underlag', 'Evidence submitted'],
  evidenceFile: ['Fil (PDF, bild, CSV eller XLSX, högst 10 MB)', 'File (PDF, image, CSV or XLSX, at most 10 MB)'],
  description: ['Beskrivning', 'Description'],
  participant: ['Deltagare', 'Participant'],
  period: ['Period', 'Period'],
  saved: ['Sparat.', 'Saved.'],
  errorsAbove: ['Rätta det som är markerat och försök igen.', 'Correct what is marked and try again.'],
  waiting: ['Väntar sedan', 'Waiting since'],
  open: ['Öppna', 'Open'],
  publishOpening: ['Publicera en praktikplats', 'Publish an opening'],
  proposals: ['Förslag', 'Proposals'],
  suggestions: ['Förslag ur kandidatpoolen', 'Suggestions from the candidate pool'],
  propose: ['Föreslå', 'Propose'],
  score: ['Poäng', 'Score'],
  competence: ['Kompetens', 'Competence'],
  availability: ['Tillgänglighet', 'Availability'],
  distance: ['Avstånd', 'Distance'],
  candidatePool: ['Kandidatpool', 'Candidate pool'],
  addCandidate: ['Lägg till kandidat', 'Add a candidate'],
  supervisorTrained: ['Handledare utbildad', 'Supervisor trained'],
  yes: ['Ja', 'Yes'],
  no: ['Nej', 'No'],
  computedVite: ['Beräknat vite', 'Computed liquidated damages'],
  viteCap: ['Vitestak', 'Cap on liquidated damages'],
  // The programme report (issue 21, items 4 and 6): its page, its PDF and its workbook (src/web/programme-report-view.ts).
  programmeReportTitle: ['Programrapport', 'Programme report'],
  programmeReportProgrammes: ['Program', 'Programmes'],
  programmeReportProgramme: ['Program', 'Programme'],
  programmeReportNoProgrammes: ['Din organisation är inte med i något program ännu.', 'Your organisation is not a member of any programme yet.'],
  programmeReportCalendarYear: ['Kalenderåret {year}', 'Calendar year {year}'],
  programmeReportWholePeriod: ['Hela programperioden', 'The whole programme period'],
  programmeReportDateRange: ['{from} – {to}', '{from} – {to}'],
  programmeReportDate: ['Rapportens datum', 'Date of the report'],
  programmeReportAbout: ['Om rapporten', 'About the report'],
  programmeReportSuppressedNote: [
    'Siffror under 3 redovisas som <3. Där en summa annars skulle avslöja en sådan siffra redovisas fler siffror som <3, så att ingen enskild deltagare kan räknas fram.',
    'Figures under 3 are shown as <3. Where a total would otherwise reveal such a figure, further figures are shown as <3, so that no single participant can be worked out.',
  ],
  programmeReportSummary: ['Sammanfattning', 'Summary'],
  programmeReportPlacements: ['Platser', 'Placements'],
  programmeReportStarted: ['Påbörjade', 'Started'],
  programmeReportCompleted: ['Genomförda', 'Completed'],
  programmeReportEndedEarly: ['Avslutade i förtid', 'Ended early'],
  programmeReportOngoing: ['Pågående', 'Under way'],
  programmeReportPerYear: ['Påbörjade platser per år mot målet', 'Placements started per year against the target'],
  programmeReportPerYearDesc: [
    'Varje stapel visar de platser som påbörjades under året; strecket visar årets mål.',
    'Each bar shows the placements started in the year; the line shows the target for the year.',
  ],
  programmeReportYear: ['År', 'Year'],
  programmeReportYearTarget: ['{year} · mål {target}', '{year} · target {target}'],
  programmeReportShareOfTarget: ['Andel av målet', 'Share of the target'],
  programmeReportOutcomesSheet: ['Utfall', 'Outcomes'],
  programmeReportOutcomes: ['Utfall vid avslut och vid uppföljningarna', 'Outcomes at the end and at the follow-ups'],
  programmeReportOutcome: ['Utfall', 'Outcome'],
  programmeReportRecorded: ['Registrerade utfall', 'Outcomes recorded'],
  programmeReportEmployabilityBetter: ['Självskattad anställningsbarhet: bättre', 'Self-rated employability: better'],
  programmeReportEmployabilitySame: ['Självskattad anställningsbarhet: oförändrad', 'Self-rated employability: unchanged'],
  programmeReportEmployabilityWorse: ['Självskattad anställningsbarhet: sämre', 'Self-rated employability: worse'],
  programmeReportSelfEmployment: ['Eget företag', 'Self-employment'],
  programmeReportUnknown: ['Okänt', 'Unknown'],
  programmeReportEmployability: ['Bättre självskattad anställningsbarhet', 'Better self-rated employability'],
  programmeReportAtEnd: ['Vid avslut', 'At the end'],
  programmeReportMonth1: ['1 månad efter avslut', '1 month after the end'],
  programmeReportMonth6: ['6 månader efter avslut', '6 months after the end'],
  programmeReportMonth12: ['12 månader efter avslut', '12 months after the end'],
  programmeReportAgainstTargets: ['Utfall mot målen', 'Outcomes against the targets'],
  programmeReportAgainstTargetsAt: ['Utfall mot målen: {checkpoint}', 'Outcomes against the targets: {checkpoint}'],
  programmeReportAgainstTargetsDesc: [
    'Varje stapel visar utfallets andel av de registrerade utfallen; strecket visar målet.',
    'Each bar shows the outcome as a share of the outcomes recorded; the line shows the target.',
  ],
  programmeReportCheckpoint: ['Tillfälle', 'When'],
  programmeReportAchieved: ['Uppnått', 'Achieved'],
  programmeReportStanding: ['Läge', 'Standing'],
  programmeReportMeetsTarget: ['Når målet', 'Meets the target'],
  programmeReportBelowTarget: ['Under målet', 'Below the target'],
  programmeReportNoShare: [
    '– betyder att inget utfall har registrerats ännu, eller att andelen inte redovisas för att skydda enskilda deltagare.',
    '– means that no outcome has been recorded yet, or that the share is withheld to protect individual participants.',
  ],
  programmeReportNoTargets: ['Programmet har inga mål för utfallen.', 'The programme sets no targets for outcomes.'],
  programmeReportGenderPatternSheet: ['Könsmönster', 'Gender patterns'],
  programmeReportGenderPattern: ['Platser som bryter könsstereotypa mönster', 'Placements that break gender-stereotyped patterns'],
  programmeReportNoTarget: ['Inget mål', 'No target'],
  programmeReportByHostSheet: ['Per värdorganisation', 'By host'],
  programmeReportByHost: ['Egna arbetsplatser per värdorganisation', 'Own workplaces by host organisation'],
  programmeReportHost: ['Värdorganisation', 'Host organisation'],
  programmeReportByContract: ['Per kontrakt', 'By contract'],
  programmeReportBySupplier: ['Per leverantör', 'By supplier'],
  programmeReportTenderReference: ['Diarienummer', 'Tender reference'],
  programmeReportTender: ['Upphandling', 'Tender'],
  programmeReportNothing: ['Inga platser här under perioden.', 'No placements here in the period.'],
  programmeReportPageOf: ['Sida {n} av {total}', 'Page {n} of {total}'],
  programmeReportScope: ['Programmets omfattning', "The programme's scope"],
  programmeReportTargets: ['Programmets mål', "The programme's targets"],
  programmeReportPlacementsPerYear: ['Påbörjade platser per år', 'Placements started per year'],
  programmeReportMembers: ['Medlemmar', 'Members'],
  programmeReportClauses: ['Klausuler i programmet', 'Clauses in the programme'],
  programmeReportNoClauses: ['Inga klausuler ingår i programmet ännu.', 'No clauses are included in the programme yet.'],
  programmeReportKindBuyer: ['Upphandlande organisation', 'Buyer'],
  programmeReportKindSupplier: ['Leverantör', 'Supplier'],
  programmeReportKindMatchingBody: ['Matchningsansvarig', 'Matching body'],
  programmeReportOrganisation: ['Organisation', 'Organisation'],
  programmeReportRole: ['Roll i programmet', 'Part in the programme'],
  programmeReportChooseYear: ['Visa rapporten för', 'Show the report for'],
  programmeReportShow: ['Visa', 'Show'],
  programmeReportDownloads: ['Ladda ned rapporten', 'Download the report'],
  programmeReportDownloadsHelp: [
    'Filerna innehåller samma siffror som sidan, för det år som visas.',
    'The files hold the same figures as the page, for the year shown.',
  ],
  programmeReportXlsx: ['Excel-arbetsbok (XLSX)', 'Excel workbook (XLSX)'],
  programmeReportPdf: ['PDF för styrelsen', 'PDF for the board'],
  // The sanction ladder (issue 18; docs/glossary.md): rättelse, avhjälpande, vite, hävning.
  sanctionLadder: ['Rättelse, vite och hävning', 'Correction, liquidated damages and termination'],
  correctionNumber: ['Rättelse {n}', 'Notice {n}'],
  correctionDueBy: ['rättas senast', 'to be corrected by'],
  correctionAnswered: ['Besvarad', 'Answered'],
  correctionUnanswered: ['Inte besvarad', 'Not answered'],
  viteClaimed: ['Krävt vite', 'Liquidated damages claimed'],
  terminatedFrom: ['Avtalet hävt från och med', 'Contract terminated with effect from'],
  portfolio: ['Portfölj', 'Portfolio'],
  atRisk: ['I riskzonen', 'At risk'],
  notFound: ['Finns inte, eller så får du inte se den.', 'Not found, or not visible to you.'],
  forbiddenRole: ['Din roll får inte göra detta.', 'Your role may not do this.'],
  optional: ['valfritt', 'optional'],
  onePerLine: ['en per rad', 'one per line'],
  outcomes: ['Utfall efter avslutad plats', 'Outcomes after placements'],
  brokeGenderPattern: ['bröt ett könsstereotypt mönster', 'broke a gender-stereotyped pattern'],
  formExpired: ['Formuläret har gått ut; logga in igen.', 'The form expired; sign in again.'],
  formOutOfDate: [
    'Formuläret är inaktuellt (CSRF-token). Ladda om sidan och försök igen.',
    'The form is out of date (CSRF token). Reload the page and try again.',
  ],
  notFoundTitle: ['Hittades inte', 'Not found'],
  forbiddenTitle: ['Inte tillåtet', 'Not allowed'],
  refusedPersonalIdentityNumber: [
    'Personnummer och samordningsnummer sparas aldrig i Klausul.',
    'Klausul never stores personal identity numbers or coordination numbers.',
  ],
  personalIdentityNumberAdvice: [
    'Skriv aldrig personnummer eller samordningsnummer. Ange en pseudonym deltagarreferens (t.ex. ärendets referens hos Arbetsförmedlingen) och målgruppsintyget i stället.',
    "Never enter a personal identity number or coordination number. Enter a pseudonymous participant reference (e.g. the case's reference at Arbetsförmedlingen) and the target-group attestation instead.",
  ],
  personalIdentityNumberInFile: [
    'Skriv aldrig personnummer eller samordningsnummer i underlag: ta bort numret ur filen eller byt namn på filen och ladda upp den igen.',
    'Never put a personal identity number or coordination number in evidence: remove it from the file, or rename the file, and upload it again.',
  ],
  refusedInvalidTransition: [
    'Det går inte i det läge som gäller nu. Sidan visar vad du kan göra.',
    'That cannot be done in the state this is in now. The page shows what you can do.',
  ],
  refusedVersionConflict: [
    'Någon annan har ändrat detta sedan du öppnade sidan. Sidan visar nu det senaste; gör om ändringen om den fortfarande behövs.',
    'Someone else has changed this since you opened the page. The page now shows the latest; make your change again if it is still needed.',
  ],
  refusedConflict: [
    'Det krockar med något som redan finns, till exempel samma referens två gånger.',
    'This clashes with something that already exists, for example the same reference twice.',
  ],
  refusedPayloadTooLarge: ['Filen är för stor för att tas emot.', 'The file is too large to be accepted.'],
  refusedTooManySignIns: [
    'För många misslyckade inloggningar från din adress. Försök igen om en stund.',
    'Too many failed sign-ins from your address. Try again in a while.',
  ],
  tooManySignIns: [
    'För många misslyckade inloggningar från din adress. Försök igen om {n} sekunder.',
    'Too many failed sign-ins from your address. Try again in {n} seconds.',
  ],
  csvTooManyRows: [
    'En import tar högst {n} rader per fil. Dela upp filen och importera delarna en i taget.',
    'An import takes at most {n} rows per file. Split the file and import the parts one by one.',
  ],
  refusedMediaType: ['Den filtypen tas inte emot. Skicka PDF, bild, CSV eller XLSX.', 'That type of file is not accepted. Send a PDF, image, CSV or XLSX.'],
  refusedIdempotencyKey: [
    'Formuläret har redan skickats med annat innehåll. Ladda om sidan och försök igen.',
    'The form was already sent with other content. Reload the page and try again.',
  ],
  refusedMalformed: ['Formuläret gick inte att läsa. Ladda om sidan och försök igen.', 'The form could not be read. Reload the page and try again.'],
  refusedUnauthorized: ['Du är inte inloggad längre. Logga in igen.', 'You are no longer signed in. Sign in again.'],
  issueRequired: ['Fyll i {label}.', 'Fill in {label}.'],
  issueChoose: ['Välj {label}.', 'Choose {label}.'],
  issueChooseFile: ['Välj en fil.', 'Choose a file.'],
  issueMinChars: ['Minst {n} tecken.', 'At least {n} characters.'],
  issueMaxChars: ['Högst {n} tecken.', 'At most {n} characters.'],
  issueMinItems: ['Ange minst {n}.', 'Give at least {n}.'],
  issueMaxItems: ['Ange högst {n}.', 'Give at most {n}.'],
  issueNumberAtLeast: ['Ange ett tal som är minst {n}.', 'Enter a number of at least {n}.'],
  issueNumberAbove: ['Ange ett tal större än {n}.', 'Enter a number greater than {n}.'],
  issueNumberAtMost: ['Ange ett tal som är högst {n}.', 'Enter a number of at most {n}.'],
  issueNumberBelow: ['Ange ett tal mindre än {n}.', 'Enter a number less than {n}.'],
  issueInteger: ['Ange ett heltal.', 'Enter a whole number.'],
  issueNumber: ['Ange ett tal.', 'Enter a number.'],
  issueYesNo: ['Ange ja eller nej.', 'Say yes or no.'],
  issueDate: ['Datumet ska skrivas ÅÅÅÅ-MM-DD.', 'Write the date as YYYY-MM-DD.'],
  issueFormat: ['Formatet stämmer inte.', 'The format is not right.'],
  issueOption: ['Välj ett av alternativen.', 'Choose one of the options.'],
  issueOneOf: ['Välj en av: {values}.', 'Choose one of: {values}.'],
  issueUnknownField: ['Fältet är okänt här.', 'This field is not known here.'],
  issueInvalid: ['Värdet går inte att använda.', 'This value cannot be used.'],
  csvRow: ['Rad {row}, kolumn {column}: {text}', 'Row {row}, column {column}: {text}'],
  csvColumn: ['Kolumn {column}: {text}', 'Column {column}: {text}'],
  csvFileProblem: ['Filen: {text}', 'The file: {text}'],
  // E-mail (issue 23): the mails' words, the user's own page, unsubscribing and the admin's list of failures.
  mailKindDeadlineDueSoon: ['En tidsgräns närmar sig', 'A deadline is approaching'],
  mailKindDeadlineOverdue: ['En tidsgräns har passerat och det som krävs saknas', 'A deadline has passed and what it asks for is missing'],
  mailKindPlanSentBack: ['Åtagandeplanen skickades tillbaka', 'The commitment plan was sent back'],
  mailKindReportQueried: ['En periodrapport ifrågasattes', 'A period report was queried'],
  mailKindAwaitingYourApproval: [
    'En underleverantörs plats eller rapport väntar på ert godkännande',
    'A subcontractor’s placement or report awaits your approval',
  ],
  mailKindReturnedToSubcontractor: [
    'Leverantören skickade tillbaka en plats eller rapport ni registrerat som underleverantör',
    'The supplier returned a placement or report you registered as subcontractor',
  ],
  mailKindNoticeRecorded: ['Begäran om rättelse', 'A request for correction'],
  mailKindShortfallRecorded: ['En brist registrerades', 'A shortfall was recorded'],
  mailKindViteClaimed: ['Vite krävdes', 'Liquidated damages were claimed'],
  mailKindProposalReceived: ['Ett nytt förslag till en praktikplats', 'A new proposal for an opening'],
  mailKindProposalAnswered: ['Svar på ett förslag', 'An answer to a proposal'],
  mailKindFollowUpDue: ['En uppföljning av en deltagare ska göras', 'A follow-up of a participant is due'],
  mailKindDigest: ['Daglig sammanfattning', 'Daily digest'],
  mailDeliveryImmediate: ['Direkt', 'At once'],
  mailDeliveryDigest: ['I den dagliga sammanfattningen', 'In the daily digest'],
  mailDeliveryNever: ['Aldrig', 'Never'],
  mailGreeting: ['Hej {name}!', 'Hello {name},'],
  mailDueSoon: ['Tidsgräns {date}: {deadline}.', 'Due {date}: {deadline}.'],
  mailOverdue: [
    'Tidsgränsen {date} har passerat och det som krävs saknas: {deadline}.',
    'The deadline of {date} has passed and what it asks for is missing: {deadline}.',
  ],
  mailDeadlinePeriod: ['{deadline} för perioden {start}–{end}', '{deadline} for the period {start}–{end}'],
  mailDeadlineNotice: ['{deadline} nr {n}', '{deadline} no. {n}'],
  mailPlanSentBack: ['{buyer} har skickat tillbaka åtagandeplanen och begär ändringar.', '{buyer} has sent the commitment plan back and asks for changes.'],
  mailReportQueried: ['{buyer} har ifrågasatt en periodrapport och väntar på ert svar.', '{buyer} has queried a period report and awaits your answer.'],
  mailAwaitingYourApproval: [
    'En underleverantör har registrerat något under klausulen som väntar på ert godkännande innan {buyer} kontrollerar det.',
    'A subcontractor has registered something under the clause that awaits your approval before {buyer} verifies it.',
  ],
  mailReturnedToSubcontractor: [
    '{supplier} har skickat tillbaka något ni registrerat som underleverantör, med en motivering, och väntar på ert svar.',
    '{supplier} has returned something you registered as subcontractor, with a reason, and awaits your answer.',
  ],
  mailNoticeRecorded: [
    '{buyer} har begärt rättelse: en skriftlig begäran om att rätta en brist före en tidsgräns.',
    '{buyer} has requested correction: a written notice to put a breach right by a deadline.',
  ],
  mailShortfallRecorded: ['{buyer} har registrerat en brist i uppfyllelsen av klausulen.', '{buyer} has recorded a shortfall in meeting the clause.'],
  mailViteClaimed: ['{buyer} har krävt vite enligt avtalet.', '{buyer} has claimed liquidated damages under the contract.'],
  mailProposalReceived: ['Ett nytt förslag har kommit till praktikplatsen {role}.', 'A new proposal has come in for the opening {role}.'],
  mailProposalAccepted: ['{supplier} har antagit ert förslag till praktikplatsen {role}.', '{supplier} has accepted your proposal for the opening {role}.'],
  mailProposalDeclined: ['{supplier} har avböjt ert förslag till praktikplatsen {role}.', '{supplier} has declined your proposal for the opening {role}.'],
  mailFollowUpDue: ['Det är dags för uppföljningen av en deltagare, {when}.', 'A participant’s follow-up is due, {when}.'],
  mailClauseLine: ['{clause} i upphandlingen {tender}', '{clause} in the tender {tender}'],
  mailActHere: ['Öppna sidan där du gör detta: {url}', 'Open the page where you do this: {url}'],
  mailActHereLink: ['Öppna sidan där du gör detta', 'Open the page where you do this'],
  mailChoose: ['Välj vad du får e-post om och hur ofta', 'Choose what you receive e-mail about and how often'],
  mailUnsubscribeLink: ['Sluta få e-post om detta', 'Stop receiving e-mail about this'],
  mailDigestSubject: ['Klausul {date}: {n} att hålla koll på', 'Klausul {date}: {n} to keep track of'],
  mailDigestIntro: ['Det här har hänt eller närmar sig i dina klausuler:', 'This has happened or is approaching in your clauses:'],
  mailMyPage: ['Mina uppgifter', 'My details'],
  mailEmail: ['E-postadress', 'E-mail address'],
  mailLanguage: ['Språk i e-post', 'Language of e-mail'],
  mailLanguageSv: ['Svenska', 'Swedish'],
  mailLanguageEn: ['Engelska', 'English'],
  mailPreferences: ['Vad du får e-post om', 'What you receive e-mail about'],
  mailPreferencesHelp: [
    'Beslut som riktar sig till dig kommer direkt; påminnelser om tidsgränser samlas i en sammanfattning per dag. Välj själv för varje slag.',
    'Decisions addressed to you come at once; reminders of deadlines are gathered into one digest a day. Choose for each kind yourself.',
  ],
  mailOff: [
    'Den här installationen skickar ingen e-post. Listan Att göra visar vad som väntar på dig.',
    'This installation sends no e-mail. The To do list shows what waits for you.',
  ],
  mailNoAddress: ['Ange en e-postadress för att få e-post.', 'Give an e-mail address to receive e-mail.'],
  mailSave: ['Spara', 'Save'],
  mailUnsubscribeTitle: ['Avsluta e-post', 'Unsubscribe'],
  mailUnsubscribeConfirm: ['Vill du sluta få e-post om: {what}?', 'Stop receiving e-mail about: {what}?'],
  mailUnsubscribeButton: ['Sluta skicka', 'Stop sending'],
  mailUnsubscribed: [
    'Klart. Du får inte längre e-post om: {what}. Du kan ändra det under Mina uppgifter när du är inloggad.',
    'Done. You no longer receive e-mail about: {what}. You can change this under My details when signed in.',
  ],
  mailUnsubscribeBadLink: [
    'Länken fungerar inte. Logga in och välj under Mina uppgifter vad du vill få e-post om.',
    'The link does not work. Sign in and choose under My details what you receive e-mail about.',
  ],
  mailFailures: ['Misslyckade e-postutskick', 'Failed e-mail'],
  mailFailuresHelp: [
    'Varje försök som e-postservern inte tog emot. Ett meddelande försöks igen med allt längre mellanrum; ett som servern vägrade för gott, eller som misslyckades tio gånger, ger Klausul upp och det står här tills det skickas igen (klausul mail retry).',
    'Every attempt the mail server did not take. A message is tried again at growing intervals; one the server refused for good, or that failed ten times, Klausul gives up, and it stays here until sent again (klausul mail retry).',
  ],
  mailFailuresNone: ['Inga misslyckade utskick.', 'No failed e-mail.'],
  mailWhen: ['När', 'When'],
  mailTo: ['Till', 'To'],
  mailWhat: ['Vad', 'What'],
  mailAttempt: ['Försök', 'Attempt'],
  mailError: ['Svar från e-postservern', 'The mail server’s answer'],
  mailStatusNow: ['Läge nu', 'Status now'],
  mailStatusPending: ['Försöks igen {date}', 'Tried again {date}'],
  mailStatusSent: ['Skickat', 'Sent'],
  mailStatusFailed: ['Klausul gav upp', 'Klausul gave up'],
  // Offers of employment (issue 18): the first job is "påbörjas eller erbjudas".
  offers: ['Erbjudanden om anställning', 'Offers of employment'],
  recordOffer: ['Registrera ett erbjudande om anställning', 'Record an offer of employment'],
  offersHelp: [
    'Ett erbjudande som lämnats senast vid tidsgränsen uppfyller kravet på första anställning, oavsett svar. Ett återkallat erbjudande räknas inte.',
    'An offer made by the deadline meets the first-job requirement, whatever the answer. A withdrawn offer does not count.',
  ],
  firstJobOffered: ['Första anställningen erbjuden {date}', 'First job offered {date}'],
  firstJobStarted: ['Första anställningen påbörjad {date}', 'First job started {date}'],
  answered: ['Svar', 'Answer'],
  // Sign-in with the organisation's identity provider (issue 23, item 5).
  oidcSignIn: ['Logga in med din organisations inloggning', 'Sign in with your organisation’s sign-in'],
  oidcEmail: ['E-postadress', 'E-mail address'],
  oidcEmailHelp: [
    'Adressen du har hos din organisation. Du skickas till organisationens inloggning och sedan tillbaka hit.',
    'Your address at your organisation. You are sent to your organisation’s sign-in and then back here.',
  ],
  oidcContinue: ['Fortsätt till inloggningen', 'Continue to the sign-in'],
  oidcWithApiKey: ['Logga in med API-nyckel', 'Sign in with an API key'],
  oidcGoing: ['Du skickas vidare till din organisations inloggning.', 'You are being sent on to your organisation’s sign-in.'],
  oidcGoingLink: ['Gå dit om inget händer', 'Go there if nothing happens'],
  oidcSignedIn: ['Du är inloggad.', 'You are signed in.'],
  oidcSignedOut: [
    'Du är utloggad från Klausul. Du skickas vidare för att logga ut hos din organisations inloggning också.',
    'You are signed out of Klausul. You are being sent on to sign out of your organisation’s sign-in too.',
  ],
  oidcRefusedTitle: ['Inloggningen nekades', 'Sign-in refused'],
  oidcBackToSignIn: ['Till inloggningen', 'Back to sign-in'],
  oidcRefusedNoProvider: [
    'Vi hittar ingen organisation med egen inloggning för den adressen. Kontrollera adressen, eller logga in med API-nyckel.',
    'We find no organisation with its own sign-in for that address. Check the address, or sign in with an API key.',
  ],
  oidcRefusedNoMatchingUser: [
    'Din organisations inloggning godkände dig, men ingen användare i din organisation i Klausul har den e-postadressen. Be din administratör lägga till dig med den adressen.',
    'Your organisation’s sign-in accepted you, but no user of your organisation in Klausul has that e-mail address. Ask your administrator to add you with that address.',
  ],
  oidcRefusedEmailUnverified: [
    'Din organisations inloggning intygar inte att e-postadressen är bekräftad, så den kan inte knytas till en användare. Be din administratör se över inloggningen.',
    'Your organisation’s sign-in does not vouch that the e-mail address is verified, so it cannot be matched to a user. Ask your administrator to look into the sign-in.',
  ],
  oidcRefusedWrongIssuer: [
    'Svaret kom inte från den inloggning som din organisation har angett, så det godtas inte. Be din administratör se över inställningen.',
    'The answer did not come from the sign-in your organisation has set up, so it is not accepted. Ask your administrator to check the setting.',
  ],
  oidcRefusedBadState: [
    'Svaret hör inte till någon inloggning som pågår i den här webbläsaren: det kan redan vara använt, ändrat eller för gammalt. Börja om.',
    'The answer belongs to no sign-in under way in this browser: it may have been used already, altered or be too old. Start again.',
  ],
  oidcRefusedCodeRefused: [
    'Din organisations inloggning godtog inte svaret: det var för gammalt eller redan använt. Börja om.',
    'Your organisation’s sign-in did not accept the answer: it was too old or already used. Start again.',
  ],
  oidcRefusedProviderError: [
    'Inloggningen avbröts eller nekades hos din organisation. Börja om, eller fråga din administratör.',
    'The sign-in was cancelled or refused at your organisation. Start again, or ask your administrator.',
  ],
  oidcRefusedProviderUnavailable: [
    'Din organisations inloggning svarar inte som den ska just nu. Försök igen om en stund.',
    'Your organisation’s sign-in is not answering as it should right now. Try again in a while.',
  ],
  oidcRefusedNotConfigured: [
    'Inloggningen för din organisation är inte färdigställd på den här servern. Be din administratör ställa in den igen.',
    'Your organisation’s sign-in is not finished on this server. Ask your administrator to set it up again.',
  ],
  // Dead ends (issue 19, item 14) and the error summary's focus (item 7).
  notFoundPage: ['Sidan finns inte, eller så får du inte se den.', 'The page does not exist, or you may not see it.'],
  forbiddenPage: ['Din roll får inte se den här sidan.', 'Your role may not see this page.'],
  backToStart: ['Till startsidan', 'To the start page'],
  skipToContent: ['Hoppa till innehållet', 'Skip to content'],
  mainMenu: ['Huvudmeny', 'Main menu'],
  menuOpenings: ['Praktikplatser', 'Openings'],
  // Supervisors and reserved contracts (issue 22).
  supervisorRuleRefused: [
    'Platsen kan inte påbörjas: klausulen kräver att platsens handledare har handledarutbildning, daterad senast startdagen. Välj en utbildad handledare på platsen, eller registrera handledarens utbildning under Handledare.',
    'The placement cannot start: the clause requires its supervisor to have supervisor training dated on or before the start. Name a trained supervisor on the placement, or record the supervisor’s training under Supervisors.',
  ],
  supervisorsTitle: ['Handledare', 'Supervisors'],
  supervisorsIntro: [
    'Handledarna på er arbetsplats som tar emot deltagare, och deras handledarutbildning. Platser och praktikplatser anger sin handledare härifrån.',
    'The supervisors at your workplace who take in participants, and their supervisor training. Openings and placements name their supervisor from here.',
  ],
  supervisorNone: ['Inga handledare registrerade än.', 'No supervisors registered yet.'],
  supervisorRegister: ['Registrera handledare', 'Register a supervisor'],
  supervisorRegistered: ['Handledaren är registrerad.', 'The supervisor is registered.'],
  supervisorName: ['Namn', 'Name'],
  supervisorEmail: ['E-post', 'E-mail'],
  supervisorTrainings: ['Handledarutbildning', 'Supervisor training'],
  supervisorTrainedYes: ['Utbildad', 'Trained'],
  supervisorTrainedNo: ['Inte utbildad', 'Not trained'],
  supervisorAddTraining: ['Registrera utbildning', 'Record training'],
  supervisorTrainingRecorded: ['Utbildningen är registrerad.', 'The training is recorded.'],
  supervisorCourse: ['Utbildning', 'Course'],
  supervisorProvider: ['Utbildningsanordnare', 'Provider'],
  supervisorTrainingDate: ['Genomförd', 'Completed on'],
  supervisorRemove: ['Ta bort namn och e-post', 'Remove name and e-mail'],
  supervisorRemoved: ['Borttagen ur registret', 'Removed from the register'],
  supervisorRemovedDone: ['Handledarens namn och e-post är borttagna.', 'The supervisor’s name and e-mail are removed.'],
  supervisorField: ['Handledare', 'Supervisor'],
  supervisorNoneChosen: ['Ingen angiven', 'None named'],
  supervisorCounts: ['Handledare', 'Supervisors'],
  supervisorCountsValue: ['{trained} av {named} utbildade', '{trained} of {named} trained'],
  supervisorRequired: ['Kräver utbildad handledare', 'Requires a trained supervisor'],
  reservedBadge: ['Reserverad', 'Reserved'],
  reservedLabel: ['Reserverad upphandling (4 kap. 18 § LOU)', 'Reserved contract (LOU 4:18)'],
  reservedHelp: [
    'Upphandlingen är förbehållen leverantörer vars huvudsyfte är social och yrkesmässig integration av personer med funktionsnedsättning eller som har svårt att komma in på arbetsmarknaden, där minst 30 % av de anställda hör till dessa grupper.',
    'The procurement is reserved for suppliers whose main aim is the social and professional integration of persons with disabilities or disadvantaged persons, at least 30 % of whose staff belong to those groups.',
  ],
  reservedShareLabel: ['Leverantörens andel anställda i målgrupperna (%)', 'The supplier’s share of staff in the target groups (%)'],
  reservedShareHelp: [
    'Leverantörens försäkran vid tilldelningen; minst 30 % i en reserverad upphandling.',
    'The supplier’s declaration at award; at least 30 % in a reserved contract.',
  ],
  reservedShareDeclared: ['Försäkrad andel anställda i målgrupperna', 'Declared share of staff in the target groups'],
  reservedContracts: ['Reserverade kontrakt', 'Reserved contracts'],
  reservedContractsValue: ['{n} st, försäkrade andelar {shares}', '{n}, declared shares {shares}'],
  // Columns that tell one clause from another (issue 19, item 10).
  clause: ['Klausul', 'Clause'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

export interface Words {
  lang: WebLanguage;
  t(key: WordKey): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  number(value: number | null | undefined, maximumFractionDigits?: number): string;
  sek(value: number | null | undefined): string;
  /** A target group as a person reads it, in the glossary's words (docs/glossary.md); an unknown code as it is. */
  targetGroup(code: unknown): string;
  /** An option of a form's choice: target groups in the glossary's words, others as the form gives them. */
  option(field: string, option: { value: string; label: string }): string;
  /** A user's role as a person names it ("upphandlare"); the engine's own actor is Klausul. */
  role(role: string): string;
  /**
   * Who did something in a clause's history: the user's name and role ("Anna Ek (upphandlare)"), the role alone
   * when the name is not known, or Klausul itself for what a deadline or the engine did ("Klausul (automatiskt)").
   */
  actor(name: string | undefined, role: string): string;
  /** The unit a clause is measured in ("heltidsmånader"), as its template names it (templates/). */
  unit(unit: string): string;
}

const LOCALE: Record<WebLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

export function wordsFor(lang: WebLanguage): Words {
  const locale = LOCALE[lang];
  const index = lang === 'sv' ? 0 : 1;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Stockholm' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Stockholm' });
  const targetGroup = (code: unknown) => (isTargetGroup(code) ? sentenceCase(TARGET_GROUP_LABELS[code][lang]) : String(code));
  return {
    lang,
    t: (key) => WORDS[key][index],
    targetGroup,
    option: (field, option) => {
      const name = field.split('.').at(-1)!;
      return TARGET_GROUP_FIELDS.has(name) ? targetGroup(option.value) : (OPTION_LABELS[name]?.[option.value]?.[index] ?? option.label);
    },
    role: (role) => wordsIn(ROLE_LABELS, role, lang),
    actor: (name, role) =>
      role === 'system'
        ? `Klausul (${WORDS.automatically[index]})`
        : name
          ? `${name} (${wordsIn(ROLE_LABELS, role, lang)})`
          : sentenceCase(wordsIn(ROLE_LABELS, role, lang)),
    unit: (unit) => wordsIn(UNIT_LABELS, unit, lang),
    // A calendar date (YYYY-MM-DD) is the same day everywhere; it is read at noon UTC so no zone shifts it.
    date: (iso) => (iso ? dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)) : '–'),
    dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '–'),
    number: (value, maximumFractionDigits = 1) =>
      value === null || value === undefined ? '–' : new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value),
    sek: (value) =>
      value === null || value === undefined
        ? '–'
        : new Intl.NumberFormat(locale, { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 }).format(value),
  };
}

const isTargetGroup = (code: unknown): code is TargetGroup => (TARGET_GROUPS as readonly unknown[]).includes(code);
const sentenceCase = (text: string) => text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
/** The fields whose options are target groups. */
const TARGET_GROUP_FIELDS = new Set(['targetGroup', 'targetGroups']);
/** Roles (src/domain/roles.ts) as people in the field name them. */
const ROLE_LABELS: Record<string, readonly [string, string]> = {
  officer: ['upphandlare', 'procurement officer'],
  auditor: ['avtalsuppföljare', 'contract auditor'],
  contractor: ['leverantör', 'contractor'],
  matcher: ['matchare', 'matcher'],
  admin: ['administratör', 'administrator'],
  system: ['Klausul', 'Klausul'],
};

/** The units the templates measure in (MeasureDefinition.unit). */
const UNIT_LABELS: Record<string, readonly [string, string]> = {
  placements: ['praktikplatser', 'placements'],
  'fte-months': ['heltidsmånader', 'full-time months'],
  apprentices: ['lärlingar', 'apprentices'],
  'training-hours': ['utbildningstimmar', 'training hours'],
  'percent-of-labour-hours': ['% av arbetstimmarna', '% of labour hours'],
  dialogue: ['dialog', 'dialogue'],
};

/** The words of other coded choices, by field name: a placement's outcome, a clause's reporting period. */
const OPTION_LABELS: Record<string, Record<string, readonly [string, string]>> = {
  outcome: {
    employment: ['Anställning', 'Employment'],
    studies: ['Studier', 'Studies'],
    furtherPlacement: ['Ny praktikplats', 'A further placement'],
    other: ['Annat', 'Other'],
    none: ['Inget', 'None'],
  },
  language: {
    sv: ['Svenska', 'Swedish'],
    en: ['Engelska', 'English'],
  },
  reportingPeriod: {
    monthly: ['Varje månad', 'Monthly'],
    quarterly: ['Varje kvartal', 'Quarterly'],
    none: ['Inga periodrapporter', 'No period reports'],
  },
};

export const isWebLanguage = (value: unknown): value is WebLanguage => (WEB_LANGUAGES as readonly unknown[]).includes(value);

/** Labels of fields the forms show, where the field's name alone would not do. */
const FIELD_LABELS: Record<string, readonly [string, string]> = {
  // Issue 22: the award's declaration of a reserved contract, and the supervisor an opening or placement names.
  reservedShareDeclaredPct: [
    'Leverantörens andel anställda i målgrupperna (%), vid reserverad upphandling',
    'The supplier’s share of staff in the target groups (%), for a reserved contract',
  ],
  supervisorId: ['Handledare', 'Supervisor'],
  reference: ['Diarienummer', 'Reference'],
  title: ['Titel', 'Title'],
  estimatedValueSek: ['Uppskattat värde (kr)', 'Estimated value (SEK)'],
  language: ['Klausulens språk', 'Clause language'],
  reason: ['Motivering', 'Reason'],
  note: ['Anteckning', 'Note'],
  notes: ['Kommentarer', 'Notes'],
  description: ['Beskrivning', 'Description'],
  contractorOrgId: ['Leverantör som tilldelas', 'Awarded supplier'],
  matchingBodyOrgId: ['Matchningsansvarig', 'Matching body'],
  contractValueSek: ['Kontraktsvärde (kr)', 'Contract value (SEK)'],
  startDate: ['Startdatum', 'Start date'],
  endDate: ['Slutdatum', 'End date'],
  plannedEndDate: ['Planerat slutdatum', 'Planned end date'],
  firstPlacementBy: ['Första platsen senast', 'First placement by'],
  completeBy: ['Klart senast', 'Complete by'],
  amountSek: ['Belopp (kr), tomt = beräknat vite', 'Amount (SEK), empty = the computed liquidated damages'],
  dueDate: ['Rättas senast', 'To be corrected by'],
  effectiveDate: ['Hävningen gäller från och med', 'Termination takes effect on'],
  notice: ['Rättelse nr (tomt = den äldsta obesvarade)', 'Notice number (empty = the earliest unanswered)'],
  participantRef: ['Deltagarreferens (pseudonym)', 'Participant reference (pseudonymous)'],
  candidateRef: ['Kandidatreferens (pseudonym)', 'Candidate reference (pseudonymous)'],
  targetGroup: ['Målgrupp', 'Target group'],
  targetGroups: ['Målgrupper', 'Target groups'],
  templateId: ['Mall', 'Template'],
  // A clause's deadline settings at AWARD (src/domain/schedule.ts).
  planDueDays: ['Dagar till åtagandeplanen', 'Days until the commitment plan is due'],
  firstJobWithinMonths: ['Månader till första jobbet', 'Months until the first job'],
  reportingPeriod: ['Rapportperiod', 'Reporting period'],
  reportGraceDays: ['Dagar att lämna periodrapporten', 'Days to submit the period report'],
  remedyDays: ['Dagar för avhjälpande', 'Days for the remedy'],
  'attestation.issuer': ['Intyg utfärdat av', 'Attestation issued by'],
  'attestation.reference': ['Intygets referens', 'Attestation reference'],
  'attestation.date': ['Intygets datum', 'Attestation date'],
  role: ['Yrkesroll', 'Role'],
  site: ['Arbetsplats', 'Site'],
  municipality: ['Kommunkod (SCB, fyra siffror)', 'Municipality code (SCB, four digits)'],
  weeks: ['Veckor', 'Weeks'],
  fte: ['Andel av heltid (0–1)', 'Share of full time (0–1)'],
  hoursPerWeek: ['Timmar per vecka', 'Hours per week'],
  competences: ['Kompetenser', 'Competences'],
  languageLevel: ['Språknivå', 'Language level'],
  'supervisor.trained': ['Handledaren har handledarutbildning', 'The supervisor has taken supervisor training'],
  breaksGenderPattern: ['Bryter ett könsstereotypt mönster', 'Breaks a gender-stereotyped pattern'],
  availableFrom: ['Tillgänglig från', 'Available from'],
  periodStart: ['Periodens första dag', 'First day of the period'],
  periodEnd: ['Periodens sista dag', 'Last day of the period'],
  totalLabourHours: ['Arbetade timmar totalt', 'Labour hours in all'],
  localLabourHours: ['Timmar av lokalt boende', 'Hours by local residents'],
  disadvantagedLabourHours: ['Timmar av personer långt från arbetsmarknaden', 'Hours by disadvantaged workers'],
  apprenticeHours: ['Lärlingstimmar', 'Apprentice hours'],
  trainingHours: ['Utbildningstimmar', 'Training hours'],
  outcome: ['Utfall', 'Outcome'],
  reasonCode: ['Skäl till att anställningen upphörde', 'Why the job ended'],
  'meetingRecord.date': ['Mötesdatum', 'Meeting date'],
  'meetingRecord.reference': ['Protokollets referens', 'Minutes reference'],
  'meetingRecord.summary': ['Sammanfattning', 'Summary'],
  file: ['Fil', 'File'],
  offeredDate: ['Datum då erbjudandet lämnades', 'Date the offer was made'],
  date: ['Datum', 'Date'],
};

/** A form field's label: its own when it has one (a template's parameter), otherwise as fieldLabel words its name. */
export const labelOf = (lang: WebLanguage, field: { name: string; label?: Readonly<Record<WebLanguage, string>> | undefined }): string =>
  field.label?.[lang] ?? fieldLabel(lang, field.name);

/** A field's label: known ones in the user's language, others from their name ("sekPerMissingMonth" → "Sek per missing month"). */
/** A field's words, by its path or its last name ("params.vite.capPct", "capPct"). */
const knownLabel = (path: string) => FIELD_LABELS[path] ?? FIELD_LABELS[path.split('.').at(-1)!];

/** Whether a form's field has words of its own, rather than its name spelled out (which is English). */
export const hasFieldLabel = (path: string): boolean => knownLabel(path) !== undefined;

export function fieldLabel(lang: WebLanguage, path: string): string {
  const known = knownLabel(path);
  if (known) return known[lang === 'sv' ? 0 : 1];
  const last = path.split('.').at(-1)!;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Help under a form's field, by its path or last name ("params.vite.capPct",
 * "capPct"). The schemas' own descriptions are English and written for the
 * API; a field without words here shows no help rather than those.
 */
const FIELD_HELP: Record<string, readonly [string, string]> = {
  msekPerPlacement: [
    'Målet räknas fram vid tilldelningen ur kontraktsvärdet. Fyll i detta eller ett fast antal, inte båda.',
    'The target is computed at award from the contract value. Give this or a fixed number, not both.',
  ],
  monthsPerMsek: [
    'Målet räknas fram vid tilldelningen ur kontraktsvärdet. Fyll i detta eller ett fast antal, inte båda.',
    'The target is computed at award from the contract value. Give this or a fixed number, not both.',
  ],
  matchingBody: [
    'Vem som anvisar deltagare och intygar att de tillhör målgruppen, till exempel Arbetsförmedlingen.',
    'Who refers participants and attests that they belong to the target group, for example Arbetsförmedlingen.',
  ],
  capPct: ['Tak för allt vite enligt klausulen, i procent av kontraktsvärdet.', 'Cap on all liquidated damages under the clause, in % of the contract value.'],
  termination: [
    'Beställaren får häva avtalet om ett brott mot klausulen är väsentligt och inte avhjälps.',
    'The buyer may terminate the contract if a breach of the clause is material and is not remedied.',
  ],
  areas: ['Postnummer (t.ex. 831 40) eller stadsdelar (t.ex. Lugnvik).', 'Postcodes (e.g. 831 40) or districts (e.g. Lugnvik).'],
  disadvantagedSharePct: ['Ingår i andelen lokalt boende, och får inte vara större än den.', 'Part of the local residents’ share, and no greater than it.'],
  planDueDays: [
    'Räknat från tilldelningen eller en begäran om ändringar; 21 om inget anges.',
    'Counted from the award or a request for changes; 21 unless given.',
  ],
  firstJobWithinMonths: ['Räknat från kontraktets start; 6 om inget anges.', 'Counted from the contract start; 6 unless given.'],
  reportingPeriod: ['Varje kvartal om inget anges.', 'Quarterly unless given.'],
  reportGraceDays: ['Räknat från varje periods sista dag; 30 om inget anges.', 'Counted from the last day of each period; 30 unless given.'],
  remedyDays: ['När åtgärdsplanen inte anger något slutdatum; 90 om inget anges.', 'When the remedy plan gives no end date; 90 unless given.'],
  earlyEndThresholdPct: [
    'En anställning som upphör i förtid genom egen uppsägning, saklig grund (7 § LAS) eller avskedande (18 § LAS) räknas som uppfylld när denna andel av den avtalade tiden är arbetad.',
    'A job ended early by the employee’s resignation, objective grounds for dismissal (Section 7 LAS) or summary dismissal (Section 18 LAS) counts as met once this share of the agreed time was worked.',
  ],
  language: ['Språket som klausultexten skrivs på.', 'The language the clause text is written in.'],
  matchingBodyOrgId: [
    'Organisationen som är matchningsansvarig: dess matchare föreslår kandidater till klausulens öppningar och intygar att de tillhör målgruppen.',
    'The organisation responsible for matching: its matchers propose candidates for the clause’s openings and attest that they belong to the target group.',
  ],
  reservedShareDeclaredPct: [
    'Bara vid reserverad upphandling (4 kap. 18 § LOU), och då obligatoriskt: leverantörens uppgivna andel anställda i målgrupperna, minst 30 %.',
    'Only for a reserved contract (LOU 4:18), and then required: the supplier’s declared share of staff in the target groups, at least 30 %.',
  ],
  reserved: [
    'Vid varje tilldelning anges leverantörens andel anställda i målgrupperna, minst 30 %. Kan inte ändras när en klausul har tilldelats.',
    'Each award records the supplier’s declared share of staff in the target groups, at least 30 %. Cannot be changed once a clause is awarded.',
  ],
  amountSek: ['Lämna tomt för att kräva det beräknade beloppet.', 'Leave empty to claim the computed amount.'],
  'REQUEST_CORRECTION:reason': [
    'Vad leverantören ska rätta. Texten är den skriftliga begäran om rättelse.',
    'What the supplier must put right. The text is the written notice requiring correction.',
  ],
  'REQUEST_CORRECTION:dueDate': ['Sista dagen för rättelsen.', 'The last day for the correction.'],
  notice: [
    'Numret på begäran om rättelse som besvaras; lämna tomt för den äldsta som ännu är obesvarad.',
    'The number of the notice answered; leave empty for the earliest one still open.',
  ],
  'TERMINATE:reason': ['Det väsentliga avtalsbrott som hävningen grundas på.', 'The material breach the termination rests on.'],
  months: [
    'Anställningar på heltid eller deltid som sammantaget motsvarar minst så här många månader på heltid. Fyll i detta eller månader per miljon kronor, inte båda.',
    'Full-time or part-time jobs adding up to at least this many full-time months. Give this or months per million SEK, not both.',
  ],
  minMonthsPerJob: ['En anställning räknas bara om den varar minst så här många månader.', 'A job counts only if it lasts at least this many months.'],
  targetGroups: [
    'Deltagarna ska tillhöra någon av de valda målgrupperna; målgruppsintyget visar det.',
    'Participants must belong to one of the chosen target groups; the target-group attestation shows it.',
  ],
  'placements:count': [
    'Ett fast antal praktikplatser. Fyll i detta eller en praktikplats per påbörjade miljoner kronor, inte båda.',
    'A fixed number of placements. Give this or one placement per started million SEK, not both.',
  ],
  'placements:minWeeks': [
    'En praktikplats räknas bara om den varar minst så här många veckor.',
    'A placement counts only if it lasts at least this many weeks.',
  ],
  'placements:hoursPerWeek': [
    'En praktikplats räknas bara om deltagaren är där minst så här många timmar i veckan.',
    'A placement counts only if the participant is there at least this many hours a week.',
  ],
  trainedSupervisor: [
    'En plats kan då inte påbörjas förrän deltagarens handledare har gått handledarutbildning enligt leverantörens handledarregister.',
    'A placement then cannot start until the participant’s supervisor has taken supervisor training, as the supplier’s supervisor register shows.',
  ],
  localSharePct: [
    'Minsta andel av alla arbetade timmar som ska utföras av personer som bor i områdena nedan.',
    'The least share of all labour hours to be worked by people living in the areas below.',
  ],
  apprenticeSharePct: [
    'Minsta andel av de arbetade timmarna som ska utföras av lärlingar.',
    'The least share of the labour hours to be worked by apprentices.',
  ],
  'local-hiring:matchingBody': ['Vem som intygar att en boende står långt från arbetsmarknaden.', 'Who attests that a resident is far from the labour market.'],
  'training:apprentices': [
    'Fyll i antalet lärlingar eller antalet lärlingstimmar, inte båda.',
    'Give the number of apprentices or of apprentice hours, not both.',
  ],
  'training:apprenticeHours': [
    'Timmar av lärlingsutbildning eller yrkesutbildning. Fyll i detta eller antalet lärlingar, inte båda.',
    'Hours of apprenticeship or vocational training. Give this or the number of apprentices, not both.',
  ],
  trainingProvider: ['Till exempel Byggbranschens Yrkesnämnd.', 'For example Byggbranschens Yrkesnämnd.'],
  sekPerMissingUnit: [
    'Räknas på de lärlingar eller utbildningstimmar som saknas när uppfyllelsen kontrolleras, högst upp till vitestaket.',
    'Counted on the apprentices or training hours missing when fulfilment is verified, up to the cap at most.',
  ],
  withinMonths: ['Dialogen hålls inom så här många månader från kontraktets start.', 'The dialogue is held within this many months of the contract start.'],
  dialogueWith: [
    'Vem dialogen förs med, till exempel Arbetsförmedlingen eller kommunens arbetsmarknadsenhet.',
    'Who the dialogue is with, for example Arbetsförmedlingen or the municipality’s labour-market unit.',
  ],
  supervisorId: [
    'Välj bland organisationens handledare. Om handledaren är utbildad följer av registret.',
    'Choose among your organisation’s supervisors. Whether they are trained follows from the register.',
  ],
  'supervisor.trained': [
    'Kryssa i om handledaren har gått handledarutbildning. När en handledare ur registret är vald följer det av registret.',
    'Tick if the supervisor has taken supervisor training. When a supervisor from the register is chosen, the register says.',
  ],
  breaksGenderPattern: [
    'Till exempel en kvinna som snickare eller en man som undersköterska.',
    'For example a woman as a carpenter or a man as an assistant nurse.',
  ],
};

/**
 * A field's help in the page's language, or nothing: by what the field
 * belongs to and its path ("TERMINATE:reason", "placements:count") when that
 * is worded, otherwise by its path or last name.
 */
export function fieldHelp(lang: WebLanguage, name: string, context?: string): string | undefined {
  const path = name.replace(/^params\./, '');
  const last = path.split('.').at(-1)!;
  const known = (context ? (FIELD_HELP[`${context}:${path}`] ?? FIELD_HELP[`${context}:${last}`]) : undefined) ?? FIELD_HELP[path] ?? FIELD_HELP[last];
  return known?.[lang === 'sv' ? 0 : 1];
}

/** Things counted on pages, [singular, plural] in Swedish and English. */
const NOUNS = {
  clause: [
    ['klausul', 'klausuler'],
    ['clause', 'clauses'],
  ],
  placement: [
    ['praktikplats', 'praktikplatser'],
    ['placement', 'placements'],
  ],
  report: [
    ['periodrapport', 'periodrapporter'],
    ['period report', 'period reports'],
  ],
  row: [
    ['rad', 'rader'],
    ['row', 'rows'],
  ],
} as const satisfies Record<string, readonly [readonly [string, string], readonly [string, string]]>;

/** A count with its noun in the right number ("1 klausul", "2 klausuler"). */
export function countOf(lang: WebLanguage, n: number, noun: keyof typeof NOUNS): string {
  const [one, many] = NOUNS[noun][lang === 'sv' ? 0 : 1];
  return `${new Intl.NumberFormat(LOCALE[lang]).format(n)} ${new Intl.PluralRules(LOCALE[lang]).select(n) === 'one' ? one : many}`;
}

/** Where a clause is headed at its pace (src/db/progress.ts PROJECTIONS). */
const PROJECTION_LABELS: Record<string, readonly [string, string]> = {
  onTrack: ['Följer planen', 'On track'],
  atRisk: ['I riskzonen', 'At risk'],
  willMiss: ['Når inte målet', 'Will miss the target'],
};

export const projectionLabel = (lang: WebLanguage, projection: string): string => wordsIn(PROJECTION_LABELS, projection, lang);

/**
 * A date as a date, never a clock time. A date-only value (YYYY-MM-DD) is that
 * day; a deadline's instant (`deadline: true`) is the end of its day, stored
 * as the next midnight UTC (src/domain/deadlines.ts endOfDay), so it is the
 * day before that midnight.
 */
export function formatDate(lang: WebLanguage, iso: string | null | undefined, options: { deadline?: boolean } = {}): string {
  if (!iso) return '–';
  const format = new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' });
  if (iso.length === 10) return format.format(new Date(`${iso}T12:00:00Z`));
  const at = new Date(iso);
  if (options.deadline && at.getUTCHours() === 0 && at.getUTCMinutes() === 0 && at.getUTCSeconds() === 0) return formatDate(lang, lastDayOf(at));
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'Europe/Stockholm' }).format(at);
}

/**
 * The engine's own sentences for what only it can judge (zod's `custom`
 * issues and code-less ones), matched by their English and said again in the
 * page's language; `{1}`, `{2}` are the captured field names as labels, `{v1}`,
 * `{v2}` the captured values as they are. One not listed here is said as
 * "cannot be used", never in the engine's English.
 */
const ENGINE_SENTENCES: Array<[RegExp, readonly [string, string]]> = [
  [/^give exactly one of (\w+) or (\w+)/, ['Fyll i antingen {1} eller {2}, inte båda.', 'Fill in either {1} or {2}, not both.']],
  [/^(\w+) must not precede (\w+)/, ['{1} får inte vara före {2}.', '{1} may not be before {2}.']],
  [/^(\w+) must follow (\w+)/, ['{1} måste vara efter {2}.', '{1} must be after {2}.']],
  [/^list each target group once/, ['Välj varje målgrupp en gång.', 'Choose each target group once.']],
  [/^(\w+) is part of (\w+): send \w+ too/, ['{1} ingår i {2}: fyll i {2} också.', '{1} is part of {2}: fill in {2} too.']],
  [/^(\w+) \(.*\) cannot exceed (\w+)/, ['{1} får inte vara större än {2}.', '{1} may not be greater than {2}.']],
  [
    /^the disadvantaged residents' hours are part of the local hours/,
    ['Får inte vara större än andelen lokalt boende.', 'May not be greater than the local residents’ share.'],
  ],
  [
    /^the contract starts on (\S+); send the day the offer was made/,
    [
      'Kontraktet börjar {d1}; ange dagen då erbjudandet lämnades, från och med den.',
      'The contract starts on {d1}; give the day the offer was made, on or after it.',
    ],
  ],
  [
    /^the contract starts on (\S+);/,
    ['Kontraktet börjar {d1}; ange ett startdatum från och med den.', 'The contract starts on {d1}; give a start date on or after it.'],
  ],
  [/^send a date on or after the start date (\S+)/, ['Ange ett datum från och med startdatumet {d1}.', 'Give a date on or after the start date {d1}.']],
  [/^send a date on or after the offer date (\S+)/, ['Ange ett datum från och med erbjudandets datum {d1}.', 'Give a date on or after the offer date {d1}.']],
  [
    /^send START on or after the start date (\S+)/,
    ['Platsen kan påbörjas tidigast på startdatumet {d1}.', 'The placement can start on its start date {d1} at the earliest.'],
  ],
  [
    /^send the date it actually ended, at the latest today \((\S+)\)/,
    ['Ange dagen den faktiskt upphörde, senast i dag ({d1}).', 'Give the day it actually ended, today ({d1}) at the latest.'],
  ],
  [
    /^record an offer once it is made: .*\((\S+)\)/,
    ['Registrera ett erbjudande när det har lämnats, senast i dag ({d1}).', 'Record an offer once it is made, today ({d1}) at the latest.'],
  ],
  [
    /^send the day it happened, at the latest today \((\S+)\)/,
    ['Ange dagen det hände, senast i dag ({d1}).', 'Give the day it happened, today ({d1}) at the latest.'],
  ],
  [/^(\S+) appears twice/, ['{v1} finns två gånger; varje deltagare en gång per klausul.', '{v1} appears twice; each participant once per clause.']],
  [/^(\S+) is already registered under this clause/, ['{v1} är redan registrerad under klausulen.', '{v1} is already registered under this clause.']],
  [/^the clause counts (.+); send one of them/, ['Klausulen räknar bara dessa målgrupper: {groups}.', 'The clause counts only these target groups: {groups}.']],
  [/^send one of (.+)$/, ['Välj en av: {choices}.', 'Choose one of: {choices}.']],
  [
    /^send params \(the complete new parameters\), language, or both/,
    ['Ändra parametrarna, språket eller båda.', 'Change the parameters, the language, or both.'],
  ],
  [/^name at least one area/, ['Ange minst ett område.', 'Give at least one area.']],
  [/^say what the other reason was/, ['Skriv vilket det andra skälet var.', 'Say what the other reason was.']],
  [/^this column is missing from the header row/, ['Kolumnen saknas i rubrikraden.', 'The column is missing from the header row.']],
  [/^unknown column; the columns are (.+)$/, ['Okänd kolumn; kolumnerna är {v1}.', 'Unknown column; the columns are {v1}.']],
  [
    /^send a header row \((.+)\) and one row per placement/,
    ['Filen behöver en rubrikrad ({v1}) och en rad per plats.', 'The file needs a header row ({v1}) and one row per placement.'],
  ],
  [
    /; send comma-separated values with a header row$/,
    ['Filen kunde inte läsas som CSV med rubrikrad.', 'The file could not be read as CSV with a header row.'],
  ],
  [/^send one row per placement below the header/, ['Lägg en rad per plats under rubrikraden.', 'Put one row per placement below the header row.']],
  [
    /^type the reference as plain text, without invisible/,
    [
      'Skriv referensen som vanlig text, utan osynliga tecken eller tecken som vänder skrivriktningen.',
      'Type the reference as plain text, without invisible characters or characters that change the writing direction.',
    ],
  ],
  [/^send a text file saved as "CSV UTF-8"/, ['Spara filen som ”CSV UTF-8” och ladda upp den igen.', 'Save the file as “CSV UTF-8” and upload it again.']],
];

/** One of the values an engine sentence offers: an event by its words, a language or other option by its words. */
const choiceWords = (words: Words, choice: string): string =>
  /^[A-Z_]+$/.test(choice) ? eventLabel(words.lang, choice) : words.option(isWebLanguage(choice) ? 'language' : choice, { value: choice, label: choice });

/** An engine sentence in the page's language, or the general "cannot be used". */
export function engineSentence(words: Words, message: string): string {
  for (const [pattern, pair] of ENGINE_SENTENCES) {
    const match = pattern.exec(message);
    if (!match) continue;
    const captured = match.slice(1);
    return pair[words.lang === 'sv' ? 0 : 1]
      .replace(/\{(\d)\}/g, (_, n: string) => fieldLabel(words.lang, captured[Number(n) - 1] ?? ''))
      .replace(/\{v(\d)\}/g, (_, n: string) => captured[Number(n) - 1] ?? '')
      .replace(/\{d(\d)\}/g, (_, n: string) => formatDate(words.lang, captured[Number(n) - 1]))
      .replace('{groups}', (captured[0] ?? '').split(', ').map(words.targetGroup).join(', '))
      .replace(
        '{choices}',
        (captured[0] ?? '')
          .split(', ')
          .map((choice) => choiceWords(words, choice))
          .join(', '),
      );
  }
  return words.t('issueInvalid');
}

/** Event names as a person reads them. */
const EVENT_LABELS: Record<string, readonly [string, string]> = {
  PUBLISH: ['Publicera med upphandlingen', 'Publish with the tender'],
  DISCARD: ['Kassera utkastet', 'Discard the draft'],
  EDIT_DRAFT: ['Ändra utkastet', 'Edit the draft'],
  WITHDRAW: ['Dra tillbaka', 'Withdraw'],
  AWARD: ['Tilldela kontraktet', 'Award the contract'],
  SUBMIT_PLAN: ['Lämna åtagandeplan', 'Submit the commitment plan'],
  REQUEST_PLAN_CHANGES: ['Begär ändringar i planen', 'Request changes to the plan'],
  ACCEPT_PLAN: ['Godkänn planen', 'Accept the plan'],
  CLOSE_DELIVERY: ['Avsluta leveransen', 'Close delivery'],
  CONFIRM_FULFILLED: ['Bekräfta uppfyllt', 'Confirm fulfilled'],
  RECORD_SHORTFALL: ['Registrera brist', 'Record a shortfall'],
  SUBMIT_REMEDY_PLAN: ['Lämna åtgärdsplan', 'Submit a remedy plan'],
  CLOSE_REMEDY: ['Avsluta åtgärdsperioden', 'Close the remedy period'],
  // Vite is claimed under the contract, not decided (docs/glossary.md); IMPOSE_SANCTION is the old name of CLAIM_VITE.
  IMPOSE_SANCTION: ['Kräv vite', 'Claim liquidated damages'],
  CLAIM_VITE: ['Kräv vite', 'Claim liquidated damages'],
  WAIVE: ['Efterge', 'Waive'],
  REQUEST_CORRECTION: ['Begär rättelse', 'Request correction'],
  REPORT_CORRECTION: ['Redovisa rättelse', 'Report the correction'],
  TERMINATE: ['Häv avtalet', 'Terminate the contract'],
  PLAN_DUE: ['Tidsgränsen för åtagandeplanen passerade', 'The commitment plan deadline passed'],
  FIRST_JOB_DUE: ['Tidsgränsen för första jobbet passerade', 'The first-job deadline passed'],
  REPORT_DUE: ['Tidsgränsen för periodrapporten passerade', 'The period report deadline passed'],
  REMEDY_DUE: ['Tidsgränsen för avhjälpandet passerade', 'The remedy deadline passed'],
  CORRECTION_DUE: ['Tidsgränsen för rättelsen passerade', 'The correction deadline passed'],
  START: ['Deltagaren har börjat', 'The participant has started'],
  COMPLETE: ['Genomförd', 'Completed'],
  END_EARLY: ['Avslutad i förtid', 'Ended early'],
  DISCONTINUE: ['Avbruten', 'Discontinued'],
  VERIFY: ['Verifiera', 'Verify'],
  REJECT: ['Underkänn', 'Reject'],
  ACCEPT: ['Godta', 'Accept'],
  QUERY: ['Ifrågasätt', 'Query'],
  RESUBMIT: ['Lämna på nytt', 'Resubmit'],
  DECLINE: ['Avböj', 'Decline'],
  // The prime contractor's answer to what a subcontractor registered (issue 22).
  APPROVE: ['Godkänn och skicka till kontroll', 'Approve and send for verification'],
  RETURN: ['Skicka tillbaka till underleverantören', 'Return to the subcontractor'],
};

/** Events whose words differ in one workflow, keyed "workflowId:TYPE": the contractor records the participant's answer to an offer. */
const WORKFLOW_EVENT_LABELS: Record<string, readonly [string, string]> = {
  'employment-offer:ACCEPT': ['Deltagaren tackade ja', 'The participant accepted'],
  'employment-offer:DECLINE': ['Deltagaren tackade nej', 'The participant declined'],
  'employment-offer:WITHDRAW': ['Återkalla erbjudandet', 'Withdraw the offer'],
};

export function eventLabel(lang: WebLanguage, type: string, workflowId?: string): string {
  const own = `${workflowId}:${type}`;
  return own in WORKFLOW_EVENT_LABELS ? wordsIn(WORKFLOW_EVENT_LABELS, own, lang) : wordsIn(EVENT_LABELS, type, lang);
}

/**
 * The states of each item's workflow as a person reads them, by workflow id:
 * a placement (platsen), a period report (rapporten), an opening, a proposal
 * (förslaget) and an offer of employment (erbjudandet).
 */
const ITEM_STATE_LABELS: Record<string, Record<string, readonly [string, string]>> = {
  placement: {
    registered: ['Registrerad, ej påbörjad', 'Registered, not started'],
    active: ['Pågår', 'Under way'],
    completed: ['Genomförd, väntar på kontroll', 'Completed, awaiting verification'],
    endedEarly: ['Avslutad i förtid, väntar på kontroll', 'Ended early, awaiting verification'],
    discontinued: ['Avbruten, väntar på kontroll', 'Broken off, awaiting verification'],
    verified: ['Kontrollerad, räknas', 'Verified, counts'],
    rejected: ['Underkänd, räknas inte', 'Rejected, does not count'],
    awaitingPrimeApproval: ['Avslutad, väntar på leverantörens godkännande', 'Ended, awaiting the supplier’s approval'],
  },
  'period-report': {
    submitted: ['Inlämnad, väntar på granskning', 'Submitted, awaiting review'],
    queried: ['Ifrågasatt, väntar på svar', 'Queried, awaiting an answer'],
    resubmitted: ['Inlämnad på nytt', 'Resubmitted'],
    accepted: ['Godkänd', 'Accepted'],
    awaitingPrimeApproval: ['Väntar på leverantörens godkännande', 'Awaiting the supplier’s approval'],
  },
  opening: {
    open: ['Öppen för förslag', 'Open for proposals'],
    filled: ['Tillsatt', 'Filled'],
    withdrawn: ['Återkallad', 'Withdrawn'],
  },
  proposal: {
    proposed: ['Föreslagen, väntar på svar', 'Proposed, awaiting an answer'],
    accepted: ['Antagen', 'Accepted'],
    declined: ['Avböjd', 'Declined'],
    withdrawn: ['Återkallad', 'Withdrawn'],
  },
  'employment-offer': {
    offered: ['Lämnat, inväntar svar', 'Offered, awaiting an answer'],
    accepted: ['Antaget', 'Accepted'],
    declined: ['Avböjt', 'Declined'],
    withdrawn: ['Återkallat', 'Withdrawn'],
  },
};

export const itemStateLabel = (lang: WebLanguage, workflowId: string, state: string): string => wordsIn(ITEM_STATE_LABELS[workflowId], state, lang);

/** Every item workflow's state labels, for the test that each state has words. */
export const ITEM_STATE_WORKFLOWS = Object.keys(ITEM_STATE_LABELS);

/** The clause's states as a person reads them (every workflow version's). */
const CLAUSE_STATE_LABELS: Record<string, readonly [string, string]> = {
  draft: ['Utkast', 'Draft'],
  tendering: ['I upphandling', 'Out to tender'],
  commitment: ['Åtagande', 'Commitment'],
  'commitment.awaitingPlan': ['Åtagande: väntar på planen', 'Commitment: awaiting the plan'],
  'commitment.planReview': ['Åtagande: planen granskas', 'Commitment: plan under review'],
  delivery: ['Leverans', 'Delivery'],
  verification: ['Kontroll av uppfyllelse', 'Verification'],
  shortfall: ['Brist', 'Shortfall'],
  remediation: ['Avhjälpande', 'Remedy'],
  fulfilled: ['Uppfylld', 'Fulfilled'],
  // sanctioned (versions 1 and 2) and viteClaimed (version 3) mean the same: vite was claimed.
  sanctioned: ['Vite krävt', 'Liquidated damages claimed'],
  viteClaimed: ['Vite krävt', 'Liquidated damages claimed'],
  terminated: ['Avtalet hävt', 'Contract terminated'],
  waived: ['Eftergivet', 'Waived'],
  withdrawn: ['Återkallad', 'Withdrawn'],
};

export const clauseStateLabel = (lang: WebLanguage, state: string): string => wordsIn(CLAUSE_STATE_LABELS, state, lang);

/** Deadline kinds (src/domain/deadlines.ts) and what a deadline or its milestone says now. */
const DEADLINE_LABELS: Record<string, readonly [string, string]> = {
  planDue: ['Åtagandeplan', 'Commitment plan'],
  firstJob: ['Första jobbet', 'First job'],
  reportDue: ['Periodrapport', 'Period report'],
  remedyDue: ['Avhjälpande', 'Remedy'],
  contractEnd: ['Kontraktets slut', 'End of contract'],
  correctionDue: ['Rättelse', 'Correction'],
  upcoming: ['Kommande', 'Upcoming'],
  due: ['Förfallen', 'Due'],
  fired: ['Passerad', 'Passed'],
  cancelled: ['Bortfallen', 'Cancelled'],
  failed: ['Misslyckades', 'Failed'],
  met: ['Uppfylld', 'Met'],
  notMet: ['Inte uppfylld', 'Not met'],
  metLate: ['Uppfylld i efterhand', 'Met late'],
};

export const deadlineLabel = (lang: WebLanguage, kindOrStatus: string): string => wordsIn(DEADLINE_LABELS, kindOrStatus, lang);

/**
 * Why a job ended early (END_EARLY's reasonCode, workflows/placement.ts), in
 * the words of criterion 11554 and LAS (docs/glossary.md).
 */
const EARLY_END_REASON_LABELS: Record<EarlyEndReason, readonly [string, string]> = {
  employeeResigned: ['Den anställde sade själv upp sig', 'The employee resigned'],
  objectiveGrounds: ['Saklig grund för uppsägning (7 § LAS)', 'Objective grounds for dismissal (Section 7 of the Employment Protection Act)'],
  summaryDismissal: ['Avskedande (18 § LAS)', 'Summary dismissal (Section 18 of the Employment Protection Act)'],
  other: ['Annat skäl', 'Other reason'],
};

export const earlyEndReasonLabel = (lang: WebLanguage, code: EarlyEndReason): string => wordsIn(EARLY_END_REASON_LABELS, code, lang);

/** The early-end reasons as a form's options, in the page's language. */
export const earlyEndReasonOptions = (lang: WebLanguage) => EARLY_END_REASONS.map((code) => ({ value: code, label: earlyEndReasonLabel(lang, code) }));

/** The overview's exports beyond the main table's words (issue 19, items 8 and 10): the Swedish workbook, and how to get a tender as OCDS. */
const EXPORT_LABELS = {
  clausesXlsxSv: ['Klausuler för Excel (svensk arbetsbok)', 'Clauses for Excel (Swedish workbook)'],
  ocdsNeedsTender: ['En hel upphandling som OCDS: välj upphandlingen i filtret ovan.', 'A whole tender as OCDS: choose the tender in the filters above.'],
} as const satisfies Record<string, readonly [string, string]>;

export const exportLabel = (lang: WebLanguage, file: keyof typeof EXPORT_LABELS): string => wordsIn(EXPORT_LABELS, file, lang);

/** A clause kind's title in the page's language (templates/); its id when the library does not have it. */
export const templateTitle = (lang: WebLanguage, templateId: string, templateVersion?: number): string =>
  findTemplate(templateId, templateVersion)?.title[lang] ?? templateId;
