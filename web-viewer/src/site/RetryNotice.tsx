import { useEffect, useState } from 'react';
import { useT } from '../i18n/language';
import type { SiteSnapshot } from './site-session';

/** "Retrying in 12 s" (or "Reconnecting, attempt 3") with a button to retry at once. */
export function RetryNotice({ retry, onRetry }: { retry: NonNullable<SiteSnapshot['retry']>; onRetry(): void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (retry.at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [retry.at]);
  const text =
    retry.at === null ? t.retrying(retry.attempt) : t.retryIn(Math.max(0, Math.ceil((retry.at - now) / 1000)));
  return (
    <div className="retry">
      <span>{text}</span>
      <button type="button" className="button" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}
