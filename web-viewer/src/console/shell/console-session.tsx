import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Failure } from '../../shared/failure';
import { RestClient } from './rest-client';
import { forgetSession, loadSession, type Session } from './session';

export type LoggedOutReason = 'expired' | 'loggedOut' | null;

interface ConsoleSession {
  session: Session;
  api: RestClient;
  logout(reason?: LoggedOutReason): void;
}

const SessionContext = createContext<ConsoleSession | null>(null);

export function useConsole(): ConsoleSession {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useConsole() outside <SessionProvider>');
  return value;
}

/**
 * Holds the operator's session. It refreshes itself while the person works; it ends when the
 * server refuses it (revoked, or the refresh token idled out): the person goes back to the login
 * page with a message saying why. Logging out ends it on the server too.
 */
export function useSessionState(initial: Session | null = loadSession()) {
  const [session, setSession] = useState<Session | null>(initial);
  const [reason, setReason] = useState<LoggedOutReason>(null);
  const logout = useCallback(
    (why: LoggedOutReason = 'loggedOut') => {
      if (why === 'loggedOut') void session?.logout();
      forgetSession();
      setSession(null);
      setReason(why);
    },
    [session],
  );
  useEffect(() => session?.onEnded(() => logout('expired')), [session, logout]);
  // The session now names its person differently (a new password chosen here or in another tab).
  const [, personChanged] = useState(0);
  useEffect(() => session?.onPersonChanged(() => personChanged((n) => n + 1)), [session]);
  return { session, reason, setSession, logout };
}

export function SessionProvider({ session, logout, children }: { session: Session; logout: (reason?: LoggedOutReason) => void; children: ReactNode }) {
  const value = useMemo(
    () => ({ session, api: new RestClient(session, (_f: Failure) => logout('expired')), logout }),
    [session, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
