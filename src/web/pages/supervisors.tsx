/**
 * The employer's supervisor register (issue 22): supervisors with their
 * training, a form to register one, one to record a training, and removal of
 * a supervisor's name and e-mail. Also what other pages need of it: the
 * supervisor choice on the opening and placement forms.
 */
import type { Hono } from 'hono';
import type { EngineDeps } from '../../engine/deps.ts';
import { listSupervisors, recordTraining, registerSupervisor, removeSupervisor, SUPERVISOR_KEEPERS } from '../../engine/supervisors.ts';
import { KlausulError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/roles.ts';
import { ActionForm, Badge, type Failed } from '../components.tsx';
import { valuesFromForm, type Field } from '../forms.tsx';
import { wordsFor, type WordKey, type Words } from '../i18n.ts';
import { act, ctxOf, formOf, guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

/** A label in both languages from the page words. */
const both = (key: WordKey) => ({ sv: wordsFor('sv').t(key), en: wordsFor('en').t(key) });

const supervisorFields: Field[] = [
  { name: 'name', kind: 'text', required: true, label: both('supervisorName') },
  { name: 'email', kind: 'text', required: false, label: both('supervisorEmail') },
];
const trainingFields: Field[] = [
  { name: 'course', kind: 'text', required: true, label: both('supervisorCourse') },
  { name: 'provider', kind: 'text', required: true, label: both('supervisorProvider') },
  { name: 'date', kind: 'date', required: true, label: both('supervisorTrainingDate') },
];

/** Whether the actor keeps a supervisor register (and sees the page and the choice on forms). */
export const keepsSupervisors = (actor: Actor): boolean => SUPERVISOR_KEEPERS.includes(actor.role);

/** The organisation's supervisors still named, as the choices of a form, each saying whether they are trained. */
export async function supervisorOptions(deps: EngineDeps, actor: Actor, words: Words): Promise<SupervisorOption[]> {
  const named = keepsSupervisors(actor) ? (await listSupervisors(deps, actor)).filter((s) => s.name !== null) : [];
  return named.map((s) => ({
    value: s.id,
    label: `${s.name} (${words.t(s.trained ? 'supervisorTrainedYes' : 'supervisorTrainedNo').toLocaleLowerCase(words.lang)})`,
  }));
}
export type SupervisorOption = { value: string; label: string };

/** The opening and placement forms with the supervisor as a choice among the options (left out when there are none). */
export const chooseSupervisor = (fields: Field[], options: SupervisorOption[]): Field[] =>
  options.length === 0
    ? fields.filter((f) => f.name !== 'supervisorId')
    : fields.map((f) => (f.name === 'supervisorId' ? { ...f, kind: 'select', options, label: both('supervisorField') } : f));

async function supervisorsPage(deps: EngineDeps, c: WebContext, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  if (!keepsSupervisors(actor)) throw new KlausulError('forbidden', 'The supervisor register is kept by the employer’s contractors, officers and admins.');
  const supervisors = await listSupervisors(deps, actor);
  const csrfToken = c.get('csrfToken');
  return page(
    c,
    words.t('supervisorsTitle'),
    <>
      <p>{words.t('supervisorsIntro')}</p>
      <ActionForm
        id="supervisor-new"
        summary={words.t('supervisorRegister')}
        action="/app/supervisors"
        csrfToken={csrfToken}
        words={words}
        fields={supervisorFields}
        failed={failed}
      />
      {supervisors.length === 0 ? <p>{words.t('supervisorNone')}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{words.t('supervisorName')}</th>
              <th>{words.t('supervisorTrainings')}</th>
              <th>{words.t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {supervisors.map((s) => (
              <tr>
                <td>
                  {s.name ?? words.t('supervisorRemoved')}
                  {s.email ? <small class="help"> · {s.email}</small> : null}
                </td>
                <td>
                  {s.trainings.length === 0 ? '–' : null}
                  <ul>
                    {s.trainings.map((t) => (
                      <li>
                        {t.course} · {t.provider} · {words.date(t.date)}
                      </li>
                    ))}
                  </ul>
                  {s.removedAt === null ? (
                    <ActionForm
                      id={`training-${s.id}`}
                      summary={words.t('supervisorAddTraining')}
                      action={`/app/supervisors/${s.id}/trainings`}
                      csrfToken={csrfToken}
                      words={words}
                      fields={trainingFields}
                      failed={failed}
                    />
                  ) : null}
                </td>
                <td>
                  {s.trained ? <Badge kind="met">{words.t('supervisorTrainedYes')}</Badge> : <Badge kind="open">{words.t('supervisorTrainedNo')}</Badge>}
                  {s.removedAt === null ? (
                    <ActionForm
                      id={`remove-${s.id}`}
                      summary={words.t('supervisorRemove')}
                      action={`/app/supervisors/${s.id}/remove`}
                      csrfToken={csrfToken}
                      words={words}
                      fields={[]}
                      failed={failed}
                      submit={words.t('supervisorRemove')}
                    />
                  ) : null}
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

export function supervisorRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/supervisors', (c) => guarded(c, () => supervisorsPage(deps, c)));
  app.post('/supervisors', async (c) => {
    const values = valuesFromForm(supervisorFields, await formOf(c));
    return act(c, {
      form: 'supervisor-new',
      fields: supervisorFields,
      values,
      run: () => registerSupervisor(deps, ctxOf(c), values),
      done: '/app/supervisors?done=1',
      again: (failed) => supervisorsPage(deps, c, failed),
    });
  });
  app.post('/supervisors/:id/trainings', async (c) => {
    const values = valuesFromForm(trainingFields, await formOf(c));
    const id = c.req.param('id');
    return act(c, {
      form: `training-${id}`,
      fields: trainingFields,
      values,
      run: () => recordTraining(deps, ctxOf(c), id, values),
      done: '/app/supervisors?done=1',
      again: (failed) => supervisorsPage(deps, c, failed),
    });
  });
  app.post('/supervisors/:id/remove', (c) =>
    act(c, {
      form: `remove-${c.req.param('id')}`,
      fields: [],
      values: {},
      run: () => removeSupervisor(deps, c.get('actor')!, c.req.param('id')),
      done: '/app/supervisors?done=1',
      again: (failed) => supervisorsPage(deps, c, failed),
    }),
  );
}
