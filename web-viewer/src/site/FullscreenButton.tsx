import { type RefObject, useEffect, useState } from 'react';
import { useT } from '../i18n/language';

/**
 * Kiosk-friendly full screen for the site page: a button, and the F key anywhere on the page
 * (outside form fields). Escape leaves full screen (the browser's own behaviour).
 */
export function FullscreenButton({ target }: { target: RefObject<HTMLElement | null> }) {
  const t = useT();
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  const available = typeof document.documentElement.requestFullscreen === 'function';

  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement !== null);
    const onKey = (event: KeyboardEvent) => {
      const field = (event.target as HTMLElement | null)?.closest('input, select, textarea, [contenteditable]');
      if (field || event.ctrlKey || event.altKey || event.metaKey || event.key.toLowerCase() !== 'f') return;
      toggle(target.current);
    };
    document.addEventListener('fullscreenchange', onChange);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      document.removeEventListener('keydown', onKey);
    };
  }, [target]);

  if (!available) return null;
  return (
    <button
      type="button"
      className="button fullscreen-button"
      aria-pressed={active}
      aria-keyshortcuts="F"
      onClick={() => toggle(target.current)}
      data-testid="fullscreen"
    >
      {active ? t.site.exitFullscreen : t.site.fullscreen} <kbd>F</kbd>
    </button>
  );
}

function toggle(element: HTMLElement | null): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void element?.requestFullscreen().catch(() => undefined);
}
