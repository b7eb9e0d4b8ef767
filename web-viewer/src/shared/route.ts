/** The app's pages, chosen by `location.pathname` (the server answers index.html for each). */
export type Route = 'landing' | 'join' | 'console' | 'consoleLive' | 'notFound';

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
    case '/index.html':
      return 'landing';
    case '/join':
      return 'join';
    case '/console':
      return 'console';
    case '/console/live':
      return 'consoleLive';
    default:
      return 'notFound';
  }
}
