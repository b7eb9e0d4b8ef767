import type { ReactNode } from 'react';
import { onLinkClick } from './console-route';

/** A link to another console page: stays in the page (the session lives in memory). */
export function Link({ to, children, className, testId }: { to: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <a href={to} className={className} onClick={onLinkClick(to)} data-testid={testId}>
      {children}
    </a>
  );
}
