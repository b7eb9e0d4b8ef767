import type { PersonRecord, PersonRole } from '@lienthong/contracts';
import { useState } from 'react';
import { useT } from '../../i18n/language';
import { FailureBox } from '../../shared/FailureBox';
import { useConsole } from '../shell/console-session';
import { useSubmit } from '../shell/use-submit';
import { roles } from './roles';
import { SiteSelect } from './SiteSelect';

/**
 * One person, with what an operator may do to them: change the role, disable, draw a new password.
 * The server decides who may (never oneself, system admins by system admins, another operator from
 * a unit above); a refusal is shown on the row in the page's words.
 */
export function PersonRow({ person, self, onChanged, onIssued }: { person: PersonRecord; self: boolean; onChanged(): void; onIssued(name: string, password: string): void }) {
  const t = useT().operator.people;
  const { api } = useConsole();
  const action = useSubmit();
  const [role, setRole] = useState<PersonRole>(person.role);
  const [siteId, setSiteId] = useState(person.siteId ?? '');
  // Locked (grey), a temporary password not yet changed (yellow: someone must act), or fine (green).
  const access = !person.canLogIn ? 'locked' : person.mustChangePassword ? 'temporary' : 'ok';
  const changed = role !== person.role || (role === 'site_operator' && siteId !== (person.siteId ?? ''));
  const run = (fn: () => Promise<void>) => void action.run(fn);
  const saveRole = () =>
    run(async () => {
      await api.call('people.changeRole', { params: { id: person.id }, body: { role, siteId: role === 'site_operator' ? siteId || null : null } });
      onChanged();
    });
  const disable = () =>
    confirm(t.confirmDisable(person.displayName)) &&
    run(async () => {
      await api.call('people.disable', { params: { id: person.id } });
      onChanged();
    });
  const reset = () =>
    confirm(t.confirmReset(person.displayName)) &&
    run(async () => {
      const drawn = await api.call('people.resetPassword', { params: { id: person.id } });
      onIssued(person.displayName, drawn.temporaryPassword);
      onChanged();
    });
  return (
    <tr data-person={person.username}>
      <td>{person.displayName}</td>
      <td>
        <code>{person.username}</code>
      </td>
      <td>
        <div className="person-role">
          {/* One's own role reads as text: a greyed-out picker is hard to read and offers nothing. */}
          {self ? (
            <span>{t.role[role]}</span>
          ) : (
            <select aria-label={t.changeRole} value={role} disabled={action.busy} onChange={(e) => setRole(e.target.value as PersonRole)} data-testid="person-role">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t.role[r]}
                </option>
              ))}
            </select>
          )}
          {role === 'site_operator' ? <SiteSelect unitId={person.unitId} value={siteId} onChange={setSiteId} /> : null}
          {changed ? (
            <button type="button" className="button button-small button-primary" onClick={saveRole} disabled={action.busy} data-testid="save-role">
              {t.changeRole}
            </button>
          ) : person.siteName ? (
            <span className="muted">{person.siteName}</span>
          ) : null}
        </div>
      </td>
      <td>{person.unitName}</td>
      <td>
        <span className={`status-badge access-${access}`} data-testid="person-access" data-access={access}>
          {access === 'locked' ? t.cannotLogIn : access === 'temporary' ? t.mustChangePassword : t.canLogIn}
        </span>
      </td>
      <td>
        {self ? (
          <span className="muted">{t.yourself}</span>
        ) : (
          <div className="person-actions">
            {person.canLogIn ? (
              <button type="button" className="button button-small" onClick={disable} disabled={action.busy} data-testid="disable-person">
                {t.disable}
              </button>
            ) : null}
            <button type="button" className="button button-small" onClick={reset} disabled={action.busy} data-testid="reset-password">
              {person.canLogIn ? t.resetPassword : t.enable}
            </button>
          </div>
        )}
        {action.failure ? <FailureBox failure={action.failure} compact /> : null}
      </td>
    </tr>
  );
}
