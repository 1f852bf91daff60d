import type { Hono } from 'hono';
import { listClauses } from '../../engine/clauses.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { getPortfolio } from '../../engine/portfolio.ts';
import { listClausesAsSubcontractor } from '../../engine/subcontractors.ts';
import { namesOfClauses } from '../../engine/todo.ts';
import { Badge } from '../components.tsx';
import { clauseStateLabel, deadlineLabel, formatDate, projectionLabel, templateTitle } from '../i18n.ts';
import { guarded, page, type WebContext } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';
import { AsSubcontractor } from '../subcontracting.tsx';

/** The clauses the user's organisation buys or delivers, with where they stand and their next deadline; risk from the portfolio. */
export async function clauseList(deps: EngineDeps, c: WebContext, title: string): Promise<Response> {
  const actor = c.get('actor')!;
  const words = c.get('words');
  const clauses = await listClauses(deps, actor);
  const [portfolio, names, subcontracted] = await Promise.all([
    getPortfolio(deps, actor, {}, { limit: 1_000, offset: 0 }),
    namesOfClauses(
      deps,
      clauses.map((c) => c.id),
    ),
    listClausesAsSubcontractor(deps, actor),
  ]);
  const projection = new Map(portfolio.clauses.map((p) => [p.clauseId, p.projection]));
  // Rows that can be told apart: two clauses of one template differ by tender and counterpart (the supplier to a buyer, the buyer to a supplier).
  const supplierSide = actor.role === 'contractor';
  return page(
    c,
    title,
    <>
      {clauses.length === 0 ? (
        <p>{words.t('noneYet')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{words.t('clause')}</th>
                <th>{words.t('tender')}</th>
                <th>{words.t(supplierSide ? 'buyer' : 'supplier')}</th>
                <th>{words.t('state')}</th>
                <th>{words.t('progress')}</th>
                <th>{words.t('nextDeadline')}</th>
              </tr>
            </thead>
            <tbody>
              {clauses.map((clause) => {
                const next = clause.deadlines.filter((d) => d.status === 'upcoming').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
                const risk = projection.get(clause.id);
                const named = names.get(clause.id);
                return (
                  <tr>
                    <td>
                      <a href={`/app/clauses/${clause.id}`}>{templateTitle(words.lang, clause.templateId, clause.templateVersion)}</a>
                    </td>
                    <td>
                      {named?.tenderReference || '–'}
                      {named?.tenderTitle ? <span class="sub">{named.tenderTitle}</span> : null}
                    </td>
                    <td>{(supplierSide ? named?.buyerName : named?.supplierName) || '–'}</td>
                    <td>
                      {clauseStateLabel(words.lang, clause.state)} {clause.overdue ? <Badge kind="overdue">{words.t('overdue')}</Badge> : null}{' '}
                      {risk ? <Badge kind={risk}>{projectionLabel(words.lang, risk)}</Badge> : null}
                    </td>
                    <td>
                      {words.number(clause.fulfilment.measured)} / {words.number(clause.fulfilment.target)} {words.unit(clause.fulfilment.unit)}
                    </td>
                    <td>{next ? `${deadlineLabel(words.lang, next.kind)} · ${formatDate(words.lang, next.dueAt, { deadline: true })}` : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {/* A subcontractor's users reach the clauses they register under from here too (src/web/pages/subcontractor-clause.tsx). */}
      <AsSubcontractor words={words} clauses={subcontracted} />
    </>,
  );
}

export function clauseListRoutes(app: Hono<WebEnv>, deps: EngineDeps): void {
  // Titled as the menu names it: a supplier's own clauses.
  app.get('/clauses', (c) => guarded(c, () => clauseList(deps, c, c.get('words').t(c.get('actor')?.role === 'contractor' ? 'myClauses' : 'clauses'))));
}
