import { useMemo, useState } from 'react';
import { useT } from '../i18n/language';
import { AppHeader } from '../shared/AppHeader';
import { FailureBox } from '../shared/FailureBox';
import { Failure } from '../shared/failure';
import { ReplayApi } from './api';
import { LibraryPage } from './LibraryPage';
import { LoginForm } from './LoginForm';
import { PlayerPage } from './PlayerPage';
import { replayViewOf } from './replay-route';
import { forgetSession, loadSession, type ReplaySession } from './session';
import { StudyReportPage } from './StudyReportPage';
import './replay.css';

/** `/replay…`: sign in, then the library, a recording's player, or its study report. */
export function ReplayPage() {
  const t = useT();
  const [session, setSession] = useState<ReplaySession | null>(loadSession);
  const api = useMemo(() => (session ? new ReplayApi(session.token) : null), [session]);
  const signOut = () => {
    forgetSession();
    setSession(null);
  };
  const view = replayViewOf(location.pathname);
  return (
    <div className="page page-light">
      <AppHeader title={t.replay.title}>
        {session ? (
          <span className="replay-who">
            {session.displayName ? <span>{t.replay.login.loggedInAs(session.displayName)}</span> : null}
            <button type="button" className="link-button" onClick={signOut} data-testid="logout">
              {t.replay.login.logout}
            </button>
          </span>
        ) : null}
      </AppHeader>
      <main className="replay-main">
        {!session || !api ? (
          <LoginForm onSignedIn={setSession} />
        ) : view.page === 'library' ? (
          <LibraryPage api={api} onExpired={signOut} />
        ) : view.page === 'player' ? (
          <PlayerPage api={api} id={view.id} onExpired={signOut} />
        ) : view.page === 'report' ? (
          <StudyReportPage api={api} id={view.id} />
        ) : (
          <FailureBox failure={new Failure('NOT_FOUND', location.pathname)} />
        )}
      </main>
    </div>
  );
}
