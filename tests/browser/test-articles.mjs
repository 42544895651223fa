// test-articles.mjs — the knowledge base's public pages (/producten) in Debian's Chromium:
// the index and a product page that can be booked render, lead on to booking, and axe-core
// finds no violation at all on them, on a desktop and on a phone-sized screen without
// JavaScript.
import { execFileSync } from 'node:child_process';
import { Server, check, checkAccessible, loadPlaywright } from './lib.mjs';

const CHROMIUM = process.env.LOKET_CHROMIUM || '/usr/bin/chromium';

function log(line) {
  console.log(`# ${line}`);
}

// The demo's articles get addresses where they have none yet (the store gives them one at
// publication; a demo loaded directly may not).
function giveSlugs(server) {
  execFileSync('sqlite3', [server.db, "UPDATE kb_articles SET slug = 'artikel-' || rowid" +
                                      ' WHERE slug IS NULL'], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function getJson(server, path) {
  const response = await fetch(`${server.url}${path}`);
  check(response.ok, `${path} answered ${response.status}`);
  return await response.json();
}

// A product article of a product that can be booked online.
async function bookableArticle(server) {
  const list = await getJson(server, '/v1/public/articles');
  for (const item of list.articles.filter((a) => a.kind === 'product')) {
    const article = await getJson(server, `/v1/public/articles/${encodeURIComponent(item.slug)}`);
    if (article.product && article.product.bookable)
      return article;
  }
  throw new Error('no product article that can be booked');
}

async function visit(page, url, what) {
  const response = await page.goto(url);
  check(response.ok(), `${what}: ${url} answered ${response.status()}`);
  const violations = await checkAccessible(page, what);
  check(violations === 0, `${what}: axe-core found ${violations} violation(s)`);
}

async function main() {
  const { chromium } = await loadPlaywright();
  const server = new Server();
  let browser;
  try {
    await server.start();
    giveSlugs(server);
    const article = await bookableArticle(server);
    const path = `/producten/${encodeURIComponent(article.slug)}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
                                      args: ['--no-sandbox'] });
    const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
    const page = await context.newPage();

    await visit(page, `${server.url}/`, 'start page');
    await page.locator('a[href="/producten"]').first().click();
    await checkAccessible(page, 'products');
    check(await page.locator('h1').count() === 1, 'the index has not one h1');
    check(await page.locator('main h2').count() > 1, 'the index has no groups');
    await visit(page, `${server.url}/producten`, 'products');
    await page.locator(`main a[href="${path}"]`).click();
    check(new URL(page.url()).pathname === path, `the index led to ${page.url()}`);
    await visit(page, page.url(), 'product page');
    check((await page.locator('h1').textContent()).trim() === article.title,
          'the product page has another title');
    check(await page.locator('.article h2').count() > 0, 'the public text has no headings');
    log(`${article.title}: rendered and accessible`);

    // The page leads on to booking that product.
    await page.locator('a.button[href^="/afspraak/locatie"]').click();
    check(new URL(page.url()).pathname === '/afspraak/locatie', `booking led to ${page.url()}`);
    check(await page.locator('ul.choices a').count() > 0, 'no location offers the product');
    log('the product page leads to booking it');

    // A phone without JavaScript; axe-core, a script, checks the same pages on that screen.
    const device = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const small = await (await browser.newContext({ ...device, javaScriptEnabled: false }))
      .newPage();
    const checker = await (await browser.newContext({ ...device, bypassCSP: true })).newPage();
    for (const where of ['/producten', path]) {
      const response = await small.goto(`${server.url}${where}`);
      check(response.ok(), `${where} on a phone without JavaScript: ${response.status()}`);
      await visit(checker, `${server.url}${where}`, `${where} on a phone`);
    }
    const response = await page.goto(`${server.url}/producten/bestaat-niet`);
    check(response.status() === 404, `an unknown article answered ${response.status()}`);
    await checkAccessible(page, 'unknown article (404)');
    log('the pages work on a phone without JavaScript');
  } catch (e) {
    if (server.stderr)
      console.error(server.stderr.split('\n').slice(-30).join('\n'));
    throw e;
  } finally {
    if (browser)
      await browser.close();
    await server.stop();
  }
}

main().then(() => { console.log('ok - the public articles render and are accessible'); },
            (e) => { console.error(`not ok - ${e.stack || e}`); process.exit(1); });
