import { useConsole } from './console-session';
import { useLoad } from '../../shared/use-load';

/**
 * The root unit of the operator's scope: units are listed in tree order, so the first one is it.
 * A conference whose host path starts with its path is the operator's own to change.
 */
export function useScopeRoot() {
  const { api, session } = useConsole();
  return useLoad(`scope-root:${session.person?.id ?? 'pasted'}`, async (signal) => (await api.call('units.list', { query: { limit: 1 }, signal })).items[0] ?? null);
}
