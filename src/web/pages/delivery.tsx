/** A contractor's forms under a clause: a placement, a period report, an opening, an offer of employment, a CSV import of placements, and evidence. */
import type { Hono } from 'hono';
import { validationError } from '../../domain/errors.ts';
import type { RequestContext } from '../../engine/apply.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { addEvidence, downloadEvidence } from '../../engine/evidence.ts';
import { fileAnswer } from '../../http/evidence.ts';
import { getItem } from '../../engine/items.ts';
import { registerPlacements } from '../../engine/placements.ts';
import { submitReport } from '../../engine/reports.ts';
import { publishOpening } from '../../engine/matching.ts';
import { recordOffer } from '../../engine/offers.ts';
import { STATUS_BY_CODE } from '../../http/errors.ts';
import { importPlacements } from '../../engine/placement-import.ts';
import { CLAUSE_FORMS } from '../clause-page.tsx';
import type { Field } from '../forms.tsx';
import { valuesFromForm } from '../forms.tsx';
import { act, answer, ctxOf, failedFrom, formOf, guarded } from '../plumbing.tsx';
import { wordCsvRefusal } from '../refusals.ts';
import type { WebEnv } from '../session.ts';
import { clausePage } from './clause.tsx';

/** A file input left empty: said as an issue of the field "file", so the page words it like any other. */
const noFileChosen = () => validationError('Choose a file.', [{ path: 'file', message: 'choose a file', code: 'invalid_type', expected: 'file' }]);

/** The evidence form's fields as its refusals name them; the file input is drawn by the form itself, not from this list. */
const evidenceFields: Field[] = [
  { name: 'description', kind: 'text', required: false },
  { name: 'file', kind: 'text', required: true },
];

export function deliveryRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  const clauseForm = (
    path: string,
    form: string,
    fields: Field[],
    run: (ctx: RequestContext, clauseId: string, values: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post(path, async (c) => {
      const clauseId = c.req.param('id')!;
      const values = valuesFromForm(fields, await formOf(c));
      return act(c, {
        form,
        fields,
        values,
        run: () => run(ctxOf(c), clauseId, values),
        done: `/app/clauses/${clauseId}?done=1#${form}`,
        again: (failed) => clausePage(deps, c, clauseId, failed),
      });
    });
  clauseForm('/clauses/:id/placements', 'placement-new', CLAUSE_FORMS.placementFields, (ctx, id, values) =>
    registerPlacements(deps, ctx, id, [values], (ids) => ids),
  );
  clauseForm('/clauses/:id/reports', 'report-new', CLAUSE_FORMS.reportFields, (ctx, id, values) => submitReport(deps, ctx, id, values));
  clauseForm('/clauses/:id/openings', 'opening-new', CLAUSE_FORMS.openingFields, (ctx, id, values) => publishOpening(deps, ctx, id, values));
  clauseForm('/clauses/:id/offers', 'offer-new', CLAUSE_FORMS.offerFields, (ctx, id, values) => recordOffer(deps, ctx, id, values));

  // A refused import stores nothing; its issues are listed with their row and column above the form.
  app.post('/clauses/:id/placements/import', async (c) => {
    const clauseId = c.req.param('id');
    const file = (await formOf(c)).file;
    return answer(
      async () => {
        if (!(file instanceof File)) throw noFileChosen();
        const imported = await importPlacements(deps, ctxOf(c), clauseId, await file.text(), (ids) => ids.length);
        return c.redirect(`/app/clauses/${clauseId}?imported=${imported.body}#placements`, 303);
      },
      (error) => ({
        form: 'placement-import',
        status: STATUS_BY_CODE[error.code],
        state: { errors: {} },
        ...wordCsvRefusal(c.get('words'), error, CLAUSE_FORMS.placementFields),
      }),
      (failed) => clausePage(deps, c, clauseId, failed),
    );
  });

  // A listed file, downloaded as the API serves it: for the buyer's users and the supplier that uploaded it.
  app.get('/evidence/:id', (c) => guarded(c, async () => fileAnswer(c, await downloadEvidence(deps, c.get('actor')!, c.req.param('id')))));

  for (const kind of ['placement', 'report'] as const) {
    app.post(`/${kind}s/:id/evidence`, async (c) => {
      const id = c.req.param('id');
      const item = await getItem(deps, c.get('actor')!, kind, id);
      const form = await formOf(c);
      // Handed over as typed: the engine trims it, and an empty one is no description.
      const description = typeof form.description === 'string' ? form.description : undefined;
      const file = form.file;
      return answer(
        async () => {
          if (!(file instanceof File)) throw noFileChosen();
          await addEvidence(deps, ctxOf(c), kind, id, { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), description });
          return c.redirect(`/app/clauses/${item.clauseId}?done=evidence#${kind}-${id}`, 303);
        },
        (error) => failedFrom(c, error, { id: `evidence-${id}`, fields: evidenceFields, values: { description } }),
        (failed) => clausePage(deps, c, item.clauseId, failed),
      );
    });
  }
}
