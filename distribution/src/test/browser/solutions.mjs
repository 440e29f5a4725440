// The shared solutions' pages as commune staff use them, in a real browser (Debian's Chromium
// driven by playwright-core), one solution per run: `node solutions.mjs courrier`. The clerk works
// with the keyboard alone, in the platform's frame, in the language chosen in the console (French
// here, although the browser asks for English); each result is checked on the page and through the
// module's JSON API. Then the module is swapped to 1.1.0 while its page is open (every answer
// during the swap is a page, never an error), the clerk goes on with 1.1.0's features, and the
// module is rolled back: 1.0.0's pages show what was written under 1.1.0. A viewer sees everything
// and changes nothing. Every page is shown in French, English and German: no text key left, an
// axe-core WCAG 2.1 A/AA scan with no violation, a screenshot SCREENSHOTS_DIR/<solution>-<page>-<lang>.png.
//
// Input (environment): HOST_URL (http://127.0.0.1:PORT), ADMIN_PASSWORD, VIEWER_USER,
// VIEWER_PASSWORD, SCREENSHOTS_DIR. The module runs 1.0.0 and 1.1.0 is published. Exit code 0
// only when every check passed.

import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { CheckFailed, check, expectElement, recorder, required, textOf } from './lib.mjs';

const HOST = new URL(required('HOST_URL'));
const ADMIN_PASSWORD = required('ADMIN_PASSWORD');
const VIEWER_USER = required('VIEWER_USER');
const VIEWER_PASSWORD = required('VIEWER_PASSWORD');
const SHOTS = path.resolve(required('SCREENSHOTS_DIR'));
const LANGUAGES = ['fr', 'en', 'de'];
const FINAL = ['succeeded', 'failed', 'rolled_back', 'interrupted'];
// A module's text key shown instead of its text.
const KEY = /\b(nav|page|label|button|column|done|due|late|heading|link|search|table|status|direction|field|error|hint|form|frame)\.[a-z_]+\b/;

const failures = [];
const record = recorder(SHOTS, failures);

/** Today plus `days`, as a French-speaking Belgian writes it: 29/11/2026. */
function belgianDate(days) {
  const day = new Date(Date.now() + days * 86_400_000);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(day.getDate())}/${two(day.getMonth() + 1)}/${day.getFullYear()}`;
}

/**
 * The host's JSON API as a program calls it (HTTP Basic, as the administrator), with node:http:
 * Node's fetch sends Fetch Metadata as a browser's script would, which the host refuses on /api.
 */
function api(method, where, body) {
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(where, HOST), {
      method,
      headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
        Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) },
    }, (answer) => {
      const chunks = [];
      answer.on('data', (c) => chunks.push(c));
      answer.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: the caller's check says so
        }
        resolve({ status: answer.statusCode, json, text });
      });
    });
    request.on('error', reject);
    request.end(payload ?? undefined);
  });
}

/** Starts `action` (update, rollback) of `module` through the host's API; the operation's final state. */
async function operate(module, action, body) {
  const started = await api('POST', `/api/host/modules/${module}/${action}`, body);
  check(started.status === 202, `${action} of ${module}: HTTP ${started.status} ${started.text}`);
  const id = started.json.operation.id;
  for (let i = 0; i < 360; i += 1) {
    const seen = await api('GET', `/api/host/operations/${id}`);
    const state = seen.json?.state ?? seen.json?.operation?.state;
    if (FINAL.includes(state)) {
      return { state, json: seen.json };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new CheckFailed(`${action} of ${module}: operation ${id} not final after 180 s`);
}

/**
 * Presses Tab until `selector` has the focus (at most 80 times): what a person without a mouse
 * does to reach a link, a field or a button.
 */
async function tabTo(page, selector, what) {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      return;
    }
  }
  throw new CheckFailed(`${what}: Tab never reached ${selector} on ${page.url()}`);
}

/** Tabs to a text field, selects what it holds and types `text` over it. */
async function typeInto(page, selector, text, what) {
  await tabTo(page, selector, what);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Presses Enter on what has the focus and waits for the page it leads to. */
async function enter(page, where, what) {
  await Promise.all([page.waitForNavigation({ timeout: 30_000 }).catch(() => null), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
  check(where(new URL(page.url())), `${what}: Enter led to ${page.url()}`);
}

/** The frame every staff page of a module has: the console's header and navigation, the module's own. */
async function checkFrame(page, module, current) {
  const frame = await page.evaluate((m) => {
    const focusable = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea');
    const own = document.querySelector('nav.module-menu');
    return {
      lang: document.documentElement.lang,
      skipFirst: focusable?.matches('a.skip-link[href="#main"]') ?? false,
      header: document.querySelector('header.top .instance')?.textContent ?? null,
      console: [...document.querySelectorAll('nav.menu:not(.module-menu) a')].map((a) => a.getAttribute('href')),
      moduleEntry: document.querySelector(`nav.menu a[data-module="${m}"]`)?.getAttribute('aria-current') ?? null,
      own: own ? [...own.querySelectorAll('a')].map((a) => a.getAttribute('href')) : [],
      current: own ? [...own.querySelectorAll('a[aria-current="page"]')].map((a) => a.getAttribute('href')) : [],
      logout: document.querySelector('form#logout-form[action="/console/logout"]') !== null,
      style: document.querySelector('link[rel=stylesheet][href="/console/static/console.css"]') !== null,
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main#main').length,
    };
  }, module);
  const where = page.url();
  check(frame.skipFirst, `${where}: the skip link is not the first thing the keyboard reaches`);
  check(frame.header !== null, `${where}: no header.top with the instance's name`);
  check(frame.console.includes('/console/') && frame.console.includes('/console/modules'),
    `${where}: the console's navigation is missing: ${frame.console}`);
  check(frame.moduleEntry === 'true', `${where}: the module's entry in the navigation is not marked current`);
  check(frame.own.includes(`/modules/${module}/`), `${where}: the module's own navigation lacks its home: ${frame.own}`);
  if (current) {
    check(frame.current.length === 1 && frame.current[0] === current,
      `${where}: aria-current="page" should be on ${current}, is on ${frame.current}`);
  }
  check(frame.logout && frame.style && frame.h1 === 1 && frame.main === 1,
    `${where}: log-out ${frame.logout}, style sheet ${frame.style}, ${frame.h1} h1, ${frame.main} main#main`);
  return frame;
}

/** Each page in each language: its language, no text key, a scan and a screenshot. */
async function everyLanguage(page, solution, pages) {
  for (const lang of LANGUAGES) {
    for (const [name, where, before] of pages) {
      const address = new URL(where, HOST);
      address.searchParams.set('lang', lang);
      const answer = await page.goto(address.href);
      check(answer && answer.status() === 200, `${where} in ${lang}: HTTP ${answer?.status()}`);
      if (before) {
        await before(page);
      }
      check(await page.locator(`html[lang="${lang}"]`).count() === 1, `${where} in ${lang} is not <html lang="${lang}">`);
      const text = await page.locator('body').innerText();
      check(!KEY.test(text), `${where} in ${lang} shows a text key: ${(text.match(KEY) || [''])[0]}`);
      await record(page, `${solution}-${name}-${lang}`, { file: `${solution}-${name}-${lang}.png` });
    }
  }
  // Back to French, the language the scenarios read.
  await page.goto(new URL('/console/?lang=fr', HOST).href);
}

/** Logs in with the keyboard alone, then chooses French in the console. */
async function logIn(page, user, password) {
  await page.goto(new URL('/console/login', HOST).href);
  await tabTo(page, 'input#username', 'log-in');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await enter(page, (u) => u.pathname.startsWith('/console/'), `log-in of ${user}`);
  check(!u(page).pathname.startsWith('/console/login'), `log-in of ${user} failed: ${page.url()}`);
  if (await page.locator('html[lang="fr"]').count() === 0) {
    await tabTo(page, 'header a[hreflang="fr"]', 'the console\'s language switch');
    await enter(page, (x) => x.pathname.startsWith('/console/'), 'French in the console');
  }
}

const u = (page) => new URL(page.url());

/** The answers the browser got during `steps`, and the script errors it saw. */
async function watching(page, steps) {
  const seen = [];
  const onResponse = (r) => seen.push(`${r.status()} ${new URL(r.url()).pathname}`);
  const onError = (e) => seen.push(`script error ${e.message}`);
  page.on('response', onResponse);
  page.on('pageerror', onError);
  try {
    await steps();
  } finally {
    page.off('response', onResponse);
    page.off('pageerror', onError);
  }
  return seen;
}

async function courrier(browser) {
  // The browser asks for English; the clerk chose French in the console: the module speaks French.
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await tabTo(page, 'nav.menu a[data-module="courrier"]', 'the console\'s entry of the mail registry');
    await enter(page, (x) => x.pathname === '/modules/courrier/', 'the mail registry from the console');
    await checkFrame(page, 'courrier', '/modules/courrier/');
    check((await page.locator('html').getAttribute('lang')) === 'fr', `the registry is not in French: ${page.url()}`);
    await record(page, 'courrier-1.0-register');

    // Register a letter: first with mistakes, which the page names next to their fields.
    await tabTo(page, 'nav.module-menu a[href="/modules/courrier/new"]', 'the link to the registration form');
    await enter(page, (x) => x.pathname === '/modules/courrier/new', 'the registration form');
    await checkFrame(page, 'courrier', '/modules/courrier/new');
    await typeInto(page, '#register-correspondent', 'Service public de Wallonie', 'correspondent');
    await typeInto(page, '#register-date', belgianDate(400), 'date');
    await tabTo(page, 'form#register button[type=submit]', 'the register button');
    await enter(page, (x) => x.pathname === '/modules/courrier/mails', 'the refused registration');
    const summary = await textOf(page, '.error-summary[role=alert]', 'the summary of problems');
    check(summary.includes("indiquez l'objet") && summary.includes('la date ne peut pas être dans le futur'),
      `the summary does not name the missing subject and the future date: ${summary}`);
    check(await page.locator('#register-subject[aria-invalid="true"][aria-describedby~="register-subject-error"]').count() === 1,
      'the subject field is not marked invalid and tied to its message');
    check((await page.locator('#register-correspondent').inputValue()) === 'Service public de Wallonie',
      'what the clerk typed is lost after the refusal');
    await record(page, 'courrier-1.0-register-refused');
    await typeInto(page, '#register-subject', 'Demande de subside « fête des voisins »', 'subject');
    await typeInto(page, '#register-date', belgianDate(0), 'date');
    await typeInto(page, '#register-service', 'Finances', 'service');
    await tabTo(page, 'form#register button[type=submit]', 'the register button');
    await enter(page, (x) => /^\/modules\/courrier\/mails\/\d{4}-\d{4}$/.test(x.pathname), 'the registration');
    const reference = u(page).pathname.split('/').pop();
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Courrier enregistré'),
      'no confirmation after the registration');
    check((await page.locator('main').innerText()).includes(belgianDate(0)), 'the letter\'s date is not shown as dd/mm/yyyy');
    let letter = await api('GET', `/modules/courrier/api/mails/${reference}`);
    check(letter.status === 200 && letter.json.subject === 'Demande de subside « fête des voisins »'
      && letter.json.service === 'Finances' && letter.json.status === 'enregistre' && letter.json.registeredBy === 'admin',
      `the API does not show the letter as registered: ${letter.text}`);

    // Assign it to another service.
    await typeInto(page, '#move-service', 'Travaux', 'the new service');
    await enter(page, (x) => x.pathname === `/modules/courrier/mails/${reference}`, 'the follow-up');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Suivi mis à jour'),
      'no confirmation after the follow-up');
    letter = await api('GET', `/modules/courrier/api/mails/${reference}`);
    check(letter.json.status === 'attribue' && letter.json.service === 'Travaux',
      `the API does not show the letter assigned to Travaux: ${letter.text}`);
    await record(page, 'courrier-1.0-letter');

    // Find it again.
    await tabTo(page, 'nav.module-menu a[href="/modules/courrier/"]', 'the register');
    await enter(page, (x) => x.pathname === '/modules/courrier/', 'the register');
    await typeInto(page, '#q', 'subside', 'the search');
    await enter(page, (x) => x.searchParams.get('q') === 'subside', 'the search');
    check(await page.locator(`table a[href="/modules/courrier/mails/${reference}"]`).count() === 1,
      `the search for "subside" does not list ${reference}`);

    await everyLanguage(page, 'courrier', [
      ['1.0-register', '/modules/courrier/'],
      ['1.0-new', '/modules/courrier/new'],
      ['1.0-new-refused', '/modules/courrier/new', async (p) => {
        await Promise.all([p.waitForNavigation(), p.locator('form#register button[type=submit]').click()]);
      }],
      ['1.0-letter', `/modules/courrier/mails/${reference}`],
    ]);

    // 1.1.0 arrives while the letter's page is open: the clerk keeps working through the swap.
    await page.goto(new URL(`/modules/courrier/mails/${reference}`, HOST).href);
    let swapped;
    const during = await watching(page, async () => {
      const update = operate('courrier', 'update', { version: '1.1.0' });
      let done = false;
      update.then(() => { done = true; }, () => { done = true; });
      while (!done) {
        await page.reload();
      }
      swapped = await update;
      await page.reload();
    });
    check(swapped.state === 'succeeded', `the update to 1.1.0 ended ${swapped.state}`);
    const bad = during.filter((line) => !/^(200|304) /.test(line));
    check(bad.length === 0, `answers during the swap that were not the page: ${bad.join(', ')}`);
    console.log(`  courrier: ${during.length} answers during the swap to 1.1.0, all pages`);

    // 1.1.0: a due date, and the list of late letters.
    await expectElement(page, 'form#due #due-dueOn', 'the due date form of 1.1.0');
    await checkFrame(page, 'courrier', null);
    await typeInto(page, '#due-dueOn', belgianDate(-3), 'the due date');
    await enter(page, (x) => x.pathname === `/modules/courrier/mails/${reference}`, 'the due date');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Échéance enregistrée'),
      'no confirmation after the due date');
    check((await page.locator('main').innerText()).includes(`En retard : à traiter pour le ${belgianDate(-3)}`),
      'the letter is not said late');
    await tabTo(page, 'nav.module-menu a[href="/modules/courrier/late"]', 'the late letters');
    await enter(page, (x) => x.pathname === '/modules/courrier/late', 'the late letters');
    check(await page.locator(`table a[href="/modules/courrier/mails/${reference}"]`).count() === 1,
      `${reference} is not among the late letters`);
    const overdue = await api('GET', '/modules/courrier/api/overdue');
    check(overdue.json.mails.some((m) => m.reference === reference), `the API's overdue list lacks ${reference}`);

    // A second letter registered under 1.1.0.
    await tabTo(page, 'nav.module-menu a[href="/modules/courrier/new"]', 'the registration form');
    await enter(page, (x) => x.pathname === '/modules/courrier/new', 'the registration form');
    await tabTo(page, '#register-direction', 'direction');
    await page.keyboard.press('ArrowDown');
    await typeInto(page, '#register-correspondent', 'Province de Liège', 'correspondent');
    await typeInto(page, '#register-subject', 'Réponse au courrier du 12 mai', 'subject');
    await typeInto(page, '#register-service', 'Secrétariat', 'service');
    await tabTo(page, 'form#register button[type=submit]', 'the register button');
    await enter(page, (x) => /^\/modules\/courrier\/mails\/\d{4}-\d{4}$/.test(x.pathname), 'the second registration');
    const second = u(page).pathname.split('/').pop();
    letter = await api('GET', `/modules/courrier/api/mails/${second}`);
    check(letter.json.direction === 'sortant', `the second letter is not outgoing: ${letter.text}`);
    await everyLanguage(page, 'courrier', [
      ['1.1-letter', `/modules/courrier/mails/${reference}`],
      ['1.1-late', '/modules/courrier/late'],
      ['1.1-new', '/modules/courrier/new'],
    ]);

    // Rolled back: 1.0.0 shows both letters, the one written under 1.1.0 too.
    const back = await operate('courrier', 'rollback', {});
    check(back.state === 'succeeded', `the rollback ended ${back.state}`);
    const after = await page.goto(new URL('/modules/courrier/', HOST).href);
    check(after.status() === 200, `the register after the rollback: HTTP ${after.status()}`);
    for (const ref of [reference, second]) {
      check(await page.locator(`table a[href="/modules/courrier/mails/${ref}"]`).count() === 1,
        `1.0.0's register does not list ${ref} after the rollback`);
    }
    check(await page.locator('nav.module-menu a[href="/modules/courrier/late"]').count() === 0,
      '1.0.0 still lists the late letters after the rollback');
    await page.goto(new URL(`/modules/courrier/mails/${second}`, HOST).href);
    check((await page.locator('main').innerText()).includes('Réponse au courrier du 12 mai'),
      '1.0.0 does not show the letter registered under 1.1.0');
    await record(page, 'courrier-rolled-back-letter');
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, 'failure-courrier.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
  await courrierViewer(browser);
}

/** A viewer reads the register and changes nothing, even with a form forged in its own session. */
async function courrierViewer(browser) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await logIn(page, VIEWER_USER, VIEWER_PASSWORD);
    const before = (await api('GET', '/modules/courrier/api/mails')).json.mails.length;
    await page.goto(new URL('/modules/courrier/', HOST).href);
    const first = page.locator('table a[href^="/modules/courrier/mails/"]').first();
    const href = await first.getAttribute('href');
    await page.goto(new URL(href, HOST).href);
    check(await page.locator('main form[method=post]').count() === 0, `the viewer is offered a form on ${href}`);
    await checkFrame(page, 'courrier', null);
    await page.goto(new URL('/modules/courrier/new', HOST).href);
    check(await page.locator('main form').count() === 0
      && (await page.locator('main').innerText()).includes('pas le modifier'), 'the viewer\'s registration page does not say it is read-only');
    await record(page, 'courrier-viewer-new');
    // The session's token for modules' forms is in the log-out form: a forged post with it is still refused.
    const forged = await page.evaluate(async () => {
      const token = document.querySelector('#logout-form input[name=csrf]').value;
      const body = new URLSearchParams({ csrf: token, direction: 'entrant', correspondent: 'X', subject: 'forgé',
        date: '01/01/2026', service: 'X' });
      const answer = await fetch('/modules/courrier/mails', { method: 'POST', body });
      return answer.status;
    });
    check(forged === 403, `a viewer's forged registration answered ${forged}`);
    const after = (await api('GET', '/modules/courrier/api/mails')).json.mails.length;
    check(after === before, `the viewer's forged registration changed the register: ${before} -> ${after}`);
  } finally {
    await context.close();
  }
}

async function main() {
  const solution = process.argv[2];
  const scenarios = { courrier };
  if (!scenarios[solution]) {
    console.error(`solutions.mjs: name one of ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  await mkdir(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`Chromium ${browser.version()} on ${HOST.href}: ${solution}; screenshots in ${SHOTS}`);
  try {
    await scenarios[solution](browser);
  } catch (e) {
    failures.push(`${solution}: ${e instanceof CheckFailed ? e.message : e.stack}`);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`\nsolutions.mjs ${solution}: ${failures.length} problem(s):`);
    failures.forEach((f, i) => console.log(`${i + 1}. ${f}`));
    process.exit(1);
  }
  console.log(`solutions.mjs ${solution}: every check passed`);
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
