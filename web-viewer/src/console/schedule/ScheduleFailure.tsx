import { useT } from '../../i18n/language';
import type { Failure } from '../../shared/failure';
import { FailureBox } from '../../shared/FailureBox';
import { Link } from '../shell/Link';

/** A refused schedule: a clash names the conference already holding the site (from the issue). */
export function ScheduleFailure({ failure }: { failure: Failure }) {
  const t = useT().operator.schedule;
  if (failure.code !== 'SCHEDULE_CLASH') return <FailureBox failure={failure} compact />;
  const clashId = failure.issues?.map((i) => /in conference ([0-9a-f-]{36})/.exec(i.message)?.[1]).find(Boolean);
  return (
    <div className="failure failure-compact" role="alert" data-testid="schedule-clash">
      <div className="failure-title">{t.clash}</div>
      <div className="failure-hint">{failure.message}</div>
      {clashId ? <Link to={`/console/conferences/${clashId}`}>{t.clashOpen}</Link> : null}
    </div>
  );
}
