/**
 * `npm run bench:unit-tree -w web-viewer`: the console's unit tree over the synthetic nation
 * (15,345 sites, ~26,000 rows once opened whole) in headless Chromium against the real stack.
 * Measured in the page: the render of the whole opened tree (a click on the root's toggle until
 * painted) and the frame times while scrolling it (240 frames of 120 px), both for the virtualised tree
 * and, in the same run, for a baseline: the same rows as plain DOM, non-virtualised, capped at
 * `BASELINE_ROWS` (default 5,000: more would only make the baseline slower). Prints one JSON object.
 */
import { launchChromium } from '@lienthong/testing/browser';
import { createOperator, logInToConsole } from '@lienthong/testing/console-page';
import { startNationStack } from '@lienthong/testing/nation-stack';
import { operatorApi } from '../../infra/local/operator-api.js';
import { waitFor } from '@lienthong/testing/wait';

const PORT = 16640;
const BASELINE_ROWS = Number(process.env.BASELINE_ROWS ?? 5_000);
const REPEATS = Number(process.env.REPEATS ?? 5);
const SCROLL_STEPS = 240;
/** px per frame: a brisk wheel or drag; the same for both lists (28,800 px in all, within the baseline's height). */
const SCROLL_STEP_PX = 120;
const password = 'mật khẩu đo hiệu năng';

// Page scripts are strings: tsx's keepNames would wrap named functions with a helper the page lacks.
const paint = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';
/** Scrolls `el` down SCROLL_STEPS frames of SCROLL_STEP_PX; frame intervals from rAF timestamps. */
const scrollScript = (selector: string) => `(async () => {
  const el = document.querySelector(${JSON.stringify(selector)});
  el.scrollTop = 0;
  await ${paint};
  const step = ${SCROLL_STEP_PX};
  const frames = [];
  let last = await new Promise((r) => requestAnimationFrame(r));
  for (let i = 1; i <= ${SCROLL_STEPS}; i++) {
    el.scrollTop = step * i;
    const now = await new Promise((r) => requestAnimationFrame(r));
    frames.push(now - last);
    last = now;
  }
  return { frames, domRows: el.querySelectorAll('.tree-row').length };
})()`;

const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { p50: round(at(50)), p95: round(at(95)), max: round(s.at(-1)!), over16ms: s.filter((v) => v > 17).length };
};
const round = (v: number) => Math.round(v * 10) / 10;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const stack = await startNationStack(PORT);
const browser = await launchChromium();
try {
  const tw = await operatorApi(stack).call('units.list', { query: { limit: 1 } });
  await createOperator(stack, { username: 'bench.operator', password, displayName: 'Đo hiệu năng', unitId: tw.items[0]!.id });
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN' })).newPage();
  await logInToConsole(page, stack.url, 'bench.operator', password);
  await page.getByTestId('nav-units').click();
  const rootToggle = page.locator('.tree-row[data-code="TW"] .tree-toggle');
  await rootToggle.waitFor();

  // Loading the whole subtree (network and JSON, 500 per page), for the record.
  const loadStarted = Date.now();
  await page.getByTestId('expand-all').click();
  const rows = await waitFor('the whole tree', async () => {
    const n = Number(await page.getByTestId('unit-tree').getAttribute('data-rows'));
    return n > 25_000 ? n : undefined;
  }, 180_000, 50);
  const expandAllMs = Date.now() - loadStarted;

  // Render of the whole opened tree: the root closed, then opened again (flatten ~26,000 rows, draw the window).
  const renders: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await rootToggle.click();
    await waitFor('closed', async () => ((await page.getByTestId('unit-tree').getAttribute('data-rows')) === '1' ? true : undefined));
    renders.push(
      await page.evaluate(`(async () => {
        const t0 = performance.now();
        document.querySelector('.tree-row[data-code="TW"] .tree-toggle').click();
        await ${paint};
        return performance.now() - t0;
      })()`),
    );
  }
  const virtualScroll = await page.evaluate<{ frames: number[]; domRows: number }>(scrollScript('[data-testid="unit-tree"]'));

  // Baseline: the first BASELINE_ROWS rows of the same tree as plain DOM (same classes, same text), all in the document.
  const baselineRenders: number[] = [];

  for (let i = 0; i < REPEATS; i++) {
    baselineRenders.push(
      await page.evaluate(`(async () => {
        document.getElementById('bench-baseline')?.remove();
        const t0 = performance.now();
        const box = document.createElement('div');
        box.id = 'bench-baseline';
        box.className = 'unit-tree';
        box.style.cssText = 'height:560px;position:fixed;top:0;left:0;width:800px;z-index:10;contain:none';
        for (let i = 0; i < ${BASELINE_ROWS}; i++) {
          const row = document.createElement('div');
          row.className = 'tree-row ' + (i % 3 ? 'tree-site' : 'tree-unit');
          row.style.cssText = 'position:relative;height:30px;padding-left:' + (8 + (i % 4) * 18) + 'px';
          const name = document.createElement('span');
          name.className = 'tree-name';
          name.textContent = (i % 3 ? 'Điểm cầu Xã ' : 'Huyện ') + 'Hưng Hiệp ' + i;
          const meta = document.createElement('span');
          meta.className = 'tree-meta';
          meta.textContent = 'DC-P01-D01-C' + String(i).padStart(3, '0');
          row.append(name, meta);
          box.append(row);
        }
        document.body.append(box);
        await ${paint};
        return performance.now() - t0;
      })()`),
    );
  }
  const baselineScroll = await page.evaluate<typeof virtualScroll>(scrollScript('#bench-baseline'));

  const virtualRender = median(renders);
  const baselineRender = median(baselineRenders);
  const result = {
    bench: 'unit-tree',
    sites: 15_345,
    treeRows: rows,
    expandAllLoadMs: expandAllMs,
    virtualised: {
      rows,
      renderWholeTreeMs: round(virtualRender),
      renderRunsMs: renders.map(round),
      domRowsInView: virtualScroll.domRows,
      scrollFrameMs: stats(virtualScroll.frames),
    },
    baseline: {
      what: `the same kind of rows as plain DOM, not virtualised, capped at ${BASELINE_ROWS}`,
      rows: BASELINE_ROWS,
      renderMs: round(baselineRender),
      renderRunsMs: baselineRenders.map(round),
      domRows: baselineScroll.domRows,
      scrollFrameMs: stats(baselineScroll.frames),
    },
    ratio: {
      renderBaselineOverVirtualised: round(baselineRender / virtualRender),
      rowsVirtualisedOverBaseline: round(rows / BASELINE_ROWS),
      scrollP95BaselineOverVirtualised: round(stats(baselineScroll.frames).p95 / stats(virtualScroll.frames).p95),
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  await stack.stop();
}
