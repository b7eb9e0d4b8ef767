import { useMemo } from 'react';
import { useLanguage } from '../../i18n/language';
import { AppHeader } from '../../shared/AppHeader';
import { Failure } from '../../shared/failure';
import { FailureBox } from '../../shared/FailureBox';
import { fragmentParam } from '../../shared/fragment';
import { AuthSession } from '../../shared/auth-session';
import { RestClient } from '../shell/rest-client';
import { LiveConsole, type LiveConsoleProps } from './LiveConsole';
import { useUnitNames } from './use-unit-names';

/**
 * How the page gets its access: the person's access token and the conference, from the URL
 * fragment (`/console/live#token=…&conference=…`), like the rest of the console today. The
 * console shell can render <LiveConsole> with its own token instead.
 */
export function liveConsoleAccess(hash: string = location.hash) {
  return {
    token: fragmentParam('token', hash),
    conferenceId: fragmentParam('conference', hash),
    /** `&mode=snapshots`: a full snapshot every second instead of deltas (the benchmark's baseline). */
    mode: fragmentParam('mode', hash) === 'snapshots' ? ('snapshots' as const) : ('deltas' as const),
  };
}

/** `/console/live#token=…&conference=…`: live health of one conference's sites. */
export function LiveConsolePage() {
  const { t } = useLanguage();
  const { token, conferenceId, mode } = liveConsoleAccess();
  const session = useMemo(() => (token ? new AuthSession({ accessToken: token }) : null), [token]);
  return (
    <div className="page page-light">
      <AppHeader title={t.liveConsole.title} />
      <main className="live-main">
        {!session ? (
          <FailureBox failure={new Failure('MISSING_TOKEN')} />
        ) : !conferenceId ? (
          <p className="muted">{t.liveConsole.missingConference}</p>
        ) : (
          <NamedLiveConsole auth={session} conferenceId={conferenceId} mode={mode} />
        )}
      </main>
    </div>
  );
}

/**
 * The live console once the upper units' names are here, so tiles say "Thành phố Đà Nẵng › Xã Hòa
 * Bắc" from the first render (never "DN › …"). The pasted token cannot be refreshed: when it
 * lapses, the names' request fails and the tiles fall back to codes.
 */
function NamedLiveConsole({ auth, ...props }: Omit<LiveConsoleProps, 'auth' | 'unitNames'> & { auth: AuthSession }) {
  const { t } = useLanguage();
  const api = useMemo(() => new RestClient(auth, () => {}), [auth]);
  const unitNames = useUnitNames(api);
  return unitNames ? <LiveConsole auth={auth} unitNames={unitNames} {...props} /> : <p className="muted">{t.operator.common.loading}</p>;
}
