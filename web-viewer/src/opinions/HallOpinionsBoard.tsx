import { useSyncExternalStore } from 'react';
import type { SiteOpinions } from './site-opinions';
import { useOpinionTexts } from './texts';
import './opinions.css';

/**
 * The chair's screen in the hall: the opinions the secretariat forwarded, over the program and
 * large enough to read from the presidium, until each is marked done. Read out by screen readers
 * as they arrive.
 */
export function HallOpinionsBoard({ opinions }: { opinions: SiteOpinions }) {
  const t = useOpinionTexts();
  const { onScreen } = useSyncExternalStore(opinions.subscribe, opinions.getSnapshot);
  if (!onScreen.length) return null;
  return (
    <section className="hall-opinions" aria-label={t.chairScreen} aria-live="polite" data-testid="hall-opinions">
      <h2 className="hall-opinions-title">{t.chairScreen}</h2>
      {onScreen.map((o) => (
        <article key={o.id} className="hall-opinion" data-testid="hall-opinion" data-opinion-id={o.id}>
          <header className="hall-opinion-head">
            <span className="hall-opinion-number">{t.number(o.number)}</span> · {t.kind[o.kind]} · {o.siteName} <span className="hall-opinion-unit">({o.unitName})</span>
          </header>
          <p className="hall-opinion-speaker">
            {o.speakerName}, {o.speakerRole}
          </p>
          <p className="hall-opinion-text">{o.text}</p>
          {o.alsoFrom.length ? (
            <p className="hall-opinion-also">
              {t.alsoFrom}: {o.alsoFrom.map((a) => `${a.siteName} (${a.speakerName})`).join('; ')}
            </p>
          ) : null}
        </article>
      ))}
    </section>
  );
}
