/** The matching body's candidate pool, and the form that adds to it. */
import type { Hono } from 'hono';
import type { EngineDeps } from '../../engine/deps.ts';
import { addCandidate, candidateInput, listPool } from '../../engine/matching.ts';
import { ActionForm, Badge, jsonSchemaOf, type Failed } from '../components.tsx';
import { fieldsFromSchema, valuesFromForm } from '../forms.tsx';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { pathHref } from './follow-ups.tsx';

const candidateFields = fieldsFromSchema(jsonSchemaOf(candidateInput));

async function candidatesPage(deps: EngineDeps, c: WebContext, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const pool = await listPool(deps, actor, {});
  return page(
    c,
    words.t('candidatePool'),
    <>
      <ActionForm
        id="candidate-new"
        summary={words.t('addCandidate')}
        action="/app/candidates"
        csrfToken={c.get('csrfToken')}
        words={words}
        fields={candidateFields}
        failed={failed}
      />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{words.t('participant')}</th>
              <th>{words.t('competence')}</th>
              <th>{words.t('availability')}</th>
              <th>{words.t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {pool.map((candidate) => (
              <tr>
                <td>
                  {candidate.candidateRef} · {words.targetGroup(candidate.targetGroup)} · {candidate.municipality}
                </td>
                <td>{candidate.competences.join(', ')}</td>
                <td>{words.date(candidate.availableFrom)}</td>
                <td>
                  {candidate.placed ? (
                    <>
                      <Badge kind="met">{words.t('candidatePlaced')}</Badge> <a href={pathHref(candidate.candidateRef)}>{words.t('followUpShowPath')}</a>
                    </>
                  ) : (
                    <Badge kind="open">{words.t('candidateAvailable')}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>,
    pageOptions(c, failed),
  );
}

export function candidateRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/candidates', (c) => guarded(c, () => candidatesPage(deps, c)));
  app.post('/candidates', async (c) => {
    const values = valuesFromForm(candidateFields, await formOf(c));
    return act(c, {
      form: 'candidate-new',
      fields: candidateFields,
      values,
      run: () => addCandidate(deps, ctxOf(c), values),
      done: '/app/candidates?done=1',
      again: (failed) => candidatesPage(deps, c, failed),
    });
  });
}
