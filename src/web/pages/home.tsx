/** The first page after signing in, by role: tenders for officers, clauses for contractors, the review queue for auditors, openings for matchers. */
import { OPENINGS_ACCEPTING_PROPOSALS } from '../../../workflows/states.ts';
import type { Hono } from 'hono';
import { reviewQueue } from '../../db/items.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { listMyOpenings } from '../../engine/matching.ts';
import { listTenders } from '../../engine/tenders.ts';
import { ActionForm, Badge, type Failed } from '../components.tsx';
import { itemStateLabel } from '../i18n.ts';
import { guarded, page, pageOptions, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { clauseList } from './clauses.tsx';
import { tenderFields } from './tenders.tsx';

export async function homePage(deps: EngineDeps, c: WebContext, failed?: Failed): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  switch (actor.role) {
    case 'officer':
    case 'admin': {
      const tenders = await listTenders(deps, actor);
      return page(
        c,
        words.t('tenders'),
        <>
          {actor.role === 'officer' ? (
            <ActionForm
              id="tender-new"
              summary={words.t('newTender')}
              action="/app/tenders"
              csrfToken={c.get('csrfToken')}
              words={words}
              fields={tenderFields}
              failed={failed}
              submit={words.t('create')}
            />
          ) : null}
          {tenders.length === 0 ? <p>{words.t('noneYet')}</p> : null}
          <ul>
            {tenders.map((t) => (
              <li>
                <a href={`/app/tenders/${t.id}`}>
                  {t.reference} · {t.title}
                </a>{' '}
                ({t.clauseIds.length} {words.t('clauses').toLowerCase()})
              </li>
            ))}
          </ul>
        </>,
        pageOptions(c, failed),
      );
    }
    case 'contractor':
      return clauseList(deps, c, words.t('myClauses'));
    case 'auditor': {
      const queue = await reviewQueue(deps.db, actor.orgId);
      return page(
        c,
        words.t('reviewQueue'),
        queue.length === 0 ? (
          <p>{words.t('noneYet')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{words.t('waiting')}</th>
                  <th>{words.lang === 'sv' ? 'Vad' : 'What'}</th>
                  <th>{words.t('state')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((item) => (
                  <tr>
                    <td>{words.dateTime(item.waiting_since.toISOString())}</td>
                    <td>
                      <a href={`/app/clauses/${item.clause_id}#${item.kind}-${item.id}`}>
                        {item.kind === 'placement' ? words.t('participant') : words.t('period')} {item.label}
                      </a>
                    </td>
                    <td>
                      <Badge kind={item.state}>{itemStateLabel(words.lang, item.kind === 'placement' ? 'placement' : 'period-report', item.state)}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ),
      );
    }
    case 'matcher': {
      const openings = await listMyOpenings(deps, actor, { states: OPENINGS_ACCEPTING_PROPOSALS });
      return page(
        c,
        words.t('openings'),
        openings.length === 0 ? (
          <p>{words.t('noneYet')}</p>
        ) : (
          <ul>
            {openings.map((o) => (
              <li>
                <a href={`/app/openings/${o.id}`}>
                  {String(o.role)} · {String(o.site ?? '')} · {words.date(String(o.startDate))}
                </a>{' '}
                · {(o.competences as string[]).join(', ')}
              </li>
            ))}
          </ul>
        ),
      );
    }
    default:
      return page(c, words.t('home'), <p>{words.t('noActions')}</p>);
  }
}

export function homeRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  app.get('/', (c) => guarded(c, () => homePage(deps, c)));
}
