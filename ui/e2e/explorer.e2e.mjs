// End-to-end walk through the explorer in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) against a running Wake that holds the scenario UiE2EIT sends:
//   planner (A) -> researcher (B, a failed LLM call) by parent span, in trace 1;
//   coder (C) starts trace 2 with a span link to B's span; tool-runner (D) is C's child process;
//   planner2 (F) in trace 3, whose child (pid 201) died before exporting: builder (H) continues F's
//   trace under the dead agent's span (an orphan), reviewer (I) links to it from trace 4;
//   GPU samples of a local-llm agent.
// Usage: node explorer.e2e.mjs <baseUrl> <token> <screenshotDir>
// Exits 0 when every step passed; else prints the failing step, the page's text, and exits 1.
// Each page is saved as a PNG in <screenshotDir>.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, token, shots] = process.argv.slice(2);
if (!baseUrl || !token || !shots) {
  console.error('usage: node explorer.e2e.mjs <baseUrl> <token> <screenshotDir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
rmSync(join(shots, 'failure.png'), { force: true });

const CHROMIUM = process.env.WAKE_CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags Chromium reaches out at start-up, which a closed network refuses.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// Refused requests (401 before the token, the refused SQL's 403) are logged by Chromium as "Failed to load resource".
page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource')
  && problems.push(`console error: ${m.text()}`));
page.setDefaultTimeout(20_000);

let current = 'start';
async function step(name, body) {
  current = name;
  const started = Date.now();
  await body();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
}
const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const url = (path) => new URL(path, baseUrl).toString();
const expectVisible = (locator) => locator.first().waitFor({ state: 'visible' });
async function expectCount(locator, expected) {
  const deadline = Date.now() + 20_000;
  let seen;
  while ((seen = await locator.count()) !== expected && Date.now() < deadline) await page.waitForTimeout(200);
  if (seen !== expected) throw new Error(`expected ${expected} of ${locator}, saw ${seen}`);
}

try {
  await step('home without a token says how to set one', async () => {
    await page.goto(url('/'));
    await expectVisible(page.getByText('Set an API token'));
  });

  await step('set the token; the swimlanes and counts show the agents', async () => {
    await page.getByRole('button', { name: /Token: none/ }).click();
    await page.getByLabel('API token (Bearer), kept in this browser').fill(token);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectVisible(page.locator('.swimlanes .bar'));
    const bars = await page.locator('.swimlanes .bar').count();
    if (bars < 7) throw new Error(`expected at least 7 agent bars, saw ${bars}`);
    await expectVisible(page.locator('.stat', { hasText: 'Agents with errors' }).getByText('1'));
    await expectVisible(page.locator('table.traces'));
    await shot('01-home');
  });

  await step('search traces by agent', async () => {
    await page.getByLabel('Agent', { exact: true }).fill('coder');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/agent=coder/);
    await expectVisible(page.locator('table.traces').getByRole('link', { name: 'invoke_agent coder' }));
    await expectCount(page.locator('table.traces tbody tr'), 1);
    await shot('02-search');
  });

  await step('open the trace: waterfall and span details', async () => {
    await page.locator('table.traces').getByRole('link', { name: 'invoke_agent coder' }).click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await expectVisible(page.locator('.wf-row', { hasText: 'chat gpt-4o' }));
    await page.locator('.wf-row', { hasText: 'invoke_agent coder' }).click();
    await expectVisible(page.locator('.span-detail').getByRole('heading', { name: 'invoke_agent coder' }));
    await expectVisible(page.locator('.span-detail .links a'));
    await shot('03-trace');
  });

  let linkedTrace;
  await step('follow the span link to the other trace', async () => {
    const link = page.locator('.span-detail .links a').first();
    linkedTrace = /traces\/([0-9a-f]{32})/.exec(await link.getAttribute('href'))[1];
    await link.click();
    await page.waitForURL(new RegExp(`/traces/${linkedTrace}\\?span=`));
    await expectVisible(page.locator('.wf-group-head', { hasText: 'planner' }));
    await expectVisible(page.locator('.wf-row.is-error', { hasText: 'chat gpt-4o' }));
    await expectVisible(page.locator('.span-detail').getByRole('heading', { name: 'invoke_agent researcher' }));
    await shot('04-linked-trace');
  });

  await step('a trace URL reloads to the same view', async () => {
    await page.reload();
    await expectVisible(page.locator('.span-detail').getByRole('heading', { name: 'invoke_agent researcher' }));
  });

  await step('open the lineage: three edge kinds, root, totals', async () => {
    await page.locator('.wf-group-head', { hasText: 'researcher' }).getByRole('link').click();
    await page.waitForURL(/\/agents\//);
    await expectVisible(page.locator('.node', { hasText: 'tool-runner' }));
    for (const kind of ['parent_span', 'span_link', 'process']) {
      if (await page.locator(`.lineage-graph .has-${kind}`).count() < 1) throw new Error(`no ${kind} edge drawn`);
    }
    await expectVisible(page.locator('.node', { hasText: 'planner' }).getByText('ROOT'));
    await expectVisible(page.locator('.totals .stat', { hasText: 'Agents' }).getByText('4'));
    await shot('05-lineage');
  });

  await step('a lineage node opens its traces', async () => {
    await page.locator('.node', { hasText: 'tool-runner' }).click();
    await expectVisible(page.locator('.node-detail').getByRole('heading', { name: 'tool-runner' }));
    await page.locator('.node-detail .trace-links a').first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    await expectVisible(page.locator('.wf-row', { hasText: 'chat llama-3-8b' }));
  });

  await step('a dead agent: orphan in the waterfall, ghost in the lineage', async () => {
    await page.goto(url('/?agent=builder'));
    await page.locator('table.traces').getByRole('link').first().click();
    await expectVisible(page.locator('.wf-row', { hasText: 'invoke_agent builder' }).getByText('orphan'));
    await shot('06-orphan-trace');
    await page.locator('.wf-group-head', { hasText: 'builder' }).getByRole('link').click();
    await expectVisible(page.locator('.node.ghost'));
    await expectVisible(page.locator('.node', { hasText: 'planner2' }).getByText('ROOT'));
    await page.locator('.node.ghost').click();
    await expectVisible(page.locator('.node-detail').getByText('died before exporting'));
    await shot('07-lineage-ghost');
  });

  await step('run an audit query and export it', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByLabel('SQL', { exact: true }).fill('SELECT ServiceName, count() AS spans FROM otel_traces GROUP BY ServiceName ORDER BY ServiceName');
    await page.getByRole('button', { name: /^Run/ }).click();
    await expectVisible(page.locator('table.results').getByText('swarm'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await download;
    if (!csv.suggestedFilename().endsWith('.csv')) throw new Error(`download named ${csv.suggestedFilename()}`);
    await shot('08-audit');
  });

  await step('a refused audit query says why; the log and its chain show it', async () => {
    await page.getByLabel('SQL', { exact: true }).fill('SELECT * FROM system.tables');
    await page.getByRole('button', { name: /^Run/ }).click();
    await expectVisible(page.locator('.sql-error', { hasText: /refused|not allowed|system/i }));
    await expectVisible(page.locator('.chain', { hasText: /intact/i }));
    await expectVisible(page.locator('table.audit-log').getByText('system.tables'));
    await shot('09-audit-refused');
  });

  await step('metrics: GPU and token charts', async () => {
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.waitForURL(/\/metrics/);
    await expectVisible(page.locator('.chart canvas'));
    await expectVisible(page.locator('.chart-card', { hasText: 'GPU utilisation' }).locator('canvas'));
    await expectVisible(page.locator('.chart-card', { hasText: 'Tokens' }).locator('canvas'));
    await shot('10-metrics');
  });

  await step('dark theme', async () => {
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await page.goto(url('/'));
    await expectVisible(page.locator('.swimlanes .bar'));
    await expectVisible(page.locator('table.traces'));
    await shot('11-home-dark');
  });

  if (problems.length) throw new Error(`the page reported:\n${problems.join('\n')}`);
  console.log('all steps passed');
} catch (error) {
  console.error(`FAILED at "${current}": ${error.message}`);
  console.error(`url: ${page.url()}`);
  console.error(`page text:\n${(await page.locator('body').innerText().catch(() => '')).slice(0, 3000)}`);
  if (problems.length) console.error(problems.join('\n'));
  await shot('failure').catch(() => {});
  await browser.close();
  process.exit(1);
}
await browser.close();
