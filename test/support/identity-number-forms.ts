/**
 * The ways people write a personal identity number (issue 20, item 1): one
 * table for the guard's unit test and for the test that sends each form
 * through every entrance (test/integration/identity-number-forms.test.ts).
 * Each is a valid number (or coordination number) with its check digit.
 */
export const WRITTEN_FORMS: ReadonlyArray<readonly [label: string, text: string]> = [
  ['twelve digits, a space as separator', '19811218 9876'],
  ['ten digits, a space as separator', '811218 9876'],
  ['a coordination number, a space as separator', '811278 9873'],
  ['a spaced dash', '811218 - 9876'],
  ['an en dash', '811218\u20139876'],
  ['an em dash', '811218\u20149876'],
  ['a minus sign', '811218\u22129876'],
  ['a no-break space', '811218\u00a09876'],
  ['a narrow no-break space', '811218\u202f9876'],
  ['a tab', '811218\t9876'],
  ['a zero-width space', '811218\u200b-9876'],
  ['a zero-width joiner and a soft hyphen', '8112\u200d18-98\u00ad76'],
  ['a right-to-left override', '811218\u202e-9876'],
  ['a left-to-right mark and an isolate', '8112\u200e18-\u20669876'],
  ['full-width digits and dash', '\uff18\uff11\uff11\uff12\uff11\uff18\uff0d\uff19\uff18\uff17\uff16'],
];
