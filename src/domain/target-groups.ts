/** Target groups a social clause can name, with labels and the eForms social objective they fall under. */
export const TARGET_GROUPS = ['newcomers', 'youth-16-24', 'long-term-unemployed', 'disability', 'other'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const TARGET_GROUP_LABELS: Record<TargetGroup, { sv: string; en: string }> = {
  newcomers: { sv: 'nyanlända i etableringsfasen', en: 'newcomers in the establishment phase' },
  'youth-16-24': { sv: 'unga 16–24 år', en: 'young people aged 16–24' },
  'long-term-unemployed': { sv: 'långtidsarbetslösa', en: 'long-term unemployed people' },
  disability: { sv: 'personer med funktionsnedsättning', en: 'persons with disabilities' },
  other: { sv: 'andra personer långt från arbetsmarknaden', en: 'other people far from the labour market' },
};

/** eForms BT-775 social-objective code: all of these groups are employment opportunities ("opp"). */
export const ELIGIBLE_SOCIAL_OBJECTIVE = 'opp';
