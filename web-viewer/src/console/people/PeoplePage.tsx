import type { PersonRole } from '@lienthong/contracts';
import { useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useLoad } from '../../shared/use-load';
import { InviteForm } from './InviteForm';
import { PersonRow } from './PersonRow';
import { roles } from './roles';
import './people.css';

const PAGE = 50;

/** `/console/people`: the people of the operator's subtree, what may be done to them, and adding one. */
export function PeoplePage() {
  const t = useT().operator.people;
  const { api, session } = useConsole();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<PersonRole | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const list = useLoad(`people:${q.trim()}:${role}:${limit}`, (signal) =>
    api.call('people.list', { query: { q: q.trim() || undefined, role: role || undefined, limit }, signal }),
  );
  const [issued, setIssued] = useState<{ name: string; password: string } | null>(null);
  const onIssued = (name: string, password: string) => setIssued({ name, password });
  const c = t.columns;
  return (
    <>
      <section className="console-section">
        <div className="section-head">
          <h1>{t.title}</h1>
        </div>
        <p className="muted">{t.intro}</p>
        {issued ? (
          <div className="temporary-password" role="status" data-testid="temporary-password">
            <strong>{t.temporaryPassword(issued.name)}:</strong> <code>{issued.password}</code>
            <p className="muted">{t.temporaryHint}</p>
          </div>
        ) : null}
        <div className="people-filters">
          <input type="search" aria-label={t.search} placeholder={t.search} value={q} onChange={(e) => setQ(e.target.value)} data-testid="people-search" />
          <select aria-label={c.role} value={role} onChange={(e) => setRole(e.target.value as PersonRole | '')}>
            <option value="">{t.anyRole}</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t.role[r]}
              </option>
            ))}
          </select>
        </div>
        {list.failure ? <FailureBox failure={list.failure} compact /> : null}
        {list.data && !list.data.items.length ? <p className="muted">{t.empty}</p> : null}
        {list.data?.items.length ? (
          <div className="table-wrap">
            <table className="table people-table" data-testid="people-table">
              <thead>
                <tr>
                  <th>{c.name}</th>
                  <th>{c.username}</th>
                  <th>{c.role}</th>
                  <th>{c.unit}</th>
                  <th>{c.access}</th>
                  <th>{c.actions}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  // Keyed by role and access too: after a change the row starts again from the server's answer.
                  <PersonRow key={`${p.id}:${p.role}:${p.siteId}:${p.canLogIn}`} person={p} self={p.id === session.person?.id} onChanged={list.reload} onIssued={onIssued} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list.data && list.data.total > list.data.items.length ? (
          <button type="button" className="button" onClick={() => setLimit((l) => l + PAGE)}>
            {t.more(list.data.items.length, list.data.total)}
          </button>
        ) : null}
      </section>
      <InviteForm
        onInvited={(name, password) => {
          onIssued(name, password);
          list.reload();
        }}
      />
    </>
  );
}
