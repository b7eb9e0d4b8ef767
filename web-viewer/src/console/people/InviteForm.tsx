import type { PersonRole, UnitRecord } from '@lienthong/contracts';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { useFieldErrors } from '../../shared/FieldError';
import { FailureBox } from '../../shared/FailureBox';
import { UnitPicker } from '../schedule/pickers';
import { useConsole } from '../shell/console-session';
import { useScopeRoot } from '../shell/use-scope-root';
import { useSubmit } from '../shell/use-submit';
import { roles } from './roles';
import { SiteSelect } from './SiteSelect';

/** Adds a person to a unit of the subtree, then draws the temporary password to hand over. */
export function InviteForm({ onInvited }: { onInvited(name: string, password: string): void }) {
  const t = useT().operator.people;
  const { api } = useConsole();
  const root = useScopeRoot();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<PersonRole>('member');
  const [picked, setPicked] = useState<UnitRecord | null>(null);
  const [siteId, setSiteId] = useState('');
  const submit = useSubmit();
  const fields = useFieldErrors(submit.failure, 'person');
  const unit = picked ?? root.data;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!unit) return;
    void submit.run(async () => {
      const body = { username, displayName, role, unitId: unit.id, siteId: role === 'site_operator' ? siteId || null : null };
      const person = await api.call('people.create', { body });
      const drawn = await api.call('people.resetPassword', { params: { id: person.id } });
      onInvited(person.displayName, drawn.temporaryPassword);
      setUsername('');
      setDisplayName('');
    });
  };
  return (
    <form className="console-section invite-form" onSubmit={onSubmit} data-testid="invite-form">
      <h2>{t.invite}</h2>
      <p className="muted">{t.inviteIntro}</p>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t.username}</span>
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" {...fields.input('username')} />
          {fields.error('username')}
        </label>
        <label className="field">
          <span className="field-label">{t.displayName}</span>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required {...fields.input('displayName')} />
          {fields.error('displayName')}
        </label>
        <label className="field">
          <span className="field-label">{t.columns.role}</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as PersonRole)} {...fields.input('role')}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t.role[r]}
              </option>
            ))}
          </select>
          {fields.error('role')}
        </label>
      </div>
      <div className="field">
        <span className="field-label">{t.unit}</span>
        <strong data-testid="invite-unit">{unit?.name ?? '—'}</strong>
        <UnitPicker onPick={setPicked} testId="invite-unit-picker" />
      </div>
      {role === 'site_operator' && unit ? (
        <div className="field">
          <span className="field-label">{t.site}</span>
          <SiteSelect unitId={unit.id} value={siteId} onChange={setSiteId} describedBy={fields.input('siteId')} />
          {fields.error('siteId')}
        </div>
      ) : null}
      {submit.failure && !Object.keys(fields.messages).length ? <FailureBox failure={submit.failure} compact /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || !unit} data-testid="submit-invite">
          {t.submitInvite}
        </button>
      </div>
    </form>
  );
}
