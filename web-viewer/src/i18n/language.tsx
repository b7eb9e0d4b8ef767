import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Dictionary, Language } from './dictionary';
import { en } from './en';
import { vi } from './vi';

const dictionaries: Record<Language, Dictionary> = { vi, en };
const STORAGE_KEY = 'lienthong.language';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled (kiosk profiles); Vietnamese is the default anyway.
  }
  return 'vi';
}

interface LanguageContextValue {
  language: Language;
  t: Dictionary;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

/** `initial` overrides the remembered choice (a page rendered for a test or a screenshot). */
export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(initial ?? initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; fine.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, t: dictionaries[language], setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useLanguage() outside <LanguageProvider>');
  return value;
}

/** The texts of the current language. */
export function useT(): Dictionary {
  return useLanguage().t;
}

/** One button that switches to the other language, labelled in that language. */
export function LanguageToggle() {
  const { language, setLanguage, t } = useLanguage();
  const other: Language = language === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="language-toggle"
      lang={other}
      // No aria-label: the visible words must be the button's name (WCAG 2.5.3); the title says what it does.
      title={t.switchLanguage}
      onClick={() => setLanguage(other)}
    >
      {other.toUpperCase()} · {dictionaries[other].selfName}
    </button>
  );
}
