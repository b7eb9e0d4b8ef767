import { useEffect, useState, useSyncExternalStore } from 'react';
import { publishDiagnostics } from './diagnostics';
import { stateLabel } from './session-state';
import { SiteSession, type SiteSnapshot } from './site-session';

const noSubscribe = () => () => undefined;

/** Runs one SiteSession for the page's lifetime and keeps `window.__lienthong` in step with it. */
export function useSiteSession(token: string): { session: SiteSession | null; snapshot: SiteSnapshot | null } {
  const [session, setSession] = useState<SiteSession | null>(null);
  useEffect(() => {
    const created = new SiteSession(token);
    const publish = () => {
      const s = created.getSnapshot();
      publishDiagnostics(
        {
          state: stateLabel(s.state),
          role: s.role,
          conferenceId: s.conference?.id ?? null,
          siteId: s.site?.id ?? null,
          speaker: s.media.video?.siteName ?? null,
          receiveLevel: s.receive.level,
          transports: s.transports,
        },
        created,
      );
    };
    created.subscribe(publish);
    publish();
    setSession(created);
    created.start();
    return () => created.stop();
  }, [token]);
  const snapshot = useSyncExternalStore(session?.subscribe ?? noSubscribe, () => session?.getSnapshot() ?? null);
  return { session, snapshot };
}
