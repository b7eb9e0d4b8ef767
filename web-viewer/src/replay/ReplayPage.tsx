import { can, personRoleSchema, type Capability } from '@lienthong/contracts';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/language';
import { AppHeader } from '../shared/AppHeader';
import { FailureBox } from '../shared/FailureBox';
import { Failure } from '../shared/failure';
import { ReplayApi } from './api';
import { LibraryPage } from './LibraryPage';
import { LoginForm } from './LoginForm';
import { PlayerPage } from './PlayerPage';
import { replayViewOf } from './replay-route';
import { NewPasswordForm } from '../shared/NewPasswordForm';
import { forgetSession, loadSession, replaySessionOf, type ReplaySession } from './session';
import { StudyReportPage } from './StudyReportPage';
import './replay.css';

/** `/replay…`: sign in, then the library, a recording's player, or its study report. */
export function ReplayPage() {
  const t = useT();
  const [session, setSession] = useState<ReplaySession | null>(loadSession);
  // One API object for the page's life: signing in again hands it a new token, and a playing
  // video (with the stretches it has not reported yet) carries on.
  const [api] = useState(() => new ReplayApi(session?.auth ?? null));
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    api.onUnauthenticated = () => setExpired(true);
    return () => void (api.onUnauthenticated = null);
  }, [api]);
  // The session now names its person differently (a new password chosen here or in another tab).
  useEffect(() => session?.auth.onPersonChanged(() => setSession((s) => s && replaySessionOf(s.auth))), [session?.auth]);
  const signedIn = (next: ReplaySession) => {
    api.setSession(next.auth);
    setSession(next);
    setExpired(false);
  };
  const signOut = () => {
    void session?.auth.logout();
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
        {!session ? (
          <LoginForm onSignedIn={signedIn} />
        ) : session.auth.person?.mustChangePassword ? (
          <NewPasswordForm session={session.auth} onSignOut={signOut} />
        ) : (
          <>
            {expired ? (
              <div className="replay-relogin" role="dialog" aria-modal="true">
                <LoginForm onSignedIn={signedIn} />
              </div>
            ) : null}
            {view.page === 'library' ? (
              <LibraryPage api={api} canPickUnit={session.role !== null && session.role !== 'member'} />
            ) : view.page === 'player' ? (
              <PlayerPage api={api} id={view.id} canReadMinutes={may(session.role, 'minutes.read')} canEvaluate={may(session.role, 'study.evaluate')} />
            ) : view.page === 'report' ? (
              <StudyReportPage api={api} id={view.id} />
            ) : (
              <FailureBox failure={new Failure('NOT_FOUND', location.pathname)} />
            )}
          </>
        )}
      </main>
    </div>
  );
}

/** Whether the role may do it, so the page offers no link that would only be refused (the server decides). */
function may(role: string | null, capability: Capability): boolean {
  const parsed = personRoleSchema.safeParse(role);
  return parsed.success && can(parsed.data, capability);
}
