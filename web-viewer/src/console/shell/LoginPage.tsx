import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/language';
import { Failure } from '../../shared/failure';
import { FailureBox } from '../../shared/FailureBox';
import type { LoggedOutReason } from './console-session';
import { logIn } from '../../shared/login';
import { type Session, sessionFromLogin } from './session';

export function LoginPage({ reason, onLoggedIn }: { reason: LoggedOutReason; onLoggedIn: (session: Session) => void }) {
  const t = useT().operator.login;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onLoggedIn(sessionFromLogin(await logIn(username.trim(), password)));
    } catch (err) {
      setFailure(err instanceof Failure ? err : new Failure('INTERNAL', String(err)));
      setBusy(false);
    }
  };

  const known = failure?.code === 'UNAUTHENTICATED' ? t.wrongCredentials : failure?.code === 'TOO_MANY_REQUESTS' ? t.tooMany : null;
  return (
    <main className="login">
      <form className="card login-card" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <h1>{t.title}</h1>
        <p className="muted">{t.intro}</p>
        {reason ? (
          <p className={reason === 'expired' ? 'notice-warning' : 'muted'} role="status" data-testid="login-reason">
            {reason === 'expired' ? t.expired : t.loggedOut}
          </p>
        ) : null}
        <label className="field">
          <span className="field-label">{t.username}</span>
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t.password}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {known ? <p className="form-error" role="alert">{known}</p> : failure ? <FailureBox failure={failure} compact /> : null}
        <button className="button button-primary" type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </button>
      </form>
    </main>
  );
}
