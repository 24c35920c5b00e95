// Drives a real netlify-identity-widget in headless Chromium against the local stack:
// signup in the modal → confirm through the emailed link → logout → login in the modal →
// logout → login with GitHub through the local consent page.
// Usage: node widget_flow.mjs <page-url> <base-url>   (run by tests/js_clients.rs)
import { chromium } from 'playwright-core';

const [,, pageUrl, base] = process.argv;
const email = `widget-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
const password = 'widget password';
const log = m => console.log(`ok ${m}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  // Widget 1.x on localhost asks for the site URL and keeps the answer here; give it ours.
  await page.addInitScript(origin => {
    try { localStorage.setItem('netlifySiteURL', origin); } catch { /* about:blank */ }
  }, base);
  page.on('pageerror', e => console.log(`page error: ${e.message}`));
  if (process.env.DEBUG_FLOW) {
    page.on('console', m => console.log(`console: ${m.text()}`));
    page.on('response', async r => console.log(`${r.request().method()} ${r.url()} -> ${r.status()}`));
  }
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.netlifyIdentity && window.identityReady);
  const modal = page.frameLocator('#netlify-identity-widget');

  await page.evaluate(() => window.netlifyIdentity.open('signup'));
  await modal.locator('input[name=name]').fill('Widget User');
  await modal.locator('input[name=email]').fill(email);
  await modal.locator('input[name=password]').fill(password);
  await modal.locator('button[type=submit]').click();
  let token;
  for (let i = 0; i < 100 && !token; i++) {
    const mail = await (await fetch(`${base}/__dev/mail`)).json();
    token = mail.find(m => m.to === email && m.kind === 'confirmation')?.token;
    if (!token) await new Promise(r => setTimeout(r, 100));
  }
  if (!token) throw new Error('no confirmation mail after signing up in the widget');
  log('signup');

  await page.evaluate(() => window.netlifyIdentity.close());
  // A real navigation (not a same-document hash change), as when the link is opened.
  await page.goto('about:blank');
  await page.goto(`${pageUrl}#confirmation_token=${token}`);
  await page.waitForFunction(() => window.netlifyIdentity && window.identityReady);
  await page.waitForFunction(e => window.netlifyIdentity.currentUser()?.email === e, email);
  log('confirm via emailed link logs in');

  await page.evaluate(() => window.netlifyIdentity.logout());
  await page.waitForFunction(() => window.netlifyIdentity.currentUser() === null);
  log('logout');

  await page.evaluate(() => window.netlifyIdentity.open('login'));
  await modal.locator('input[name=email]').fill(email);
  await modal.locator('input[name=password]').fill(password);
  await modal.locator('button[type=submit]').click();
  await page.waitForFunction(e => window.netlifyIdentity.currentUser()?.email === e, email);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('gotrue.user')));
  if (!stored?.token?.refresh_token) throw new Error('no session in localStorage');
  log('login in the modal');

  // External provider: the modal's GitHub button → the local consent page → back to the
  // page with #access_token=..., which the widget turns into a session.
  await page.evaluate(() => window.netlifyIdentity.logout());
  await page.waitForFunction(() => window.netlifyIdentity.currentUser() === null);
  await page.evaluate(() => window.netlifyIdentity.open('login'));
  await modal.locator('button.providerGitHub').click();
  await page.waitForURL(/\/__dev\/oauth\/consent/);
  const oauthEmail = `octo-${email}`;
  await page.locator('#email').fill(oauthEmail);
  await page.locator('#approve').click();
  await page.waitForFunction(
    e => window.netlifyIdentity?.currentUser()?.email === e, oauthEmail);
  const provider = await page.evaluate(
    () => window.netlifyIdentity.currentUser().app_metadata.provider);
  if (provider !== 'github') throw new Error(`provider ${provider}`);
  log('login with GitHub through the consent page');
  console.log('ALL OK');
} finally {
  await browser.close();
}
