import { lazy, Suspense } from 'react';
import { useT } from './i18n/language';
import { LandingPage } from './landing/LandingPage';
import { AppHeader } from './shared/AppHeader';
import { routeOf } from './shared/route';

// Each page loads only its own code: a site never downloads the console, the landing neither.
const SitePage = lazy(() => import('./site/SitePage').then((m) => ({ default: m.SitePage })));
const ConsolePage = lazy(() => import('./console/ConsolePage').then((m) => ({ default: m.ConsolePage })));
const ReplayPage = lazy(() => import('./replay/ReplayPage').then((m) => ({ default: m.ReplayPage })));
const LiveConsolePage = lazy(() => import('./console/live/LiveConsolePage').then((m) => ({ default: m.LiveConsolePage })));

/** Client-side routing by path; each page reads its own token from the URL fragment. */
export function App() {
  return <Suspense fallback={<Loading />}>{page()}</Suspense>;
}

function page() {
  switch (routeOf(location.pathname)) {
    case 'landing':
      return <LandingPage />;
    case 'join':
      return <SitePage />;
    case 'console':
      return <ConsolePage />;
    case 'replay':
      return <ReplayPage />;
    case 'consoleLive':
      return <LiveConsolePage />;
    case 'notFound':
      return <NotFound />;
  }
}

function Loading() {
  return <div className="page" aria-busy="true" />;
}

function NotFound() {
  const t = useT();
  return (
    <div className="page page-light">
      <AppHeader />
      <main className="landing">
        <h1>404</h1>
        <p>
          <a href="/">{t.appName}</a>
        </p>
      </main>
    </div>
  );
}
