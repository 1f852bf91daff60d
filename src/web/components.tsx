/** Pieces every page uses: action forms, a failed form's state, badges and the progress bar. */
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import type { Fulfilment } from '../domain/fulfilment.ts';
import { fieldsFromSchema, Fields, type Choices, type Field, type FormState } from './forms.tsx';
import { eventLabel, type Words } from './i18n.ts';
import { confirmationOf, type ConfirmContext } from './confirmation.tsx';
import type { RefusalItem } from './refusals.ts';

/** A form that was refused: which one, what was entered, and what was wrong with it. */
export interface Failed {
  form: string;
  /** The refusal's HTTP status: 422 for what the form can correct; others are also said at the top of the page, where the form may be gone. */
  status: number;
  state: FormState;
  message: string;
  /** The error summary's lines, each linked to its field where it has one. */
  items: RefusalItem[];
}

export const stateOf = (failed: Failed | undefined, form: string): FormState | undefined => (failed?.form === form ? failed.state : undefined);

const schemaCache = new Map<z.ZodType, Record<string, unknown>>();
/** The JSON Schema of a zod schema, as the forms read it. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = schemaCache.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    schemaCache.set(schema, json);
  }
  return json;
}

/** The fields of an event's payload. */
export const eventFields = (workflow: WorkflowDefinition, type: string, choices: Choices = {}): Field[] =>
  fieldsFromSchema(jsonSchemaOf(workflow.events[type]!.payload), choices).map((field) => ({ ...field, helpContext: type }));

/** A collapsible form: its summary is the action; it opens by itself when it was refused. */
export function ActionForm(props: {
  id: string;
  summary: string;
  action: string;
  csrfToken: string;
  words: Words;
  fields: Field[];
  failed?: Failed | undefined;
  hidden?: Record<string, string | number>;
  multipart?: boolean;
  submit?: string;
  open?: boolean;
  extra?: Child;
  preview?: string;
  /** What the fields show before anything is typed (a draft's parameters, a suggested candidate), by field name; a refused form shows what was typed. */
  values?: Record<string, unknown>;
}): Child {
  const state = stateOf(props.failed, props.id) ?? (props.values ? { values: props.values } : undefined);
  return (
    <details class="action" id={props.id} open={props.open || stateOf(props.failed, props.id) !== undefined}>
      <summary>{props.summary}</summary>
      {/* The form's anchor in its action: a refused form's page opens where the form is. */}
      <form
        method="post"
        action={`${props.action}#${props.id}`}
        enctype={props.multipart ? 'multipart/form-data' : undefined}
        data-preview={props.preview}
        novalidate
      >
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="_form" value={props.id} />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={String(value)} />
        ))}
        {stateOf(props.failed, props.id) && props.failed ? <ErrorSummary id={`${props.id}-errors`} failed={props.failed} /> : null}
        {props.extra}
        <Fields fields={props.fields} words={props.words} idPrefix={props.id} state={state} />
        <button type="submit">{props.submit ?? props.summary}</button>
      </form>
    </details>
  );
}

/** A refused form's errors at its top, each a link to its field (the page opens here: the form's action carries its anchor). */
function ErrorSummary(props: { id: string; failed: Failed }): Child {
  return (
    <div class="problem error-summary" id={props.id} role="alert" tabindex={-1}>
      <p>
        <strong>{props.failed.message}</strong>
      </p>
      {props.failed.items.length > 0 ? (
        <ul>
          {props.failed.items.map((item) => (
            <li>{item.target ? <a href={`#${item.target}`}>{item.text}</a> : item.text}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One form per event the viewer may send now. */
export function EventForms(props: {
  prefix: string;
  action: string;
  workflow: WorkflowDefinition;
  allowed: string[];
  version: number;
  csrfToken: string;
  words: Words;
  failed?: Failed | undefined;
  choices?: Choices;
  /** What an irreversible step's confirmation names (src/web/confirmation.tsx): its box states the consequence and is ticked before the step is sent. */
  about?: ConfirmContext;
}): Child {
  return (
    <div class="actions">
      {props.allowed.map((type) => {
        const confirmation = confirmationOf(props.workflow.id, type, props.words, props.about);
        return (
          <ActionForm
            id={`${props.prefix}-${type}`}
            summary={eventLabel(props.words.lang, type, props.workflow.id)}
            action={props.action}
            csrfToken={props.csrfToken}
            words={props.words}
            fields={[...eventFields(props.workflow, type, props.choices), ...(confirmation ? [confirmation.field] : [])]}
            failed={props.failed}
            hidden={{ type, _version: props.version }}
            extra={confirmation?.warning ? <p class="warning">{confirmation.warning}</p> : undefined}
          />
        );
      })}
    </div>
  );
}

export function ProgressBar(props: { fulfilment: Fulfilment; words: Words }): Child {
  const { fulfilment: f, words } = props;
  const label = `${words.number(f.measured)} ${words.t('of')} ${words.number(f.target)} ${words.unit(f.unit)}`;
  return (
    <div class="progress">
      <meter min={0} max={f.target ?? 1} value={Math.min(f.measured, f.target ?? f.measured)} aria-label={`${words.t('progress')}: ${label}`}>
        {label}
      </meter>
      <span>
        {label}
        {f.pct !== null ? ` (${words.number(f.pct)} %)` : ''}
      </span>
    </div>
  );
}

export const Badge = (props: { kind: string; children: Child }): Child => <span class={`badge ${props.kind}`}>{props.children}</span>;
