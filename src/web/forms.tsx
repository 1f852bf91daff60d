/**
 * Forms generated from JSON Schema (event payloads, template parameters): one
 * labelled field per property, nested objects as dotted names, and the posted
 * form turned back into the JSON the engine validates. Errors are shown next
 * to the field they concern.
 */
import type { Child } from 'hono/jsx';
import { fieldHelp, labelOf, type Words } from './i18n.ts';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  maxLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
};

export interface Field {
  name: string;
  kind: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkbox' | 'checkboxes' | 'lines';
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  integer?: boolean;
  /** Help in the page's language, when the page words it itself; otherwise src/web/i18n.ts fieldHelp is asked. */
  description?: string | undefined;
  /** The field's own label, when what it belongs to names it (a template's parameters); otherwise the page's words. */
  label?: Readonly<Record<'sv' | 'en', string>> | undefined;
  /** What the field belongs to (an event's type, a template's id), when its help depends on it: a termination's reason is not a waiver's. */
  helpContext?: string | undefined;
}

export type Choices = Record<string, Array<{ value: string; label: string }>>;

const typeOf = (schema: JsonSchema): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  return schema.anyOf?.map(typeOf).find((t) => t && t !== 'null');
};

/** The fields of an object schema; arrays of objects (e.g. plan milestones) are left to the API. */
export function fieldsFromSchema(schema: JsonSchema, choices: Choices = {}, prefix = '', requiredHere = true): Field[] {
  const fields: Field[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (key === 'type') continue;
    const name = prefix ? `${prefix}.${key}` : key;
    const isRequired = requiredHere && required.has(key);
    const type = typeOf(property);
    // A schema's description is the API's English and stays off the page: help comes from fieldHelp (src/web/i18n.ts).
    if (choices[name]) fields.push({ name, kind: 'select', required: isRequired, options: choices[name] });
    else if (type === 'object') fields.push(...fieldsFromSchema(property, choices, name, isRequired));
    else if (type === 'array' && property.items?.enum) {
      fields.push({
        name,
        kind: 'checkboxes',
        required: isRequired,
        options: property.items.enum.map((v) => ({ value: String(v), label: String(v) })),
      });
    } else if (type === 'array' && typeOf(property.items ?? {}) === 'string') fields.push({ name, kind: 'lines', required: isRequired });
    else if (type === 'array') continue;
    else if (property.enum)
      fields.push({ name, kind: 'select', required: isRequired, options: property.enum.map((v) => ({ value: String(v), label: String(v) })) });
    else if (type === 'boolean') fields.push({ name, kind: 'checkbox', required: isRequired });
    else if (type === 'integer' || type === 'number') fields.push({ name, kind: 'number', required: isRequired, integer: type === 'integer' });
    else if (property.format === 'date') fields.push({ name, kind: 'date', required: isRequired });
    else fields.push({ name, kind: (property.maxLength ?? 0) > 500 || key === 'description' ? 'textarea' : 'text', required: isRequired });
  }
  return fields;
}

export type FormBody = Record<string, string | File | Array<string | File>>;

const asStrings = (value: FormBody[string] | undefined): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** The posted form as JSON for the engine: empty optional fields left out, numbers with a decimal comma read. */
export function valuesFromForm(fields: Field[], body: FormBody): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = asStrings(body[field.name]);
    const text = (raw[0] ?? '').trim();
    if (field.kind === 'checkbox') {
      setPath(values, field.name, raw.length > 0);
      continue;
    }
    if (field.kind === 'checkboxes') {
      if (raw.length > 0 || field.required) setPath(values, field.name, raw);
      continue;
    }
    if (field.kind === 'lines') {
      const lines = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      if (lines.length > 0 || field.required) setPath(values, field.name, lines);
      continue;
    }
    if (text === '' && !field.required) continue;
    if (field.kind === 'number') {
      const number = Number(text.replace(/\s/g, '').replace(',', '.'));
      // A number that does not parse goes on as text, so that validation names the field.
      setPath(values, field.name, text === '' || Number.isNaN(number) ? text : number);
      continue;
    }
    setPath(values, field.name, text);
  }
  return values;
}

/** Values under dotted field names ("params.vite.capPct") as the nested object they name. */
export function unflatten(values: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) setPath(nested, name, value);
  return nested;
}

/** The form's values flattened back to field names, to show what was entered after an error. */
export function flatten(values: unknown, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  if (values && typeof values === 'object' && !Array.isArray(values)) {
    for (const [key, value] of Object.entries(values)) flatten(value, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) into[prefix] = values;
  return into;
}

export interface FormState {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
}

const inputId = (idPrefix: string, name: string) => `${idPrefix}-${name.replace(/\./g, '-')}`;

/** The id of the element a link to the field lands on (a group of checkboxes: its first box). */
export const fieldId = (idPrefix: string, field: Field): string =>
  field.kind === 'checkboxes' ? `${inputId(idPrefix, field.name)}-0` : inputId(idPrefix, field.name);

/** The inputs of the fields, each with its label and, after a refusal, its error. */
export function Fields(props: { fields: Field[]; words: Words; idPrefix: string; state?: FormState | undefined }): Child {
  const { fields, words, idPrefix, state } = props;
  return (
    <>
      {fields.map((field) => {
        const id = inputId(idPrefix, field.name);
        const error = state?.errors?.[field.name];
        const value = state?.values?.[field.name];
        const label = labelOf(words.lang, field);
        const helpText = field.description ?? fieldHelp(words.lang, field.name, field.helpContext);
        const describedBy = [error ? `${id}-error` : '', helpText ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id,
          name: field.name,
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': describedBy,
          required: field.required && field.kind !== 'checkbox',
        };
        const help = helpText ? (
          <small id={`${id}-help`} class="help">
            {helpText}
          </small>
        ) : null;
        const problem = error ? (
          <strong id={`${id}-error`} class="field-error" role="alert">
            {error}
          </strong>
        ) : null;
        if (field.kind === 'checkbox') {
          return (
            <div class={`field checkbox${error ? ' invalid' : ''}`}>
              <input type="checkbox" value="on" checked={value === true} {...common} />
              <label for={id}>{label}</label>
              {help}
              {problem}
            </div>
          );
        }
        if (field.kind === 'checkboxes') {
          const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
          return (
            <fieldset class={`field${error ? ' invalid' : ''}`} aria-describedby={describedBy}>
              <legend>{label}</legend>
              {field.options!.map((option, i) => (
                <div class="checkbox">
                  <input
                    type="checkbox"
                    id={i === 0 ? fieldId(idPrefix, field) : `${id}-${i}`}
                    name={field.name}
                    value={option.value}
                    checked={chosen.has(option.value)}
                  />
                  <label for={`${id}-${i}`}>{words.option(field.name, option)}</label>
                </div>
              ))}
              {help}
              {problem}
            </fieldset>
          );
        }
        const shown = Array.isArray(value) ? value.join('\n') : value === undefined || value === null ? '' : String(value);
        return (
          <div class={`field${error ? ' invalid' : ''}`}>
            <label for={id}>
              {label}
              {field.required ? '' : ` (${words.t('optional')})`}
              {field.kind === 'lines' ? ` – ${words.t('onePerLine')}` : ''}
            </label>
            {field.kind === 'textarea' || field.kind === 'lines' ? (
              <textarea rows={field.kind === 'lines' ? 3 : 4} {...common}>
                {shown}
              </textarea>
            ) : field.kind === 'select' ? (
              <select {...common}>
                <option value="">–</option>
                {field.options!.map((option) => (
                  <option value={option.value} selected={option.value === shown}>
                    {words.option(field.name, option)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type={field.kind === 'date' ? 'date' : field.kind === 'number' ? 'text' : 'text'}
                inputmode={field.kind === 'number' ? (field.integer ? 'numeric' : 'decimal') : undefined}
                value={shown}
                {...common}
              />
            )}
            {help}
            {problem}
          </div>
        );
      })}
    </>
  );
}

/** The field an issue's path is about ("competences.0" is about competences), after the form's prefix. */
export function fieldOf(fields: Field[], path: string, prefix = ''): Field | undefined {
  const local = prefix && path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
  return fields.find((f) => local === f.name || local.startsWith(`${f.name}.`));
}
