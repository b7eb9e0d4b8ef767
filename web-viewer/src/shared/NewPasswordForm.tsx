import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/language';
import type { AuthSession } from './auth-session';
import { changePassword } from './change-password';
import { Failure, toFailure } from './failure';
import { FailureBox } from './FailureBox';
import { fieldIssue } from './field-errors';
import { useFieldErrors } from './FieldError';
import './new-password.css';

/**
 * Shown instead of everything else after a sign-in with a temporary password (the server refuses
 * every other call until then): the person proves the temporary password and chooses their own.
 * The session takes the new login over in place (`onPersonChanged` tells its owner to re-render).
 */
export function NewPasswordForm({ session, onSignOut }: { session: AuthSession; onSignOut(): void }) {
  const t = useT().newPassword;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const fields = useFieldErrors(failure, 'new-password');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return setFailure(new Failure('BAD_REQUEST', 'mismatch', [fieldIssue('newPassword', 'mismatch')]));
    setBusy(true);
    setFailure(null);
    changePassword(session, current, next).catch((err: unknown) => {
      setFailure(toFailure(err));
      setBusy(false);
    });
  };
  const mismatch = failure?.message === 'mismatch';
  const fieldFailure = failure?.code === 'BAD_REQUEST' && failure.issues?.length;
  return (
    <main className="new-password">
      <form className="card new-password-card" onSubmit={submit} data-testid="new-password-form">
        <h1>{t.title}</h1>
        <p>{t.intro(session.person?.displayName ?? '')}</p>
        <label className="new-password-field">
          <span>{t.current}</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} {...fields.input('currentPassword')} />
          {fields.error('currentPassword')}
        </label>
        <label className="new-password-field">
          <span>{t.next}</span>
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} {...fields.input('newPassword')} />
          {mismatch ? null : fields.error('newPassword')}
        </label>
        <label className="new-password-field">
          <span>{t.repeat}</span>
          <input name="repeatPassword" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          {mismatch ? (
            <span className="field-error" role="alert" data-testid="new-password-mismatch">
              {t.mismatch}
            </span>
          ) : null}
        </label>
        {failure && !fieldFailure ? <FailureBox failure={failure} compact /> : null}
        <div className="new-password-actions">
          <button className="button button-primary" type="submit" disabled={busy}>
            {busy ? t.submitting : t.submit}
          </button>
          <button className="link-button" type="button" onClick={onSignOut}>
            {t.signOut}
          </button>
        </div>
      </form>
    </main>
  );
}
