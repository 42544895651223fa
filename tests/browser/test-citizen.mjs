// test-citizen.mjs — a citizen books, changes and cancels an appointment on the public pages in
// Debian's Chromium; the mails come through a fake sendmail; a desk replica follows each step
// after sync; axe-core checks every page on the way (no serious or critical violations), once
// on a phone-sized screen with JavaScript off.
import { Desk, Server, check, checkAccessible, loadPlaywright } from './lib.mjs';

const CHROMIUM = process.env.LOKET_CHROMIUM || '/usr/bin/chromium';
const EMAIL = `browser-test-${process.pid}@example.org`;
const NAME = 'Saskia <b>de</b> Vries';  // markup in a name must come out as text

function log(line) {
  console.log(`# ${line}`);
}

async function visit(page, url, what) {
  const response = await page.goto(url);
  check(response.ok(), `${what}: ${url} answered ${response.status()}`);
  await checkAccessible(page, what);
}

// Product → location → day → time → details → confirmation, by keyboard-reachable controls.
async function book(page, server) {
  await visit(page, `${server.url}/`, 'start page');
  await page.getByRole('link', { name: /Afspraak maken/ }).first().click();
  await checkAccessible(page, 'products');
  await page.getByLabel(/^Paspoort/).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await checkAccessible(page, 'locations');
  await page.getByRole('link', { name: /Stadhuis/ }).click();
  await checkAccessible(page, 'month');
  let day = page.locator('table.month td a').first();
  if (await day.count() === 0) {
    await page.getByRole('link', { name: /Volgende maand/ }).click();
    day = page.locator('table.month td a').first();
  }
  const dayLabel = await day.getAttribute('aria-label');
  await day.click();
  await checkAccessible(page, 'times');
  const time = page.locator('.times button').first();
  const timeText = (await time.textContent()).trim();
  await time.click();
  await checkAccessible(page, 'details');
  log(`chose ${dayLabel} at ${timeText}`);

  // Empty name: the form comes back with the problem first, the time still held.
  await page.getByLabel('E-mailadres').fill(EMAIL);
  await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
  check(await page.locator('[role=alert]').count() === 1, 'an empty name is not refused');
  await checkAccessible(page, 'details with a problem');

  await page.getByLabel('Naam').fill(NAME);
  await page.getByLabel('E-mailadres').fill(EMAIL);
  await page.getByLabel(/Mobiel telefoonnummer/).fill('06 12345678');
  const reason = page.getByLabel(/Waar gaat het over/);
  if (await reason.count() > 0)
    await reason.fill('Mijn paspoort is verlopen');
  await page.getByRole('button', { name: 'Afspraak bevestigen' }).click();
  await checkAccessible(page, 'appointment made');
  check(await page.getByText('Uw afspraak is gemaakt').count() === 1,
        'no confirmation on the page');
  return { timeText };
}

function manageLink(mail) {
  const match = mail.text.match(/https?:\/\/\S+\/afspraak\/wijzigen\/[A-Za-z0-9_-]+/);
  check(match, `no link to change the appointment in "${mail.subject}":\n${mail.text}`);
  return match[0];
}

function deskAppointment(desk) {
  desk.sync();
  const rows = desk.query(`SELECT a.status, a.start_at, a.channel, c.name, a.case_id
                           FROM appointments a JOIN customers c ON c.id = a.customer_id
                           WHERE c.email = '${EMAIL}'`);
  check(rows.length === 1, `the desk holds ${rows.length} appointments of the citizen`);
  return rows[0];
}

function waitForMail(server, count, what) {
  server.deliver();
  const mails = server.mails().filter((m) => m.to.includes(EMAIL));
  check(mails.length >= count,
        `${what}: ${mails.length} mail(s) to the citizen, expected ${count}`);
  return mails[count - 1];
}

async function main() {
  const { chromium } = await loadPlaywright();
  const server = new Server();
  let browser;
  try {
    await server.start();
    const desk = new Desk(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
                                      args: ['--no-sandbox'] });
    const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
    const page = await context.newPage();

    await book(page, server);
    let mail = waitForMail(server, 1, 'confirmation');
    check(/bevestig/i.test(mail.subject), `the first mail is "${mail.subject}"`);
    check(mail.parts.some((p) => /text\/calendar/i.test(p.type)), 'the confirmation has no .ics');
    const link = manageLink(mail);
    let row = deskAppointment(desk);
    check(row.status === 'booked' && row.channel === 'web', `desk: ${JSON.stringify(row)}`);
    check(row.name === NAME, `desk: the name is ${row.name}`);
    check(row.case_id !== null, 'desk: the booking has no case');
    const firstStart = row.start_at;
    log(`booked ${firstStart}; the desk has it`);

    // Change the time through the link in the mail.
    await visit(page, link, 'appointment');
    await page.getByRole('link', { name: 'Andere tijd kiezen' }).click();
    await checkAccessible(page, 'month (change)');
    let days = page.locator('table.month td a');
    if (await days.count() < 2) {
      await page.getByRole('link', { name: /Volgende maand/ }).click();
      days = page.locator('table.month td a');
    }
    await days.nth(1).click();
    await checkAccessible(page, 'times (change)');
    await page.locator('.times button').last().click();
    await checkAccessible(page, 'move?');
    await page.getByRole('button', { name: 'Afspraak verplaatsen' }).click();
    check(await page.getByText('Uw afspraak is verplaatst').count() === 1, 'not moved');
    mail = waitForMail(server, 2, 'change');
    row = deskAppointment(desk);
    check(row.status === 'booked' && row.start_at !== firstStart,
          `desk after the move: ${JSON.stringify(row)}`);
    log(`moved to ${row.start_at}; the desk has it`);

    // Cancel.
    await page.getByRole('link', { name: 'Afspraak annuleren' }).click();
    await checkAccessible(page, 'cancel?');
    await page.getByRole('button', { name: 'Ja, annuleren' }).click();
    check(await page.getByText('Uw afspraak is geannuleerd').count() === 1, 'not cancelled');
    await checkAccessible(page, 'cancelled');
    mail = waitForMail(server, 3, 'cancellation');
    row = deskAppointment(desk);
    check(row.status === 'cancelled', `desk after cancelling: ${JSON.stringify(row)}`);
    log('cancelled; the desk has it');

    // The pages that say something went wrong: a broken link, a hold that went, a forged
    // survey link, weeks that cannot be shown.
    const problems = [['/afspraak/onbekend', 404], ['/afspraak/gegevens/verlopen', 410],
                      ['/tevredenheid/vervalst', 404], ['/zalen?vanaf=gisteren', 400]];
    for (const [path, status] of problems) {
      const response = await page.goto(`${server.url}${path}`);
      check(response.status() === status, `${path} answered ${response.status()}, not ${status}`);
      await checkAccessible(page, `${path} (${status})`);
    }
    log('the problem pages are accessible');

    // A phone: with JavaScript off the pages still show availability (they have no script);
    // axe-core, which is a script, checks the same pages on a phone-sized screen.
    const device = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const phone = await browser.newContext({ ...device, javaScriptEnabled: false });
    const small = await phone.newPage();
    const checker = await (await browser.newContext({ ...device, bypassCSP: true })).newPage();
    for (const path of ['/', '/afspraak', '/zalen', '/zaak']) {
      const response = await small.goto(`${server.url}${path}`);
      check(response.ok(), `${path} on a phone without JavaScript: ${response.status()}`);
      await visit(checker, `${server.url}${path}`, `${path} on a phone`);
    }
    await small.goto(`${server.url}/afspraak`);
    await small.getByLabel(/^Rijbewijs/).check();
    await small.getByRole('button', { name: 'Volgende' }).click();
    await small.locator('ul.choices a').first().click();
    check(await small.locator('table.month').count() === 1, 'no month on a phone without JS');
    check(await small.locator('table.month td a').count() > 0, 'no free day on a phone without JS');
    await visit(checker, small.url(), 'month on a phone');
    await small.locator('table.month td a').first().click();
    check(await small.locator('.times button').count() > 0, 'no free times on a phone without JS');
    await visit(checker, small.url(), 'times on a phone');
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

main().then(() => { console.log('ok - citizen books, changes and cancels'); },
            (e) => { console.error(`not ok - ${e.stack || e}`); process.exit(1); });
