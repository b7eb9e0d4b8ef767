import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/language';
import { AppHeader } from '../shared/AppHeader';

/** `/`: what this is, how sites join, and the way into the operator console. */
export function LandingPage() {
  const t = useT();
  const [token, setToken] = useState('');
  const openConsole = (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    location.assign(value ? `/console#token=${encodeURIComponent(value)}` : '/console');
  };
  return (
    <div className="page page-light">
      <AppHeader />
      <main className="landing">
        <h1>{t.landing.title}</h1>
        <p className="lead">{t.landing.intro}</p>
        <div className="cards">
          <section className="card">
            <h2>{t.landing.sitesTitle}</h2>
            <p>{t.landing.sitesText}</p>
          </section>
          <section className="card">
            <h2>{t.landing.operatorsTitle}</h2>
            <p>{t.landing.operatorsText}</p>
            <p>
              <a className="button button-primary" href="/console">
                {t.landing.logIn}
              </a>
            </p>
            <form className="token-form" onSubmit={openConsole}>
              <label htmlFor="operator-token">{t.landing.tokenLabel}</label>
              <input
                id="operator-token"
                type="password"
                autoComplete="off"
                value={token}
                onChange={(event) => setToken(event.target.value)}
              />
              <button type="submit" className="button">
                {t.landing.openConsole}
              </button>
            </form>
          </section>
          <section className="card">
            <h2>{t.landing.replayTitle}</h2>
            <p>{t.landing.replayText}</p>
            <p>
              <a className="button" href="/replay" data-testid="landing-replay">
                {t.landing.openReplay}
              </a>
            </p>
          </section>
        </div>
      </main>
    </div>
  );
}
