import { restClient } from '@lienthong/contracts';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useLanguage } from '../i18n/language';
import { DEFAULT_TIME_ZONE, formatDateTime, formatLongDateTime, formatTime, zoneLabel } from './format';

const ClockContext = createContext<string>(DEFAULT_TIME_ZONE);

const knownZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The deployment's time zone (GET /api/deployment, asked once per page load) for every time on
 * screen. Until it answers, or when it cannot, the default zone: every time says its zone, so
 * none misleads meanwhile.
 */
export function ClockProvider({ children }: { children: ReactNode }) {
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);
  useEffect(() => {
    const controller = new AbortController();
    restClient()
      .call('deployment.get', { signal: controller.signal })
      .then(({ timeZone: zone }) => {
        if (knownZone(zone)) setTimeZone(zone);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return <ClockContext.Provider value={timeZone}>{children}</ClockContext.Provider>;
}

/** Times formatted in the page's language on the deployment's clock, each with its zone. */
export function useFormat() {
  const { language } = useLanguage();
  const timeZone = useContext(ClockContext);
  return useMemo(
    () => ({
      timeZone,
      dateTime: (iso: string) => formatDateTime(iso, language, timeZone),
      longDateTime: (iso: string) => formatLongDateTime(iso, language, timeZone),
      time: (date: Date | string, options?: { seconds?: boolean }) => formatTime(date, language, timeZone, options),
      zone: (date = new Date()) => zoneLabel(date, timeZone),
    }),
    [language, timeZone],
  );
}
