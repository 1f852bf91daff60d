/**
 * Irreversible steps ask first (issue 19): closing delivery, claiming vite,
 * waiving, terminating, discarding and withdrawing a clause each carry a
 * checkbox whose label states the consequence. The web handler sends the
 * event only when the box was ticked; otherwise the form comes back with a
 * message and nothing is sent. No script is needed, and the box is reached
 * and ticked with the keyboard like any other field.
 */
import type { Failed } from './components.tsx';
import { fieldId, flatten, type Field } from './forms.tsx';
import type { WordKey, Words } from './i18n.ts';
import { fill } from './clause-facts.tsx';

/** The clause events that cannot be undone, and the sentence that says what each one does. */
const CONSEQUENCES: Record<string, WordKey> = {
  CLOSE_DELIVERY: 'confirmClose',
  CLAIM_VITE: 'confirmVite',
  IMPOSE_SANCTION: 'confirmVite',
  WAIVE: 'confirmWaive',
  TERMINATE: 'confirmTerminate',
  DISCARD: 'confirmDiscard',
  WITHDRAW: 'confirmWithdraw',
};

/** The checkbox's name in the form; it is the web's, never sent to the engine. */
const CONFIRM = 'confirm';

export const asksFirst = (type: string): boolean => type in CONSEQUENCES;

/** What the form of an irreversible step adds: the box stating its consequence, and a warning to read first (delivery closed before the contract's end). */
export interface Confirmation {
  field: Field;
  warning?: string | undefined;
}

export function confirmationOf(type: string, words: Words, clause: { supplier: string; contractEnd: string | null; today: string }): Confirmation | undefined {
  const key = CONSEQUENCES[type];
  if (!key) return undefined;
  const text = fill(words.t(key), { supplier: clause.supplier });
  const endsLater = type === 'CLOSE_DELIVERY' && clause.contractEnd !== null && clause.today <= clause.contractEnd;
  return {
    // The page is in one language: the label is already in it.
    field: { name: CONFIRM, kind: 'checkbox', required: true, label: { sv: text, en: text } },
    warning: endsLater ? fill(words.t('confirmCloseEarly'), { date: words.date(clause.contractEnd) }) : undefined,
  };
}

/** Whether the posted form ticked the box. */
export const confirmed = (form: Record<string, unknown>): boolean => form[CONFIRM] === 'on';

/** The form again, unsent: what was typed kept, the box marked, and a summary that links to it. */
export function unconfirmed(words: Words, form: { id: string; values: Record<string, unknown> }): Failed {
  const box: Field = { name: CONFIRM, kind: 'checkbox', required: true };
  return {
    form: form.id,
    status: 422,
    state: { values: flatten(form.values), errors: { [CONFIRM]: words.t('confirmFirst') } },
    message: words.t('notConfirmed'),
    items: [{ text: words.t('confirmFirst'), target: fieldId(form.id, box) }],
  };
}
