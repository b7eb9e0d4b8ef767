import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

// The global that axe-core's script adds to the page (its types describe the module).
declare global {
  interface Window {
    axe?: typeof import('axe-core');
  }
}

/**
 * axe-core's WCAG 2 A/AA rules run inside the page as it stands (the engine is injected from
 * node_modules: nothing is fetched); answers the serious and critical violations, each with the
 * elements it found, so a failing test says what to fix.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.flatMap((v) =>
      v.impact === 'serious' || v.impact === 'critical'
        ? [{ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }]
        : [],
    );
  });
}
