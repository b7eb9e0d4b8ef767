import { LiveConferencePage } from '../stage/LiveConferencePage';
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/language';
import { AppHeader } from '../../shared/AppHeader';
import { fragmentParam } from '../../shared/fragment';
import '../console.css';
import { LiveOverview } from '../ConsolePage';
import { type ConsoleRoute, useConsoleRoute } from './console-route';
import { SessionProvider, useConsole, useSessionState } from './console-session';
import { Link } from './Link';
import { LoginPage } from './LoginPage';
import { NewPasswordForm } from '../../shared/NewPasswordForm';
import { loadSession, type Session, sessionFromToken } from './session';

const UnitsPage = lazy(() => import('../units/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const PeoplePage = lazy(() => import('../people/PeoplePage').then((m) => ({ default: m.PeoplePage })));
const ConferencesPage = lazy(() => import('../schedule/ConferencesPage').then((m) => ({ default: m.ConferencesPage })));
const ConferenceFormPage = lazy(() => import('../schedule/ConferenceFormPage').then((m) => ({ default: m.ConferenceFormPage })));
const ConferencePage = lazy(() => import('../schedule/ConferencePage').then((m) => ({ default: m.ConferencePage })));
const PrintSitesPage = lazy(() => import('../schedule/PrintSitesPage').then((m) => ({ default: m.PrintSitesPage })));
const AttendancePage = lazy(() => import('../attendance/AttendancePage').then((m) => ({ default: m.AttendancePage })));

/** A token pasted as `/console#token=…` (the landing page's form) opens a session without a login. */
function initialSession(): Session | null {
  const token = fragmentParam('token');
  return token ? sessionFromToken(token) : loadSession();
}

export function ConsoleShell() {
  const t = useT();
  const { session, reason, setSession, logout } = useSessionState(initialSession());
  const route = useConsoleRoute();
  if (!session) {
    return (
      <div className="page page-light">
        <AppHeader title={t.console.title} />
        <LoginPage reason={reason} onLoggedIn={setSession} />
      </div>
    );
  }
  // A temporary password: nothing else until the person has chosen their own.
  if (session.person?.mustChangePassword) {
    return (
      <div className="page page-light">
        <AppHeader title={t.console.title} />
        <NewPasswordForm session={session} onSignOut={() => logout('loggedOut')} />
      </div>
    );
  }
  return (
    <SessionProvider session={session} logout={logout}>
      <div className={`page page-light console-page-${route.page}`}>
        {/* No title beside the navigation: at 1366 px it cut the title to "Oper…" and pushed "log out" onto a second line. */}
        <AppHeader>
          <ConsoleNav route={route} />
        </AppHeader>
        <main className="console-main">
          <Suspense fallback={<p className="muted">{t.operator.common.loading}</p>}>
            <RoutePage route={route} />
          </Suspense>
        </main>
      </div>
    </SessionProvider>
  );
}

function ConsoleNav({ route }: { route: ConsoleRoute }) {
  const t = useT().operator.nav;
  const { session, logout } = useConsole();
  const section = route.page === 'overview' || route.page === 'units' || route.page === 'people' ? route.page : 'conferences';
  const item = (key: typeof section, to: string, label: string) => (
    <Link to={to} className={section === key ? 'nav-link nav-active' : 'nav-link'} testId={`nav-${key}`}>
      {label}
    </Link>
  );
  return (
    <nav className="console-nav">
      {item('overview', '/console', t.overview)}
      {item('units', '/console/units', t.units)}
      {item('conferences', '/console/conferences', t.conferences)}
      {item('people', '/console/people', t.people)}
      {/* Its own page and login: members and operators alike replay there. */}
      <a className="nav-link" href="/replay" data-testid="nav-replay">
        {t.replay}
      </a>
      {session.person ? (
        <span className="muted nav-person" title={t.signedInAs(session.person.displayName)}>
          {t.signedInAs(session.person.displayName)}
        </span>
      ) : null}
      <button type="button" className="link-button" onClick={() => logout('loggedOut')} data-testid="logout">
        {t.logout}
      </button>
    </nav>
  );
}

function RoutePage({ route }: { route: ConsoleRoute }) {
  switch (route.page) {
    case 'overview':
      return <LiveOverview />;
    case 'units':
      return <UnitsPage />;
    case 'people':
      return <PeoplePage />;
    case 'conferences':
      return <ConferencesPage />;
    case 'newConference':
      return <ConferenceFormPage />;
    case 'editConference':
      return <ConferenceFormPage id={route.id} />;
    case 'conference':
      return <ConferencePage id={route.id} />;
    case 'printSites':
      return <PrintSitesPage id={route.id} />;
    case 'attendance':
      return <AttendancePage id={route.id} />;
    case 'live':
      return <LiveConferencePage id={route.id} />;
    case 'notFound':
      return <h1>404</h1>;
  }
}
