import { isRunning } from '@lienthong/contracts';
import { useLanguage } from '../i18n/language';
import { isHopeless } from '../shared/failure';
import { FailureBox } from '../shared/FailureBox';
import { useFormat } from '../shared/clock';
import { ConferenceSection } from './ConferenceSection';
import { NodesTable } from './NodesTable';
import { useConsole } from './shell/console-session';
import { ConsoleShell } from './shell/ConsoleShell';
import { usePolling } from './use-polling';

const LIST_REFRESH_MS = 5_000;

/** `/console/...`: the operator console (login, then its pages). */
export function ConsolePage() {
  return <ConsoleShell />;
}

/** The overview page: conferences with their sites (polled), media nodes. */
export function LiveOverview() {
  const { t } = useLanguage();
  const clock = useFormat();
  const { api, session } = useConsole();
  const conferences = usePolling(`conferences:${session.person?.id}`, (signal) => api.all('conferences.list', { signal }), LIST_REFRESH_MS);
  const nodes = usePolling(`nodes:${session.person?.id}`, async (signal) => (await api.call('fleet.nodes', { signal })).items, LIST_REFRESH_MS);
  const items = conferences.data ?? [];
  // A wrong or expired token fails every request alike: say it once.
  if (conferences.failure && isHopeless(conferences.failure.code)) return <FailureBox failure={conferences.failure} />;
  return (
    <>
      <section className="console-section">
        <div className="section-head">
          <h1>{t.console.conferences}</h1>
          {conferences.updatedAt ? (
            <span className="muted">{t.console.updatedAt(clock.time(conferences.updatedAt))}</span>
          ) : null}
        </div>
        {conferences.failure ? <FailureBox failure={conferences.failure} compact /> : null}
        {!conferences.data && !conferences.failure ? <p className="muted">{t.console.loading}</p> : null}
        {conferences.data && !items.length ? <p className="muted">{t.console.noConferences}</p> : null}
        {items.map((conference) => (
          <ConferenceSection
            key={conference.id}
            api={api}
            summary={conference}
            initiallyOpen={items.length === 1 || isRunning(conference.status)}
          />
        ))}
      </section>
      <section className="console-section">
        <div className="section-head">
          <h2>{t.console.nodes}</h2>
          {nodes.updatedAt ? <span className="muted">{t.console.updatedAt(clock.time(nodes.updatedAt))}</span> : null}
        </div>
        {nodes.failure ? <FailureBox failure={nodes.failure} compact /> : null}
        {nodes.data ? <NodesTable nodes={nodes.data} /> : !nodes.failure ? <p className="muted">{t.console.loading}</p> : null}
      </section>
    </>
  );
}
