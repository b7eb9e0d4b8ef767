import { useEffect, useState } from 'react';

/** The console's pages, chosen by the path under /console (the server answers index.html for each). */
export type ConsoleRoute =
  | { page: 'overview' }
  | { page: 'units' }
  | { page: 'people' }
  | { page: 'conferences' }
  | { page: 'newConference' }
  | { page: 'conference'; id: string }
  | { page: 'editConference'; id: string }
  | { page: 'printSites'; id: string }
  | { page: 'attendance'; id: string }
  | { page: 'live'; id: string }
  | { page: 'notFound' };

const uuid = '[0-9a-fA-F-]{36}';
const patterns: [RegExp, (id: string) => ConsoleRoute][] = [
  [/^$/, () => ({ page: 'overview' })],
  [/^\/units$/, () => ({ page: 'units' })],
  [/^\/people$/, () => ({ page: 'people' })],
  [/^\/conferences$/, () => ({ page: 'conferences' })],
  [/^\/conferences\/new$/, () => ({ page: 'newConference' })],
  [new RegExp(`^/conferences/(${uuid})$`), (id) => ({ page: 'conference', id })],
  [new RegExp(`^/conferences/(${uuid})/edit$`), (id) => ({ page: 'editConference', id })],
  [new RegExp(`^/conferences/(${uuid})/print$`), (id) => ({ page: 'printSites', id })],
  [new RegExp(`^/conferences/(${uuid})/attendance$`), (id) => ({ page: 'attendance', id })],
  [new RegExp(`^/conferences/(${uuid})/live$`), (id) => ({ page: 'live', id })],
];

export function consoleRouteOf(pathname: string): ConsoleRoute {
  const rest = pathname.replace(/\/+$/, '').replace(/^\/console/, '');
  for (const [pattern, route] of patterns) {
    const match = pattern.exec(rest);
    if (match) return route(match[1] ?? '');
  }
  return { page: 'notFound' };
}

const NAVIGATED = 'lienthong:navigate';

/** Goes to another console page without reloading (the session stays in memory). */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useConsoleRoute(): ConsoleRoute {
  const [route, setRoute] = useState(() => consoleRouteOf(location.pathname));
  useEffect(() => {
    const update = () => setRoute(consoleRouteOf(location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return route;
}

/** An in-app link: a real <a href> (open in a new tab works), a click stays in the page. */
export function onLinkClick(path: string) {
  return (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(path);
  };
}
