import type { ReactNode } from 'react';
import { LanguageToggle, useT } from '../i18n/language';

/** The bar on top of every page: app name, an optional page title and the language toggle. */
export function AppHeader({ title, children }: { title?: ReactNode; children?: ReactNode }) {
  const t = useT();
  return (
    <header className="app-header">
      <a className="brand" href="/">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t.appName}</span>
      </a>
      {title ? <div className="app-header-title">{title}</div> : <div className="app-header-title" />}
      {children}
      <LanguageToggle />
    </header>
  );
}
