import { canMoveConference, isEditable, isFinished, isRunning } from '@lienthong/contracts';
import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFormat } from '../../shared/clock';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { useLoad } from '../../shared/use-load';
import { useScopeRoot } from '../shell/use-scope-root';
import { useSubmit } from '../shell/use-submit';
import { Documents } from './Documents';
import { MinutesPanel } from './MinutesPanel';
import { RelayForm } from './RelayForm';
import { UnitPathCell } from './UnitPathCell';
import { useUnitNames } from '../live/use-unit-names';
import { EndConferenceButton } from '../stage/EndConferenceButton';
import { StagePanel } from '../stage/StagePanel';

/** `/console/conferences/:id`: a conference as scheduled, its sites, documents, relay, and links onwards. */
export function ConferencePage({ id }: { id: string }) {
  const { t } = useLanguage();
  const clock = useFormat();
  const o = t.operator;
  const { api } = useConsole();
  const loaded = useLoad(`conference:${id}`, async (signal) => {
    const [definition, participants, tiers] = await Promise.all([
      api.call('conferences.definition', { params: { id }, signal }),
      api.call('conferences.participants', { params: { id }, query: { limit: 100 }, signal }),
      api.call('tiers.list', { signal }),
    ]);
    return { definition, participants, tiers: tiers.items };
  });
  const scope = useScopeRoot();
  const cancel = useSubmit();
  const unitNames = useUnitNames(api);

  // With the unit names: the participants' places are names from the first render, never codes.
  if (!loaded.data || !unitNames) return loaded.failure ? <FailureBox failure={loaded.failure} /> : <p className="muted">{o.common.loading}</p>;
  const { definition: c, participants, tiers } = loaded.data;
  // The host in the operator's scope: the conference is its own to change.
  const owned = !!scope.data && c.hostUnitPath.startsWith(scope.data.path);
  const editable = owned && isEditable(c.status);
  // A running conference is ended (its minutes follow), not called off: "cancel" there read as "end".
  const cancellable = owned && canMoveConference(c.status, 'cancel') && !isRunning(c.status);
  const endable = owned && isRunning(c.status);
  return (
    <div className="conference-page" data-testid="conference-page" data-conference-id={c.id}>
      <section className="console-section">
        <div className="section-head">
          <h1>{c.title}</h1>
          <span className={`status-badge status-${c.status}`} data-testid="conference-status">
            {o.common.status[c.status]}
          </span>
        </div>
        <p>
          {o.schedule.when(clock.dateTime(c.scheduledStart), clock.dateTime(c.scheduledEnd))} · {o.schedule.host}:{' '}
          {c.hostUnitName} · <span data-testid="site-count">{o.schedule.siteCount(c.siteCount)}</span>
        </p>
        {c.parentId ? (
          <p>
            {o.schedule.relayOf}: <Link to={`/console/conferences/${c.parentId}`}>{o.schedule.open}</Link>
          </p>
        ) : null}
        {scope.data && !owned ? <p className="notice-warning">{o.conference.notOwned}</p> : null}
        <div className="toolbar">
          {editable ? (
            <Link to={`/console/conferences/${c.id}/edit`} className="button" testId="edit-conference">
              {o.conference.edit}
            </Link>
          ) : null}
          <Link to={`/console/conferences/${c.id}/print`} className="button" testId="print-sites">
            {o.conference.printSites}
          </Link>
          {isRunning(c.status) ? (
            <Link to={`/console/conferences/${c.id}/live`} className="button button-primary" testId="live-link">
              {o.conference.liveView}
            </Link>
          ) : null}
          <Link to={`/console/conferences/${c.id}/attendance`} className="button" testId="attendance-link">
            {o.conference.attendance}
          </Link>
          {endable ? <EndConferenceButton conferenceId={c.id} onEnded={loaded.reload} /> : null}
          {cancellable ? (
            <button
              type="button"
              className="button button-danger"
              data-testid="cancel-conference"
              disabled={cancel.busy}
              onClick={() => confirm(o.conference.confirmCancel) && void cancel.run(async () => (await api.call('conferences.cancel', { params: { id } }), loaded.reload()))}
            >
              {o.conference.cancel}
            </button>
          ) : null}
        </div>
        {cancel.failure ? <FailureBox failure={cancel.failure} compact /> : null}
      </section>

      {owned && isRunning(c.status) ? (
        <StagePanel conferenceId={c.id} hallSiteId={c.originSiteId} since={c.scheduledStart} />
      ) : null}

      {owned && c.status === 'ended' ? <MinutesPanel conferenceId={c.id} /> : null}

      <section className="console-section">
        <h2>{o.schedule.agenda}</h2>
        {c.agenda ? <pre className="agenda">{c.agenda}</pre> : <p className="muted">{o.conference.agendaNone}</p>}
      </section>

      <section className="console-section">
        <h2>
          {o.schedule.participants} <span className="muted">({participants.total.toLocaleString()})</span>
        </h2>
        <div className="table-wrap">
          <table className="table" data-testid="participants">
            <tbody>
              {participants.items.map((p) => (
                <tr key={p.siteId} data-site-code={p.code}>
                  <td>
                    <code>{p.code}</code>
                  </td>
                  <td>{p.name}</td>
                  <UnitPathCell site={p} names={unitNames} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {participants.total > participants.items.length ? <p className="muted">{t.console.showingFirst(participants.items.length, participants.total)}</p> : null}
      </section>

      <Documents conferenceId={c.id} canWrite={owned} />
      {/* A relay can be added until the conference is over, live included (as the server allows). */}
      {!isFinished(c.status) ? <RelayForm parentId={c.id} tiers={tiers} /> : null}
    </div>
  );
}
