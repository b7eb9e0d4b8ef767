import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/language';
import { FailureBox } from '../shared/FailureBox';
import { toFailure, type Failure } from '../shared/failure';
import { login, type ReplaySession } from './session';

export function LoginForm({ onSignedIn }: { onSignedIn(session: ReplaySession): void }) {
  const t = useT().replay.login;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    login(username.trim(), password).then(onSignedIn, (err: unknown) => {
      setFailure(toFailure(err));
      setBusy(false);
    });
  };
  return (
    <section className="replay-login card">
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <form onSubmit={submit} className="replay-form">
        <label>
          {t.username}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t.submit}
        </button>
      </form>
      {failure ? failure.code === 'UNAUTHENTICATED' ? <p className="replay-error" role="alert">{t.wrong}</p> : <FailureBox failure={failure} compact /> : null}
    </section>
  );
}
