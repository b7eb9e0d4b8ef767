/** The app's pages, chosen by `location.pathname` (the server answers index.html for each). */
export type Route = 'landing' | 'join' | 'console' | 'notFound';

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  // The console has pages of its own under /console/ (console/shell/console-route.ts).
  if (path.startsWith('/console/')) return 'console';
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
