/** Tenders and the clauses drafted in them from templates, with a live preview of the text. */
import type { Hono } from 'hono';
import { findTemplate, latestTemplates } from '../../../templates/index.ts';
import { createClause, listClauses } from '../../engine/clauses.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { draftFromTemplate, previewDraft, requireLanguage, templateOrNotFound } from '../../engine/drafting.ts';
import { createTender, getTender, tenderInput, type TenderInput } from '../../engine/tenders.ts';
import { ActionForm, Badge, jsonSchemaOf, type Failed } from '../components.tsx';
import { fieldsFromSchema, unflatten, valuesFromForm, type Field } from '../forms.tsx';
import { clauseStateLabel, templateTitle, wordsFor } from '../i18n.ts';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { homePage } from './home.tsx';

export const tenderFields = fieldsFromSchema(jsonSchemaOf(tenderInput)).map((field) =>
  field.name === 'reserved' ? { ...field, label: { sv: wordsFor('sv').t('reservedLabel'), en: wordsFor('en').t('reservedLabel') } } : field,
);

/** A template's parameters as form fields, each labelled as the template words it. */
const paramFieldsOf = (templateId: string) => {
  const template = templateOrNotFound(templateId);
  return fieldsFromSchema(template.paramsJsonSchema as Record<string, unknown>).map((field) => ({
    ...field,
    label: template.labels[field.name],
    helpContext: template.id,
  }));
};
export const draftFields = (templateId: string): Field[] => [
  {
    name: 'language',
    kind: 'select',
    required: true,
    options: templateOrNotFound(templateId).languages.map((l) => ({ value: l, label: l })),
  },
  ...paramFieldsOf(templateId).map((f) => ({ ...f, name: `params.${f.name}` })),
];

async function tenderPage(deps: EngineDeps, c: WebContext, tenderId: string, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const tender = await getTender(deps, actor, tenderId);
  const clauses = await listClauses(deps, actor, { tenderId });
  const templates = latestTemplates();
  const chosen = templates.find((t) => t.id === (c.req.query('template') ?? (failed?.state.values?.templateId as string | undefined)))?.id ?? templates[0]!.id;
  const template = findTemplate(chosen)!;
  const preview = draftFromTemplate(
    template,
    requireLanguage(template, template.languages.includes(words.lang) ? words.lang : template.languages[0]!),
    failed?.state.values ? (unflatten(failed.state.values).params ?? {}) : {},
  );
  return page(
    c,
    `${tender.reference} · ${tender.title}`,
    <>
      {tender.reserved ? (
        <p>
          <Badge kind="open">{words.t('reservedBadge')}</Badge> {words.t('reservedHelp')}
        </p>
      ) : null}
      <h2>{words.t('clauses')}</h2>
      {clauses.length === 0 ? <p>{words.t('noneYet')}</p> : null}
      <ul>
        {clauses.map((clause) => (
          <li>
            <a href={`/app/clauses/${clause.id}`}>{templateTitle(words.lang, clause.templateId, clause.templateVersion)}</a> ·{' '}
            {clauseStateLabel(words.lang, clause.state)}
          </li>
        ))}
      </ul>
      {actor.role === 'officer' && actor.orgId === tender.buyerOrgId ? (
        <div class="grid">
          <ActionForm
            id="clause-new"
            summary={words.t('draftClause')}
            action={`/app/tenders/${tender.id}/clauses`}
            csrfToken={c.get('csrfToken')}
            words={words}
            fields={draftFields(chosen)}
            failed={failed}
            submit={words.t('saveDraft')}
            open
            preview={`/app/templates/${chosen}/preview`}
            extra={
              <div class="field">
                <label for="templateId">{words.t('template')}</label>
                <select id="templateId" name="templateId">
                  {templates.map((t) => (
                    <option value={t.id} selected={t.id === chosen}>
                      {t.title[words.lang]}
                    </option>
                  ))}
                </select>
              </div>
            }
          />
          <section class="card" aria-live="polite">
            <h3>{words.t('preview')}</h3>
            <small class="help">{words.t('previewHelp')}</small>
            <p id="preview-text" class="clause-text">
              {preview.ok ? preview.terms.text : ''}
            </p>
          </section>
        </div>
      ) : null}
    </>,
    pageOptions(c, failed),
  );
}

export function tenderRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.post('/tenders', async (c) => {
    const form = await formOf(c);
    const values = valuesFromForm(tenderFields, form);
    return act(c, {
      form: 'tender-new',
      fields: tenderFields,
      values,
      run: () => createTender(deps, ctxOf(c), values as TenderInput),
      done: '/app?done=1',
      again: (failed) => homePage(deps, c, failed),
    });
  });

  app.get('/tenders/:id', (c) => guarded(c, () => tenderPage(deps, c, c.req.param('id'))));
  app.post('/tenders/:id/clauses', async (c) => {
    const form = await formOf(c);
    const templateId = String(form.templateId ?? '');
    const fields = draftFields(templateOrNotFound(templateId).id);
    const values = valuesFromForm(fields, form);
    return act(c, {
      form: 'clause-new',
      fields,
      values: { ...values, templateId },
      run: () => createClause(deps, ctxOf(c), c.req.param('id'), { templateId, language: String(values.language ?? ''), params: values.params ?? {} }),
      done: (created) => `/app/clauses/${(created as { body: { id: string } }).body.id}?done=1`,
      again: (failed) => tenderPage(deps, c, c.req.param('id'), failed),
    });
  });
  // The live preview: the draft form's fields as they are now, rendered without storing anything.
  app.post('/templates/:id/preview', async (c) => {
    const template = templateOrNotFound(c.req.param('id'));
    const form = await formOf(c);
    const values = valuesFromForm(draftFields(template.id), form);
    // The live preview follows the form as it is typed: a language not chosen yet previews in the template's first.
    const language = template.languages.includes(values.language as never) ? values.language : template.languages[0]!;
    const preview = previewDraft(template.id, { language, params: values.params ?? {} });
    return c.json({ text: preview.text ?? '', issues: preview.issues });
  });
}
