/** Target groups a social clause can name, with labels and the eForms social objective they fall under. */
export const TARGET_GROUPS = ['newcomers', 'youth-16-24', 'long-term-unemployed', 'disability', 'other'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

type GroupLabels = Readonly<Record<TargetGroup, Readonly<{ sv: string; en: string }>>>;

/**
 * The groups in today's words (docs/glossary.md): the etableringsprogrammet of
 * förordning (2017:820) and the disability wording of Upphandlingsmyndigheten's
 * criterion 11554. Web pages and version-2 clause texts use these.
 */
export const TARGET_GROUP_LABELS: GroupLabels = {
  newcomers: {
    sv: 'nyanlända som deltar i etableringsprogrammet',
    en: 'newly arrived immigrants taking part in the introduction programme (etableringsprogrammet)',
  },
  'youth-16-24': { sv: 'unga 16–24 år', en: 'young people aged 16–24' },
  'long-term-unemployed': { sv: 'långtidsarbetslösa', en: 'long-term unemployed people' },
  disability: {
    sv: 'personer med funktionsnedsättning som medför nedsatt arbetsförmåga',
    en: 'persons with a disability that reduces their capacity for work',
  },
  other: { sv: 'andra personer långt från arbetsmarknaden', en: 'other people far from the labour market' },
};

/** The words version-1 clause texts were published with: frozen, so a clause drafted on version 1 reads as it did. */
const TARGET_GROUP_LABELS_V1: GroupLabels = {
  ...TARGET_GROUP_LABELS,
  newcomers: { sv: 'nyanlända i etableringsfasen', en: 'newcomers in the establishment phase' },
  disability: { sv: 'personer med funktionsnedsättning', en: 'persons with disabilities' },
};

/** The wording of a clause text: 1 for the texts of template version 1, 2 for those since. */
export type TextWording = 1 | 2;

/** The target-group labels a clause text of the given wording uses. */
export const targetGroupLabelsOf = (wording: TextWording): GroupLabels => (wording === 1 ? TARGET_GROUP_LABELS_V1 : TARGET_GROUP_LABELS);

/** eForms BT-775 social-objective code: all of these groups are employment opportunities ("opp"). */
export const ELIGIBLE_SOCIAL_OBJECTIVE = 'opp';
