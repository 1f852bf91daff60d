/**
 * Irreversible steps ask first (issue 19): closing delivery, claiming vite,
 * waiving, terminating, discarding and withdrawing a clause, and withdrawing
 * an offer of employment, an opening or a proposal, each carry a checkbox
 * whose label states the consequence. The web handler sends the
 * event only when the box was ticked; otherwise the form comes back with a
 * message and nothing is sent. No script is needed, and the box is reached
 * and ticked with the keyboard like any other field.
 */
import type { Failed } from './components.tsx';
import { fieldId, flatten, type Field } from './forms.tsx';
import type { WordKey, Words } from './i18n.ts';
import { fill } from './clause-facts.tsx';

/** The events that cannot be undone, by "workflowId:TYPE", and the sentence that says what each one does. */
const CONSEQUENCES: Record<string, WordKey> = {
  'social-clause:CLOSE_DELIVERY': 'confirmClose',
  'social-clause:CLAIM_VITE': 'confirmVite',
  'social-clause:IMPOSE_SANCTION': 'confirmVite',
  'social-clause:WAIVE': 'confirmWaive',
  'social-clause:TERMINATE': 'confirmTerminate',
  'social-clause:DISCARD': 'confirmDiscard',
  'social-clause:WITHDRAW': 'confirmWithdraw',
  'employment-offer:WITHDRAW': 'confirmWithdrawOffer',
  'opening:WITHDRAW': 'confirmWithdrawOpening',
  'proposal:WITHDRAW': 'confirmWithdrawProposal',
};

/** The checkbox's name in the form; it is the web's, never sent to the engine. */
const CONFIRM = 'confirm';

export const asksFirst = (workflowId: string, type: string): boolean => `${workflowId}:${type}` in CONSEQUENCES;

/** What the sentences name: the clause's supplier, and for closing delivery the contract's last day and today (YYYY-MM-DD). */
export interface ConfirmContext {
  supplier?: string | undefined;
  contractEnd?: string | null | undefined;
  today?: string | undefined;
}

/** What the form of an irreversible step adds: the box stating its consequence, and a warning to read first (delivery closed before the contract's end). */
export interface Confirmation {
  field: Field;
  warning?: string | undefined;
}

export function confirmationOf(workflowId: string, type: string, words: Words, about: ConfirmContext = {}): Confirmation | undefined {
  const key = CONSEQUENCES[`${workflowId}:${type}`];
  if (!key) return undefined;
  const text = fill(words.t(key), { supplier: about.supplier ?? '' });
  const endsLater = key === 'confirmClose' && !!about.contractEnd && !!about.today && about.today <= about.contractEnd;
  return {
    // The page is in one language: the label is already in it.
    field: { name: CONFIRM, kind: 'checkbox', required: true, label: { sv: text, en: text } },
    warning: endsLater ? fill(words.t('confirmCloseEarly'), { date: words.date(about.contractEnd) }) : undefined,
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
