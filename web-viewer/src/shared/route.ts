/** The app's pages, chosen by `location.pathname` (the server answers index.html for each). */
export type Route = 'landing' | 'join' | 'console' | 'consoleLive' | 'replay' | 'notFound';

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  // The live console is a page of its own; the console's other pages are under /console/
  // (console/shell/console-route.ts).
  if (path === '/console/live') return 'consoleLive';
  if (path.startsWith('/console/')) return 'console';
  // The replay library routes within itself: /replay, /replay/<id>, /replay/<id>/report.
  if (path === '/replay' || path.startsWith('/replay/')) return 'replay';
  // A printed join link: /j/<code>.
  if (path.startsWith('/j/')) return 'join';
  switch (path) {
    case '/':
    case '/index.html':
      return 'landing';
    case '/join':
      return 'join';
    case '/console':
      return 'console';
    default:
      return 'notFound';
  }
}
