import { useLanguage } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useFormat } from '../../shared/clock';
import { useConsole } from '../shell/console-session';
import { Link } from '../shell/Link';
import { useLoad } from '../../shared/use-load';

/** `/console/conferences`: the conferences hosted in, or reaching into, the operator's scope. */
export function ConferencesPage() {
  const { t } = useLanguage();
  const clock = useFormat();
  const { api } = useConsole();
  const list = useLoad('conferences', (signal) => api.call('conferences.list', { query: { limit: 200 }, signal }));
  return (
    <section className="console-section">
      <div className="section-head">
        <h1>{t.operator.schedule.list}</h1>
        <Link to="/console/conferences/new" className="button button-primary" testId="new-conference">
          {t.operator.schedule.newConference}
        </Link>
      </div>
      {list.failure ? <FailureBox failure={list.failure} compact /> : null}
      {list.data && !list.data.items.length ? <p className="muted">{t.operator.schedule.noConferences}</p> : null}
      {list.data?.items.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="conference-list">
            <thead>
              <tr>
                <th>{t.operator.schedule.title}</th>
                <th>{t.operator.schedule.host}</th>
                <th>{t.operator.schedule.start}</th>
                <th>{t.operator.schedule.participants}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} data-conference-id={c.id}>
                  <td>
                    <Link to={`/console/conferences/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{c.hostUnit.name}</td>
                  <td>{clock.dateTime(c.scheduledStart)}</td>
                  <td>{t.operator.schedule.siteCount(c.siteCount)}</td>
                  <td>
                    <span className={`status-badge status-${c.status}`}>{t.operator.common.status[c.status]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
