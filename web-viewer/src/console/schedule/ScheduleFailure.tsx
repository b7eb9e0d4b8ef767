import { isRunning, type ScheduleClashDetails, scheduleClashDetailsSchema } from '@lienthong/contracts';
import { useLanguage } from '../../i18n/language';
import type { Failure } from '../../shared/failure';
import { FailureBox } from '../../shared/FailureBox';
import { useFormat } from '../../shared/clock';
import { Link } from '../shell/Link';
import { EndConferenceButton } from '../stage/EndConferenceButton';

/**
 * A refused schedule. A clash names the conference already holding the sites, which sites, and
 * what resolves it: a running conference can be ended from here (then this one is saved again),
 * a scheduled one is opened to be moved, or this one changes its time or its sites.
 */
export function ScheduleFailure({ failure, onRetry }: { failure: Failure; onRetry?: () => void }) {
  const parsed = failure.code === 'SCHEDULE_CLASH' ? scheduleClashDetailsSchema.safeParse(failure.details) : null;
  if (!parsed?.success) return <FailureBox failure={failure} compact />;
  return <ClashBox clash={parsed.data} onRetry={onRetry} />;
}

function ClashBox({ clash, onRetry }: { clash: ScheduleClashDetails; onRetry?: () => void }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const s = t.operator.schedule;
  const running = isRunning(clash.status);
  const names = clash.sites.map((site) => site.name);
  return (
    <div className="failure failure-compact" role="alert" data-testid="schedule-clash" data-conference-id={clash.conferenceId}>
      <div className="failure-title">{s.clashWith(clash.title)}</div>
      <div className="failure-hint">
        {s.clashWhen(t.operator.common.status[clash.status], clock.dateTime(clash.scheduledStart), clock.dateTime(clash.scheduledEnd))}
      </div>
      <div className="failure-hint" data-testid="clash-sites">
        {s.clashSites(clash.siteCount, names, clash.siteCount - names.length)}
      </div>
      <div className="failure-hint">{running ? s.clashFixRunning : s.clashFixScheduled}</div>
      <div className="toolbar">
        <Link to={`/console/conferences/${clash.conferenceId}`} className="button">
          {s.clashOpen(clash.title)}
        </Link>
        {running ? <EndConferenceButton conferenceId={clash.conferenceId} label={s.clashEnd(clash.title)} onEnded={() => onRetry?.()} /> : null}
      </div>
    </div>
  );
}
