/**
 * A clause's facts of issue 22, as terms of the contract list on its page: a
 * reserved contract (LOU 4 kap. 18 §) with the supplier's declared share, the
 * trained-supervisor requirement, and the supervisors named with how many are
 * trained.
 */
import type { Child } from 'hono/jsx';
import type { ClauseFacts } from '../engine/clause-facts.ts';
import type { ClauseView } from '../engine/clause-view.ts';
import { Badge } from './components.tsx';
import type { Words } from './i18n.ts';

export function SupervisionFacts(props: { clause: ClauseView; facts: ClauseFacts; words: Words }): Child {
  const { clause, facts, words } = props;
  const declared = clause.contract?.reservedShareDeclaredPct;
  const supervisors = clause.supervisors;
  return (
    <>
      {facts.tender.reserved ? (
        <>
          <dt>{words.t('reservedLabel')}</dt>
          <dd>
            <Badge kind="open">{words.t('reservedBadge')}</Badge>
            {declared === undefined ? null : ` · ${words.t('reservedShareDeclared')}: ${words.number(declared)} %`}
          </dd>
        </>
      ) : null}
      {clause.requiresTrainedSupervisor ? (
        <>
          <dt>{words.t('supervisorRequired')}</dt>
          <dd>{words.t('yes')}</dd>
        </>
      ) : null}
      {supervisors && (supervisors.named > 0 || clause.requiresTrainedSupervisor) ? (
        <>
          <dt>{words.t('supervisorCounts')}</dt>
          <dd>
            {words.t('supervisorCountsValue').replace('{trained}', words.number(supervisors.trained, 0)).replace('{named}', words.number(supervisors.named, 0))}
          </dd>
        </>
      ) : null}
    </>
  );
}
