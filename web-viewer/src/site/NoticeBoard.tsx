import type { Notice } from '@lienthong/contracts';
import { useState } from 'react';
import { useT } from '../i18n/language';
import { useFormat } from '../shared/clock';

/**
 * The operator's notices over the program, newest on top, until the site's operator dismisses
 * them. Read aloud by screen readers as they arrive.
 */
export function NoticeBoard({ notices }: { notices: readonly Notice[] }) {
  const t = useT();
  const clock = useFormat();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = notices.filter((n) => !dismissed.has(n.id)).slice(-3).reverse();
  return (
    <section className="notice-board" aria-label={t.site.notices.title} aria-live="assertive" data-testid="notices">
      {shown.map((n) => (
        <article key={n.id} className="notice" data-notice-id={n.id}>
          <p className="notice-text">{n.text}</p>
          <footer className="notice-meta">
            {t.site.notices.from(n.from, clock.time(n.sentAt, { seconds: false }))}
            <button type="button" className="notice-dismiss" onClick={() => setDismissed(new Set([...dismissed, n.id]))}>
              {t.site.notices.dismiss}
            </button>
          </footer>
        </article>
      ))}
    </section>
  );
}
