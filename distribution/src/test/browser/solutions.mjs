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
  // The language chosen last on a module's page is the console's too (staff pages only: citizens have no console).
  if (await page.locator('#logout-form').count()) {
    await page.goto(new URL('/console/', HOST).href);
    check(await page.locator('html[lang="de"]').count() === 1, 'German chosen on a module\'s page is not the console\'s language');
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

/**
 * Updates `module` to 1.1.0 while `where` is open in `page`, reloading it all along: every answer
 * the browser gets during the swap is the page, never an error; then the page as 1.1.0 shows it.
 */
async function swapWhileOpen(page, module, where) {
  await page.goto(new URL(where, HOST).href);
  let swapped;
  const during = await watching(page, async () => {
    const update = operate(module, 'update', { version: '1.1.0' });
    let done = false;
    update.then(() => { done = true; }, () => { done = true; });
    while (!done) {
      await page.reload();
    }
    swapped = await update;
    await page.reload();
  });
  check(swapped.state === 'succeeded', `the update of ${module} to 1.1.0 ended ${swapped.state}`);
  const bad = during.filter((line) => !/^(200|304) /.test(line));
  check(bad.length === 0, `answers during the swap of ${module} that were not the page: ${bad.join(', ')}`);
  console.log(`  ${module}: ${during.length} answers during the swap to 1.1.0, all pages`);
}

/** Rolls `module` back to the release it ran before, through the host's API. */
async function rollBack(module) {
  const back = await operate(module, 'rollback', {});
  check(back.state === 'succeeded', `the rollback of ${module} ended ${back.state}`);
}

/** Presses Tab to the submit button of form#`form` and Enter: the form is sent as a keyboard user sends it. */
async function submit(page, form, where, what) {
  await tabTo(page, `form#${form} button[type=submit]`, what);
  await enter(page, where, what);
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
    check((await page.title()).startsWith('Erreur : Enregistrer un courrier'), `the title does not say the form was refused: ${await page.title()}`);
    check(await page.evaluate(() => document.activeElement?.matches('.error-summary') ?? false),
      'the keyboard does not start at the summary of problems');
    await record(page, 'courrier-1.0-register-refused');
    await typeInto(page, '#register-subject', 'Demande de subside « fête des voisins »', 'subject');
    await typeInto(page, '#register-date', belgianDate(-10), 'date');
    await typeInto(page, '#register-service', 'Finances', 'service');
    await tabTo(page, 'form#register button[type=submit]', 'the register button');
    await enter(page, (x) => /^\/modules\/courrier\/mails\/\d{4}-\d{4}$/.test(x.pathname), 'the registration');
    const reference = u(page).pathname.split('/').pop();
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Courrier enregistré'),
      'no confirmation after the registration');
    check((await page.locator('main').innerText()).includes(belgianDate(-10)), 'the letter\'s date is not shown as dd/mm/yyyy');
    check((await page.title()).startsWith('Courrier enregistré. — Courrier '), `the title does not say the letter was registered: ${await page.title()}`);
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
    await swapWhileOpen(page, 'courrier', `/modules/courrier/mails/${reference}`);

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
      ['1.1-register', '/modules/courrier/?q=courrier'],
    ]);

    // Rolled back: 1.0.0 shows both letters, the one written under 1.1.0 too.
    await rollBack('courrier');
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
  const letters = async () => (await api('GET', '/modules/courrier/api/mails')).json.mails.length;
  const first = (await api('GET', '/modules/courrier/api/mails')).json.mails[0].reference;
  await viewer(browser, 'courrier', { visit: ['/modules/courrier/', `/modules/courrier/mails/${first}`],
    readOnly: ['/modules/courrier/new'], saying: 'pas le modifier', count: letters,
    forge: ['/modules/courrier/mails', { direction: 'entrant', correspondent: 'X', subject: 'forgé', date: '01/01/2026',
      service: 'X' }] });
}

/**
 * A viewer reads `module`'s pages and changes nothing: `visit` (addresses) show no form that
 * changes anything, the pages of `readOnly` say in words (`saying`) that the account is read-only,
 * and a form forged in the viewer's own session, with the token its page holds (`forge`: address
 * and fields), is refused with nothing changed (`count` says how many records there are).
 */
async function viewer(browser, module, { visit, readOnly, saying, forge, count }) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await logIn(page, VIEWER_USER, VIEWER_PASSWORD);
    const before = await count();
    for (const where of visit) {
      const answer = await page.goto(new URL(where, HOST).href);
      check(answer.status() === 200, `the viewer's ${where}: HTTP ${answer.status()}`);
      check(await page.locator('main form[method=post]').count() === 0, `the viewer is offered a form on ${where}`);
      await checkFrame(page, module, null);
    }
    for (const where of readOnly) {
      await page.goto(new URL(where, HOST).href);
      check(await page.locator('main form').count() === 0 && (await page.locator('main').innerText()).includes(saying),
        `the viewer's ${where} does not say it is read-only`);
      await record(page, `${module}-viewer-${where.split('/').pop() || 'home'}`);
    }
    // A form forged in the viewer's own page, posted as a browser posts a form (a navigation), with
    // the only token the page holds (the log-out one): refused before the module, in words.
    const [answer] = await Promise.all([page.waitForNavigation(), page.evaluate(([where, fields]) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = where;
      const all = { csrf: document.querySelector('#logout-form input[name=csrf]').value, ...fields };
      for (const [name, value] of Object.entries(all)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, forge)]);
    check(answer.status() === 403 && (await page.locator('main').innerText()).includes('Rien n\'a été changé'),
      `a viewer's forged form to ${forge[0]} answered ${answer.status()}: ${await page.locator('body').innerText()}`);
    await record(page, `${module}-viewer-refused`);
    const after = await count();
    check(after === before, `the viewer's forged post changed ${module}: ${before} -> ${after}`);
  } finally {
    await context.close();
  }
}

/** The rows of the agenda table, in order: each item's title. */
async function agendaTitles(page) {
  return (await page.locator('main table tbody tr th[scope=row] a').allTextContents()).map((t) => t.trim());
}

async function conseil(browser) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await tabTo(page, 'nav.menu a[data-module="conseil"]', 'the console\'s entry of the council');
    await enter(page, (x) => x.pathname === '/modules/conseil/', 'the council from the console');
    await checkFrame(page, 'conseil', '/modules/conseil/');
    check((await page.locator('html').getAttribute('lang')) === 'fr', `the council is not in French: ${page.url()}`);

    // Plan a meeting, first with a date that does not exist and no place.
    await tabTo(page, 'nav.module-menu a[href="/modules/conseil/plan"]', 'the link to plan a meeting');
    await enter(page, (x) => x.pathname === '/modules/conseil/plan', 'the planning form');
    await checkFrame(page, 'conseil', '/modules/conseil/plan');
    await typeInto(page, '#plan-heldAt', '31/02/2027 20:00', 'the date and time');
    await submit(page, 'plan', (x) => x.pathname === '/modules/conseil/meetings', 'the refused planning');
    const summary = await textOf(page, '.error-summary[role=alert]', 'the summary of problems');
    check(summary.includes('date et heure attendues') && summary.includes('indiquez le lieu'),
      `the summary does not name the impossible date and the missing place: ${summary}`);
    await record(page, 'conseil-1.0-plan-refused');
    // Sitting since midnight today: on the citizens' agenda, and its decisions public once taken.
    const when = `${belgianDate(0)} 00:00`;
    await typeInto(page, '#plan-heldAt', when, 'the date and time');
    await typeInto(page, '#plan-place', 'Salle du conseil, Hôtel de ville', 'the place');
    await submit(page, 'plan', (x) => /^\/modules\/conseil\/meetings\/\d+$/.test(x.pathname), 'the planning');
    const meeting = u(page).pathname.split('/').pop();
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Séance planifiée'),
      'no confirmation after the planning');

    // Its agenda: an empty title refused, then three items, one behind closed doors.
    await submit(page, 'item', (x) => x.pathname === `/modules/conseil/meetings/${meeting}/items`, 'an empty item');
    check((await textOf(page, '.error-summary[role=alert]', 'the summary')).includes("indiquez l'intitulé du point"),
      'an item without a title is not refused in words');
    for (const [title, closed] of [['Budget 2027', false], ['Personnel : nomination d\'un agent', true],
      ['Travaux de voirie rue Haute', false]]) {
      await typeInto(page, '#item-title', title, 'the item\'s title');
      if (closed) {
        await tabTo(page, '#item-closed', 'the closed-doors box');
        await page.keyboard.press('Space');
      }
      await submit(page, 'item', (x) => x.pathname === `/modules/conseil/meetings/${meeting}`, `adding ${title}`);
      check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Point ajouté'),
        `no confirmation after adding ${title}`);
    }
    let agenda = (await api('GET', `/modules/conseil/api/meetings/${meeting}`)).json;
    const roads = agenda.agenda.find((i) => i.title.startsWith('Travaux'));
    check(agenda.agenda.length === 3 && agenda.agenda.filter((i) => i.public === false).length === 1,
      `the API does not show three items, one closed: ${JSON.stringify(agenda)}`);
    // The roads move up above the closed item.
    await tabTo(page, `form#up-${roads.id} button`, 'the button that moves the roads up');
    await enter(page, (x) => x.pathname === `/modules/conseil/meetings/${meeting}`, 'moving up');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Ordre du jour mis à jour'),
      'no confirmation after moving an item');
    const order = await agendaTitles(page);
    check(order[1].startsWith('Travaux') && order[2].startsWith('Personnel'), `the agenda's order on the page: ${order}`);
    agenda = (await api('GET', `/modules/conseil/api/meetings/${meeting}`)).json;
    check(agenda.agenda.map((i) => i.title)[1].startsWith('Travaux'), `the API's order: ${JSON.stringify(agenda.agenda)}`);
    await record(page, 'conseil-1.0-meeting');

    // The budget's decision.
    const budget = agenda.agenda.find((i) => i.title === 'Budget 2027');
    await tabTo(page, `main table a[href="/modules/conseil/meetings/${meeting}/items/${budget.id}"]`, 'the budget item');
    await enter(page, (x) => x.pathname === `/modules/conseil/meetings/${meeting}/items/${budget.id}`, 'the budget item');
    await tabTo(page, '#decision-decision', 'the decision');
    await page.keyboard.type('Le budget 2027 est approuvé.');
    await submit(page, 'decision', (x) => x.pathname === `/modules/conseil/meetings/${meeting}/items/${budget.id}`,
      'the decision');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Décision enregistrée'),
      'no confirmation after the decision');
    agenda = (await api('GET', `/modules/conseil/api/meetings/${meeting}`)).json;
    check(agenda.agenda.find((i) => i.id === budget.id).decision === 'Le budget 2027 est approuvé.',
      `the API does not show the decision: ${JSON.stringify(agenda.agenda)}`);
    const item = `/modules/conseil/meetings/${meeting}/items/${budget.id}`;

    await everyLanguage(page, 'conseil', [
      ['1.0-meetings', '/modules/conseil/'],
      ['1.0-plan', '/modules/conseil/plan'],
      ['1.0-plan-refused', '/modules/conseil/plan', async (p) => {
        await Promise.all([p.waitForNavigation(), p.locator('form#plan button[type=submit]').click()]);
      }],
      ['1.0-meeting', `/modules/conseil/meetings/${meeting}`],
      ['1.0-item', item],
    ]);

    // Citizens' pages of 1.0.0, read without logging in.
    const before = await browser.newContext({ bypassCSP: true, locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
    try {
      await everyLanguage(await before.newPage(), 'conseil', [
        ['1.0-public-agenda', '/modules/conseil/public/'],
        ['1.0-public-decisions', '/modules/conseil/public/decisions'],
      ]);
    } finally {
      await before.close();
    }

    // 1.1.0 arrives while the item's page is open; its votes are recorded.
    await swapWhileOpen(page, 'conseil', item);
    await expectElement(page, 'form#vote #vote-for', 'the vote form of 1.1.0');
    await checkFrame(page, 'conseil', null);
    for (const field of ['for', 'against', 'abstained']) {
      await typeInto(page, `#vote-${field}`, '0', field);
    }
    await enter(page, (x) => x.pathname === `${item}/vote`, 'a vote of nobody');
    check((await textOf(page, '.error-summary[role=alert]', 'the summary')).includes('au moins un vote'),
      'a vote of nobody is not refused in words');
    await page.goto(new URL(item, HOST).href);
    for (const [field, count] of [['for', '15'], ['against', '3'], ['abstained', '1']]) {
      await typeInto(page, `#vote-${field}`, count, field);
    }
    await enter(page, (x) => x.pathname === item, 'the vote');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Vote enregistré'),
      'no confirmation after the vote');
    check((await page.locator('main').innerText()).includes('15 pour, 3 contre, 1 abstention(s)'), 'the votes are not shown');

    // Citizens see the public items and decisions, never the closed one, without staff's frame.
    const citizen = await browser.newContext({ bypassCSP: true, locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
    const open = await citizen.newPage();
    try {
      for (const where of ['/modules/conseil/public/', '/modules/conseil/public/decisions']) {
        const answer = await open.goto(new URL(where, HOST).href);
        check(answer.status() === 200, `${where} for citizens: HTTP ${answer.status()}`);
        const text = await open.locator('body').innerText();
        check(!text.includes('Personnel'), `${where} shows the closed-door item`);
        check(await open.locator('#logout-form, nav a[data-module]').count() === 0, `${where} has staff's frame`);
        check(await open.locator('a.skip-link[href="#main"]').count() === 1 && await open.locator('header a[hreflang]').count() === 2,
          `${where} lacks the skip link or the language switch`);
      }
      await open.goto(new URL('/modules/conseil/public/', HOST).href);
      check((await open.locator('main').innerText()).includes('Travaux de voirie rue Haute'), 'the public agenda lacks the roads');
      await open.goto(new URL('/modules/conseil/public/decisions', HOST).href);
      const decided = await open.locator('main').innerText();
      check(decided.includes('Le budget 2027 est approuvé.') && /15\s+3\s+1/.test(decided.replace(/\t/g, ' ')),
        `the public decisions lack the budget's decision and its votes: ${decided}`);
      await everyLanguage(open, 'conseil', [
        ['1.1-public-agenda', '/modules/conseil/public/'],
        ['1.1-public-decisions', '/modules/conseil/public/decisions'],
      ]);
    } finally {
      await citizen.close();
    }
    await everyLanguage(page, 'conseil', [
      ['1.1-item', item],
      ['1.1-vote-refused', item, async (p) => {
        for (const field of ['for', 'against', 'abstained']) {
          await p.locator(`#vote-${field}`).fill('0');
        }
        await Promise.all([p.waitForNavigation(), p.locator('form#vote button[type=submit]').click()]);
      }],
      ['1.1-meetings', '/modules/conseil/'],
      ['1.1-meeting', `/modules/conseil/meetings/${meeting}`],
      ['1.1-plan', '/modules/conseil/plan'],
    ]);

    // Rolled back: 1.0.0 shows the meeting, its order and the decision taken under 1.1.0's pages.
    await rollBack('conseil');
    await page.goto(new URL(`/modules/conseil/meetings/${meeting}`, HOST).href);
    const kept = await agendaTitles(page);
    check(kept.length === 3 && kept[1].startsWith('Travaux'), `1.0.0's agenda after the rollback: ${kept}`);
    await page.goto(new URL('/modules/conseil/public/decisions', HOST).href);
    check((await page.locator('main').innerText()).includes('Le budget 2027 est approuvé.'),
      '1.0.0\'s public decisions lack the decision after the rollback');
    await record(page, 'conseil-rolled-back-decisions');
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, 'failure-conseil.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
  const meetings = async () => (await api('GET', '/modules/conseil/api/meetings')).json.meetings.length;
  const last = (await api('GET', '/modules/conseil/api/meetings')).json.meetings.at(-1);
  const detail = (await api('GET', `/modules/conseil/api/meetings/${last.id}`)).json;
  await viewer(browser, 'conseil', { visit: ['/modules/conseil/', `/modules/conseil/meetings/${last.id}`,
    `/modules/conseil/meetings/${last.id}/items/${detail.agenda[0].id}`],
  readOnly: ['/modules/conseil/plan'], saying: 'pas les modifier', count: meetings,
  forge: ['/modules/conseil/meetings', { title: 'forgé', heldAt: '01/01/2027 20:00', place: 'X' }] });
}

async function salles(browser) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const day = belgianDate(2);
  try {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await tabTo(page, 'nav.menu a[data-module="salles"]', 'the console\'s entry of the room booking');
    await enter(page, (x) => x.pathname === '/modules/salles/', 'the room booking from the console');
    await checkFrame(page, 'salles', '/modules/salles/');
    check((await page.locator('main').innerText()).includes('Les salles se réservent de 07:00 à 23:00'),
      'the week does not say the opening hours the commune set');

    // Rooms: a capacity in words and no name are refused, then two rooms.
    await tabTo(page, 'nav.module-menu a[href="/modules/salles/rooms"]', 'the rooms');
    await enter(page, (x) => x.pathname === '/modules/salles/rooms', 'the rooms');
    await typeInto(page, '#room-capacity', 'beaucoup', 'the capacity');
    await submit(page, 'room', (x) => x.pathname === '/modules/salles/rooms', 'a room without a name');
    const summary = await textOf(page, '.error-summary[role=alert]', 'the summary');
    check(summary.includes('indiquez le nom de la salle') && summary.includes('nombre entier de 1 à 5000'),
      `the refused room's problems: ${summary}`);
    await record(page, 'salles-1.0-rooms-refused');
    for (const [name, capacity, location] of [['Salle des mariages', '40', 'Place communale 1'],
      ['Salle polyvalente', '150', 'Rue du Stade 3']]) {
      await typeInto(page, '#room-name', name, 'the name');
      await typeInto(page, '#room-capacity', capacity, 'the capacity');
      await typeInto(page, '#room-location', location, 'the address');
      await submit(page, 'room', (x) => x.pathname === '/modules/salles/rooms', `adding ${name}`);
      check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Salle ajoutée'), `no confirmation for ${name}`);
    }
    const rooms = (await api('GET', '/modules/salles/api/rooms')).json.rooms;
    const weddings = rooms.find((r) => r.name === 'Salle des mariages');
    const hall = rooms.find((r) => r.name === 'Salle polyvalente');
    check(weddings?.capacity === 40 && hall?.capacity === 150, `the API's rooms: ${JSON.stringify(rooms)}`);

    // A booking, then one that overlaps it and one outside the opening hours, each refused in words.
    const book = async (starts, ends, purpose, bookedFor, where, what) => {
      await tabTo(page, 'nav.module-menu a[href="/modules/salles/book"]', 'the booking form');
      await enter(page, (x) => x.pathname === '/modules/salles/book', 'the booking form');
      await typeInto(page, '#book-startsAt', `${day} ${starts}`, 'the start');
      await typeInto(page, '#book-endsAt', `${day} ${ends}`, 'the end');
      await typeInto(page, '#book-purpose', purpose, 'the purpose');
      await typeInto(page, '#book-bookedFor', bookedFor, 'for whom');
      await submit(page, 'book', where, what);
    };
    await book('18:00', '22:00', 'Répétition de la chorale', 'Chorale Sainte-Cécile',
      (x) => x.pathname === '/modules/salles/' && x.searchParams.get('done') === 'booked', 'the booking');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Salle réservée'), 'no confirmation of the booking');
    check((await page.locator('table.week').innerText()).includes('18:00–22:00 Salle des mariages : Répétition de la chorale'),
      'the week does not show the booking');
    await book('20:00', '23:00', 'Souper', 'Comité des fêtes', (x) => x.pathname === '/modules/salles/bookings', 'an overlap');
    check((await textOf(page, '.error-summary[role=alert]', 'the summary'))
      .includes('la salle est déjà réservée de 18:00 à 22:00 (Répétition de la chorale)'), 'the overlap is not explained');
    check((await page.locator('#book-purpose').inputValue()) === 'Souper', 'the refused booking lost what was typed');
    await record(page, 'salles-1.0-book-overlap');
    await book('06:00', '08:00', 'Marché', 'Commerçants', (x) => x.pathname === '/modules/salles/bookings', 'too early');
    check((await textOf(page, '.error-summary[role=alert]', 'the summary')).includes('les salles se réservent de 07:00 à 23:00'),
      'a booking outside the opening hours is not explained');
    const isoDay = day.split('/').reverse().join('-');
    let week = (await api('GET', `/modules/salles/api/week?date=${encodeURIComponent(day)}`)).json;
    check(week.bookings.length === 1 && week.bookings[0].startsAt === `${isoDay}T18:00`,
      `the API's week: ${JSON.stringify(week)}`);

    await everyLanguage(page, 'salles', [
      ['1.0-week', `/modules/salles/?date=${encodeURIComponent(day)}`],
      ['1.0-book', '/modules/salles/book'],
      ['1.0-book-refused', '/modules/salles/book', async (p) => {
        await Promise.all([p.waitForNavigation(), p.locator('form#book button[type=submit]').click()]);
      }],
      ['1.0-rooms', '/modules/salles/rooms'],
      ['1.0-room', `/modules/salles/rooms/${weddings.id}`],
    ]);

    // 1.1.0 arrives while a room's page is open: its equipment, then the search for a free room.
    await swapWhileOpen(page, 'salles', `/modules/salles/rooms/${hall.id}`);
    await expectElement(page, 'form#equip #equip-equipment', 'the equipment form of 1.1.0');
    await checkFrame(page, 'salles', null);
    await typeInto(page, '#equip-equipment', 'projecteur, accès PMR', 'the equipment');
    await enter(page, (x) => x.pathname === `/modules/salles/rooms/${hall.id}`, 'the equipment');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Équipement enregistré'),
      'no confirmation of the equipment');
    await tabTo(page, 'nav.module-menu a[href="/modules/salles/free"]', 'the search for a free room');
    await enter(page, (x) => x.pathname === '/modules/salles/free', 'the search for a free room');
    await typeInto(page, '#free-startsAt', `${day} 19:00`, 'the start');
    await typeInto(page, '#free-endsAt', `${day} 21:00`, 'the end');
    await typeInto(page, '#free-capacity', '30', 'the capacity');
    await typeInto(page, '#free-equipment', 'projecteur', 'the equipment');
    await enter(page, (x) => x.pathname === '/modules/salles/free' && x.searchParams.has('startsAt'), 'the search');
    const found = await page.locator('main table tbody th[scope=row]').allTextContents();
    check(found.length === 1 && found[0] === 'Salle polyvalente', `the free rooms found: ${found}`);
    await tabTo(page, `main table a[href^="/modules/salles/book?room=${hall.id}"]`, 'the link that books the free room');
    await enter(page, (x) => x.pathname === '/modules/salles/book', 'booking the free room');
    check((await page.locator('#book-startsAt').inputValue()) === `${day} 19:00`, 'the booking form is not filled from the search');
    await typeInto(page, '#book-purpose', 'Conférence sur la biodiversité', 'the purpose');
    await typeInto(page, '#book-bookedFor', 'Service environnement', 'for whom');
    await submit(page, 'book', (x) => x.searchParams.get('done') === 'booked', 'booking the free room');
    week = (await api('GET', `/modules/salles/api/week?date=${encodeURIComponent(day)}`)).json;
    check(week.bookings.some((b) => b.room === hall.id && b.purpose === 'Conférence sur la biodiversité'),
      `the API's week lacks the conference: ${JSON.stringify(week)}`);
    await everyLanguage(page, 'salles', [
      ['1.1-room', `/modules/salles/rooms/${hall.id}`],
      ['1.1-free', `/modules/salles/free?startsAt=${encodeURIComponent(`${day} 19:00`)}&endsAt=${encodeURIComponent(`${day} 21:00`)}`],
      ['1.1-week', `/modules/salles/?date=${encodeURIComponent(day)}`],
      ['1.1-book', '/modules/salles/book'],
      ['1.1-rooms', '/modules/salles/rooms'],
      ['1.1-equipment-refused', `/modules/salles/rooms/${hall.id}`, async (p) => {
        await p.locator('#equip-equipment').fill(`${'x'.repeat(60)}, projecteur`);
        await Promise.all([p.waitForNavigation(), p.locator('form#equip button[type=submit]').click()]);
      }],
    ]);

    // Rolled back: 1.0.0's week shows both bookings, the one made under 1.1.0 too; one is cancelled there.
    await rollBack('salles');
    await page.goto(new URL(`/modules/salles/?date=${encodeURIComponent(day)}`, HOST).href);
    const shown = await page.locator('table.week').innerText();
    check(shown.includes('Répétition de la chorale') && shown.includes('Conférence sur la biodiversité'),
      `1.0.0's week after the rollback: ${shown}`);
    const conference = week.bookings.find((b) => b.purpose === 'Conférence sur la biodiversité');
    await tabTo(page, `main a[href="/modules/salles/bookings/${conference.id}/cancel"]`, 'cancelling the conference');
    await enter(page, (x) => x.pathname === `/modules/salles/bookings/${conference.id}/cancel`, 'the cancellation page');
    check((await page.locator('main').innerText()).includes('Conférence sur la biodiversité'), 'the cancellation page does not say what it cancels');
    check((await api('GET', `/modules/salles/api/week?date=${encodeURIComponent(day)}`)).json.bookings.length === 2,
      'opening the cancellation page cancelled something');
    await record(page, 'salles-rolled-back-cancel');
    await submit(page, 'cancel', (x) => x.searchParams.get('done') === 'cancelled' && x.searchParams.get('room') === String(hall.id),
      'the cancellation');
    check((await textOf(page, '.notice[role=status]', 'the confirmation')).includes('Réservation annulée'), 'no confirmation of the cancellation');
    week = (await api('GET', `/modules/salles/api/week?date=${encodeURIComponent(day)}`)).json;
    check(week.bookings.length === 1, `the API's week after the cancellation: ${JSON.stringify(week)}`);
    await record(page, 'salles-rolled-back-week');
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, 'failure-salles.png'), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
  const count = async () => (await api('GET', '/modules/salles/api/rooms')).json.rooms.length;
  const first = (await api('GET', '/modules/salles/api/rooms')).json.rooms[0].id;
  await viewer(browser, 'salles', { visit: ['/modules/salles/', '/modules/salles/rooms', `/modules/salles/rooms/${first}`],
    readOnly: ['/modules/salles/book'], saying: 'pas les modifier', count,
    forge: ['/modules/salles/rooms', { name: 'forgée', capacity: '10', location: 'X' }] });
}

async function main() {
  const solution = process.argv[2];
  const scenarios = { courrier, conseil, salles };
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
