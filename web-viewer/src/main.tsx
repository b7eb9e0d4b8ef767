import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LanguageProvider } from './i18n/language';
import { ClockProvider } from './shared/clock';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// A new fragment (another token pasted into the same tab) means another session: start over.
window.addEventListener('hashchange', () => location.reload());

createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <ClockProvider>
        <App />
      </ClockProvider>
    </LanguageProvider>
  </StrictMode>,
);
