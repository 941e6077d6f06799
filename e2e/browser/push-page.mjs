// Opens push-service's page in headless Chromium as a user would: picks a fresh topic, starts
// all four modes, publishes three messages with the page's own button, and waits until every
// mode's pane has received all three. Prints what each pane shows as JSON; exits 1 on failure.
//   node push-page.mjs http://127.0.0.1:8090/ PUBLISH_TOKEN [screenshot.png]
import { chromium } from 'playwright-core';

const [url, token, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // As root in a container-like VM, and with no network but loopback: no sandbox, no background calls.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.fill('#topic', `browser-${Date.now()}`);
  await page.fill('#pubToken', token);
  await page.fill('#message', 'hello from headless chromium');
  await page.click('#startAll');
  await page.waitForTimeout(1500);
  for (let i = 0; i < 3; i++) {
    await page.click('#publish');
    await page.waitForTimeout(300);
  }
  let ok = true;
  try {
    await page.waitForFunction(
      () => [...document.querySelectorAll('.pane .n')].length === 4
        && [...document.querySelectorAll('.pane .n')].every((n) => Number(n.textContent) >= 3),
      null, { timeout: 20000 });
  } catch (timeout) {
    ok = false;
  }
  const panes = await page.$$eval('.pane', (els) => els.map((el) => ({
    mode: el.querySelector('h2').firstChild.textContent.trim(),
    received: Number(el.querySelector('.n').textContent),
    p50: el.querySelector('.p50').textContent,
    max: el.querySelector('.max').textContent,
    log: el.querySelector('.log').textContent.includes('hello from headless chromium'),
  })));
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ok, panes, errors }));
  process.exitCode = ok && errors.length === 0 && panes.every((p) => p.log) ? 0 : 1;
} finally {
  await browser.close();
}
