// The web console of both roles in a real browser (Debian's Chromium driven by playwright-core). On
// the commune host: an administrator enables and updates the mail registry through the console's
// pages, a viewer looks around and is refused any change, the keyboard reaches the skip link first.
// Then every page of the commune host's console and of the central repository's is shown in
// French, English and German: each in its language, with no text key left, and passing an
// axe-core WCAG 2.1 A/AA scan; its screenshot is SCREENSHOTS_DIR/<page>-<language>.png. The
// scenario's own screenshots are SCREENSHOTS_DIR/<nn>-<step>.png.
//
// Input (environment): CONSOLE_URL (the host's console, e.g. http://127.0.0.1:8181/console/),
// ADMIN_PASSWORD, VIEWER_USER, VIEWER_PASSWORD, REPOSITORY_CONSOLE_URL (the central repository's),
// REPOSITORY_ADMIN_PASSWORD, SCREENSHOTS_DIR. Exit code 0 only when every check passed.
// Run by ConsoleBrowserIT against a freshly started host on which courrier 1.0.0 and 1.1.0 are
// published and nothing is enabled yet, and the repository that published them.

import { chromium } from 'playwright-core';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { CheckFailed, at, check, clickTo, expectElement, recorder, required, textOf } from './lib.mjs';
const FINAL = ['succeeded', 'failed', 'rolled_back', 'interrupted'];
const NAV = ['/console/', '/console/catalogue', '/console/modules', '/console/activity', '/console/settings'];
const FRENCH_NAV = ['Tableau de bord', 'Mes modules', 'Activité', 'Paramètres'];
const READ_ONLY = 'Ce compte peut consulter mais pas modifier';
const LANGUAGES = ['fr', 'en', 'de'];
// A text key shown instead of its text: the first part of every key of the console's texts.
const KEY = /\b(activity|audit|catalogue|dashboard|fleet|frame|host|login|mandatory|menu|modules|own|problem|refused|releases|required|settings|text)\.[a-z0-9-]+/;

const CONSOLE = new URL(required('CONSOLE_URL'));
const ORIGIN = CONSOLE.origin;
const ADMIN_PASSWORD = required('ADMIN_PASSWORD');
const VIEWER_USER = required('VIEWER_USER');
const VIEWER_PASSWORD = required('VIEWER_PASSWORD');
const SHOTS = path.resolve(required('SCREENSHOTS_DIR'));
const REPOSITORY = new URL(required('REPOSITORY_CONSOLE_URL'));
const REPOSITORY_PASSWORD = required('REPOSITORY_ADMIN_PASSWORD');
const PUBLISHER_USER = required('PUBLISHER_USER');
const PUBLISHER_PASSWORD = required('PUBLISHER_PASSWORD');

const failures = [];
// The operation that enabled courrier: its page is one of those shown in every language.
let enabledOperation = null;

const record = recorder(SHOTS, failures);

/** The layout every page after log-in shares; `current` is the nav link that must carry aria-current. */
async function checkLayout(page, current) {
  const layout = await page.evaluate(() => {
    const skip = document.querySelector('a.skip-link[href="#main"]');
    const focusable = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]');
    const nav = document.querySelector('nav[aria-label]');
    return {
      skipFirst: skip !== null && focusable === skip,
      header: document.querySelector('header')?.textContent ?? null,
      links: nav ? [...nav.querySelectorAll('a')].map((a) => a.getAttribute('href')) : null,
      current: nav ? [...nav.querySelectorAll('a[aria-current="page"]')].map((a) => a.getAttribute('href')) : [],
      main: document.querySelectorAll('main#main').length,
      h1: document.querySelectorAll('h1').length,
      logout: document.querySelector('form#logout-form input[type=hidden][name=csrf]')?.value ?? '',
      iso: (document.querySelector('main')?.innerText ?? '').match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\S*/)?.[0] ?? null,
    };
  });
  const where = page.url();
  check(layout.skipFirst, `${where}: a.skip-link[href="#main"] is not the first focusable element`);
  check(layout.header?.includes("Commune d'Essai <test>"),
    `${where}: the header does not show the instance name "Commune d'Essai <test>" as text: ${layout.header}`);
  check(layout.links && NAV.every((href) => layout.links.includes(href)),
    `${where}: nav[aria-label] lacks links to ${NAV.join(', ')}: ${layout.links}`);
  if (current) {
    check(layout.current.length === 1 && layout.current[0] === current,
      `${where}: aria-current="page" should be on ${current} only, is on ${layout.current}`);
  }
  check(layout.main === 1 && layout.h1 === 1, `${where}: expected one main#main and one h1, got ${layout.main} and ${layout.h1}`);
  check(layout.logout.length > 0, `${where}: form#logout-form has no csrf field`);
  // Dates are for people: dd/MM/yyyy HH:mm, never a machine's timestamp.
  check(layout.iso === null, `${where}: a date is shown as ${layout.iso}, not as dd/MM/yyyy HH:mm`);
}

/** Follows the page's a[hreflang] link and waits for the page in that language. */
async function switchLanguage(page, lang) {
  await page.locator(`a[hreflang=${lang}]`).first().click();
  try {
    await page.waitForSelector(`html[lang="${lang}"]`, { timeout: 20_000 });
  } catch {
    throw new CheckFailed(`a[hreflang=${lang}] did not lead to a page in <html lang="${lang}">: ${page.url()}`);
  }
  await page.waitForLoadState('load');
}

/** Opens the console without a session: the browser must land on the log-in page. */
async function openLogIn(page) {
  const answer = await page.goto(CONSOLE.href);
  check(at('/console/login')(new URL(page.url())), `an anonymous visit to ${CONSOLE.href} ends on ${page.url()} `
    + `(HTTP ${answer?.status()}), not on the log-in page`);
}

async function logIn(page, user, password) {
  await openLogIn(page);
  await expectElement(page, 'form#login-form[method="post" i]', 'log-in form');
  await page.locator('input#username[name=username]').fill(user);
  await page.locator('input#password[name=password][type=password]').fill(password);
  await clickTo(page, page.locator('form#login-form button[type=submit]'), at('/console/'), `log-in of ${user}`);
}

/** Confirms the plan shown and follows the operation page until its state is final, without reloading. */
async function confirmAndFollow(page, name, expected = 'succeeded', saying = 'Terminé avec succès') {
  const requests = [];
  const listen = (r) => requests.push(new URL(r.url()).pathname);
  page.on('request', listen);
  await clickTo(page, page.locator('button#confirm'), (u) => /^\/console\/operations\/\d+$/.test(u.pathname), 'Confirmer');
  const id = new URL(page.url()).pathname.split('/').pop();
  await expectElement(page, '#operation-status[aria-live="polite"]', 'live operation status');
  const initial = await page.locator('#operation-status').getAttribute('data-state');
  await page.evaluate(() => { window.consoleTestSamePage = true; });
  let state;
  try {
    state = await (await page.waitForFunction((finals) => {
      const s = document.querySelector('#operation-status')?.getAttribute('data-state');
      return finals.includes(s) ? s : false;
    }, FINAL, { timeout: 180_000, polling: 250 })).jsonValue();
  } catch {
    throw new CheckFailed(`${name}: operation ${id} shows no final state within 180 s (first shown: ${initial})`);
  }
  page.off('request', listen);
  const reason = await page.locator('#operation-reason').textContent().catch(() => '');
  check(state === expected, `${name}: operation ${id} ended ${state}, not ${expected}: ${reason}`);
  check(await page.evaluate(() => window.consoleTestSamePage === true),
    `${name}: the operation page was reloaded; its status must update in place`);
  if (!FINAL.includes(initial)) {
    check(requests.includes(`/console/operations/${id}.json`), `${name}: the page never polled /console/operations/${id}.json`);
  }
  check((await textOf(page, '#operation-status', 'status')).includes(saying),
    `${name}: the status does not say "${saying}"`);
  console.log(`  operation ${id} (${name}): ${initial} -> ${state}`);
  await record(page, `operation-${name}`);
  return id;
}

/** The plan in `list` (added, updated...) names courrier at `version`. */
async function checkPlan(page, list, version) {
  const items = await page.locator(`section#plan ul#plan-${list} li`).allTextContents();
  check(items.some((t) => /courrier/i.test(t) && t.includes(version)),
    `${page.url()}: ul#plan-${list} should list courrier ${version}, lists: ${JSON.stringify(items)}`);
  const form = await expectElement(page, 'form#confirm-form', 'confirmation form');
  check(new URL(await form.evaluate((f) => f.action)).pathname === new URL(page.url()).pathname,
    `${page.url()}: form#confirm-form does not post to its own path`);
  check((await form.locator('input[type=hidden][name=csrf]').inputValue()).length > 0, 'confirm form: empty csrf');
  check((await textOf(page, 'button#confirm', 'confirm button')) === 'Confirmer', 'the confirm button does not read "Confirmer"');
  check(await page.getByRole('link', { name: 'Annuler' }).count() > 0, `${page.url()}: no "Annuler" link`);
}

/**
 * Runs `steps` in a fresh browser context (its own cookies) whose CSP is bypassed only so that
 * axe-core can be injected; a failure leaves a screenshot of the page it happened on.
 */
async function withPage(browser, name, steps) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`script error on ${page.url()}: ${e.message}`));
  try {
    await steps(page);
  } catch (e) {
    await page.screenshot({ path: path.join(SHOTS, `failure-${name}.png`), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

async function admin(page) {
  await openLogIn(page);
  check(await page.locator('html[lang="fr"]').count() === 1, 'the log-in page is not <html lang="fr">');
  check((await textOf(page, 'form#login-form button[type=submit]', 'log-in button')) === 'Se connecter',
    'the log-in button does not read "Se connecter"');
  await expectElement(page, 'a[hreflang=en]', 'link to English');
  await record(page, 'login');
  await logIn(page, 'admin', ADMIN_PASSWORD);

  // Keyboard: from a fresh page the first Tab lands on the skip link, and the focus shows.
  for (const stop of ['skip link', 'next stop']) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return {
        skip: e.matches('a.skip-link[href="#main"]'), visible: e.matches(':focus-visible'),
        ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
        html: e.outerHTML.slice(0, 120),
      };
    });
    check(stop !== 'skip link' || focus.skip, `the first Tab stop is ${focus.html}, not a.skip-link[href="#main"]`);
    check(focus.visible && focus.ring && focus.onScreen, `keyboard focus on the ${stop} is not visible: ${JSON.stringify(focus)}`);
    if (stop === 'skip link') {
      await record(page, 'keyboard-skip-link', { axe: false });
    }
  }

  await checkLayout(page, '/console/');
  check(['UP', 'DEGRADED', 'DOWN'].includes(await (await expectElement(page, '#health', 'health')).getAttribute('data-state')),
    '#health has no data-state UP|DEGRADED|DOWN');
  for (const part of ['#sync', '#updates', '#notices', '#operations', 'form#sync-form']) {
    await expectElement(page, part, 'dashboard');
  }
  const sync = await textOf(page, '#sync', 'sync');
  check(/(^|\D)\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(\D|$)/.test(sync), `#sync shows no dd/MM/yyyy HH:mm date: ${sync}`);
  const frenchNav = await textOf(page, 'nav[aria-label]', 'nav');
  const frenchHealth = await textOf(page, '#health', 'health');
  check((await page.locator('body').textContent()).includes('admin'), 'the dashboard does not show the user name');
  await record(page, 'dashboard');

  await clickTo(page, page.locator('nav a[href="/console/catalogue"]'), at('/console/catalogue'), 'Catalogue');
  await checkLayout(page, '/console/catalogue');
  await expectElement(page, 'form[role=search] select#category[name=category]', 'category filter');
  await expectElement(page, 'ul#catalogue > li[data-module="courrier"] a[href="/console/catalogue/courrier"]', 'catalogue');
  await record(page, 'catalogue');
  await page.locator('form[role=search] input#q[name=q]').fill('zzz-aucun-module');
  await page.locator('input#q').press('Enter');
  await expectElement(page, 'p#no-result', 'a search matching nothing');
  await page.locator('input#q').fill('courrier');
  await page.locator('input#q').press('Enter');
  await page.waitForURL((u) => new URL(u).searchParams.get('q') === 'courrier');
  check(await page.locator('input#q').inputValue() === 'courrier', 'the search box does not keep the text searched');
  await expectElement(page, 'ul#catalogue > li[data-module="courrier"]', 'search for courrier');
  await record(page, 'catalogue-search');

  await clickTo(page, page.locator('li[data-module="courrier"] a[href="/console/catalogue/courrier"]'),
    at('/console/catalogue/courrier'), 'module page');
  await checkLayout(page, null);
  check((await textOf(page, 'main h1', 'title')).length > 0, 'the module page has an empty h1');
  for (const part of ['table#versions tr[data-version="1.0.0"]', 'table#versions tr[data-version="1.1.0"]', '#dependencies']) {
    await expectElement(page, part, 'module page');
  }
  await record(page, 'module-courrier');

  const enable = page.locator('a.action.action-enable[href="/console/modules/courrier/enable?version=1.0.0"]');
  check(await enable.count() === 1, 'the module page has no a.action.action-enable for 1.0.0');
  await clickTo(page, enable, at('/console/modules/courrier/enable'), 'enable 1.0.0');
  await checkLayout(page, null);
  await checkPlan(page, 'added', '1.0.0');
  check(await page.locator('form#confirm-form input[name=version]').inputValue() === '1.0.0', 'confirm form: version not 1.0.0');
  await record(page, 'confirm-enable');
  const enabled = await confirmAndFollow(page, 'enable');
  enabledOperation = enabled;

  // The module's page now has its menu entry, and the console's session opens it.
  await clickTo(page, page.locator('nav a[href="/console/"]'), at('/console/'), 'Tableau de bord');
  const entry = page.locator('nav a[data-module="courrier"][href="/modules/courrier/"]');
  check(await entry.count() === 1, 'the nav has no a[data-module=courrier][href="/modules/courrier/"] after the enable');
  check((await entry.textContent()).trim() === 'Registre du courrier', `the courrier entry reads "${await entry.textContent()}"`);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/modules/courrier/'),
    entry.click(),
  ]);
  await page.waitForLoadState('load');
  check(answer.status() === 200 && at('/modules/courrier/')(new URL(page.url())),
    `the courrier entry answers ${answer.status()} at ${page.url()}: the console's session must open it`);
  check((await page.locator('body').textContent()).includes('Registre du courrier'), 'the courrier page is not shown');
  await record(page, 'courrier-page', { axe: false });

  await page.goBack();
  await clickTo(page, page.locator('nav a[href="/console/modules"]'), at('/console/modules'), 'Mes modules');
  await checkLayout(page, '/console/modules');
  const row = page.locator('table#my-modules tr[data-module="courrier"]');
  check((await row.locator('.version').textContent())?.includes('1.0.0'), 'My modules: courrier is not at 1.0.0');
  check(await row.locator('.health').getAttribute('data-state') === 'UP', 'My modules: courrier is not healthy (UP)');
  await expectElement(page, 'tr[data-module="courrier"] .policy', 'policy cell');
  await record(page, 'my-modules');
  const updates = row.locator('a.action.action-update');
  check(await updates.count() > 0, 'My modules: no a.action.action-update for courrier');
  const toNewest = row.locator('a.action.action-update[href*="1.1.0"]');
  await clickTo(page, (await toNewest.count()) ? toNewest.first() : updates.first(),
    at('/console/modules/courrier/update'), 'update');
  await checkPlan(page, 'updated', '1.1.0');
  await record(page, 'confirm-update');
  const updated = await confirmAndFollow(page, 'update');

  await page.goto(`${ORIGIN}/console/modules`);
  check((await row.locator('.version').textContent())?.includes('1.1.0'), 'My modules: courrier is not at 1.1.0 after the update');
  // A release whose bundle cannot start: the console says so in plain words, with the reason, and
  // that the previous state is back (the module is not left half-enabled).
  await page.goto(`${ORIGIN}/console/catalogue/swap`);
  await clickTo(page, page.locator('a.action.action-enable[href$="version=3.0.0"]'), at('/console/modules/swap/enable'),
    'enable swap 3.0.0');
  const refused = await confirmAndFollow(page, 'enable-failing', 'rolled_back', 'état précédent rétabli');
  check((await textOf(page, '#operation-reason', 'reason')).trim().length > 0, 'the failed enable shows no reason');
  check((await textOf(page, '#operation-explain', 'explanation')).includes("rétabli l'état précédent"),
    'the failed enable does not say in plain words that the previous state was restored');
  await page.goto(`${ORIGIN}/console/modules`);
  check(await page.locator('table#my-modules tr[data-module="swap"] a.action-disable').count() === 0,
    'My modules: swap looks enabled after its failed enable');

  await clickTo(page, page.locator('nav a[href="/console/activity"]'), at('/console/activity'), 'Activité');
  await checkLayout(page, '/console/activity');
  check(await page.locator(`table#activity tr[data-operation="${refused}"] [data-state="rolled_back"]`).count() > 0,
    `Activity: the failed enable ${refused} is not shown rolled back`);
  for (const [id, action] of [[enabled, 'enable'], [updated, 'update']]) {
    const line = page.locator(`table#activity tr[data-operation="${id}"]`);
    check(await line.count() === 1, `Activity: no row for operation ${id} (${action})`);
    check(/courrier/i.test(await line.textContent()), `Activity: row ${id} does not name courrier`);
    check(await line.locator('[data-state="succeeded"]').count() > 0, `Activity: row ${id} has no [data-state=succeeded]`);
  }
  await record(page, 'activity');

  await clickTo(page, page.locator('nav a[href="/console/settings"]'), at('/console/settings'), 'Paramètres');
  await checkLayout(page, '/console/settings');
  for (const field of ['repositoryUrl', 'rootFingerprint', 'channel', 'policy', 'maintenanceWindow', 'syncIntervalSeconds']) {
    const control = await expectElement(page, `form#settings-form [name="${field}"]`, 'settings');
    check(await control.evaluate((e) => e.labels?.length > 0 && !e.matches(':disabled')),
      `settings: ${field} is unlabelled or disabled for the administrator`);
  }
  check(await page.locator('select#channel').inputValue() === 'testing', 'settings: the channel shown is not "testing"');
  await record(page, 'settings');

  await switchLanguage(page, 'en');
  await clickTo(page, page.locator('nav a[href="/console/"]'), at('/console/'), 'dashboard in English');
  check(await page.locator('html[lang="en"]').count() === 1, 'the English dashboard is not <html lang="en">');
  await checkLayout(page, '/console/');
  const englishNav = await textOf(page, 'nav[aria-label]', 'nav');
  const french = FRENCH_NAV.filter((w) => englishNav.includes(w));
  check(englishNav !== frenchNav && french.length === 0, `the English nav still reads French: ${englishNav}`);
  check((await textOf(page, '#health', 'health')) !== frenchHealth, 'the health text is not translated');
  check(!(await textOf(page, 'form#logout-form', 'logout')).includes('Se déconnecter'), 'the log-out button is still French');
  await record(page, 'dashboard-en');

  // German, an official language of nine Walloon communes: every page of the console, whole.
  await switchLanguage(page, 'de');
  for (const [where, name] of [['/console/', 'dashboard'], ['/console/catalogue', 'catalogue'],
    ['/console/catalogue/courrier', 'catalogue-courrier'], ['/console/modules', 'modules'],
    ['/console/activity', 'activity'], ['/console/settings', 'settings']]) {
    await page.goto(ORIGIN + where);
    check(await page.locator('html[lang="de"]').count() === 1, `${where} in German is not <html lang="de">`);
    const nav = await textOf(page, 'nav[aria-label]', 'nav');
    check(nav.includes('Übersicht') && nav.includes('Einstellungen') && FRENCH_NAV.filter((w) => nav.includes(w)).length === 0,
      `${where}: the German nav reads ${nav}`);
    const text = await page.locator('body').textContent();
    check(!KEY.test(text), `${where} in German shows a text key: ${(text.match(KEY) || [''])[0]}`);
    check(!text.includes('Se déconnecter') && text.includes('Abmelden'), `${where}: the log-out button is not German`);
    await record(page, `${name}-de`);
  }

  await switchLanguage(page, 'fr');
  await clickTo(page, page.locator('form#logout-form button'), (u) => u.pathname === '/console/login' && u.searchParams.get('out') === '1',
    'Se déconnecter');
  check((await page.locator('body').textContent()).includes('Vous êtes déconnecté.'), 'no "Vous êtes déconnecté." after log-out');
  await record(page, 'logged-out', { axe: false });
  await page.goto(CONSOLE.href);
  check(at('/console/login')(new URL(page.url())), 'after log-out the console still opens');
}

async function viewer(page) {
  await logIn(page, VIEWER_USER, VIEWER_PASSWORD);
  check((await page.locator('body').textContent()).includes(VIEWER_USER), 'the dashboard does not show the viewer name');
  for (const where of ['/console/', '/console/catalogue', '/console/catalogue/courrier', '/console/modules', '/console/activity',
    '/console/settings']) {
    await page.goto(ORIGIN + where);
    check(at(where)(new URL(page.url())), `the viewer asked for ${where} and got ${page.url()}`);
    check(await page.locator('.action').count() === 0, `a viewer sees .action elements on ${where}`);
  }
  const courrierState = async () => {
    await page.goto(`${ORIGIN}/console/modules`);
    return JSON.stringify({
      version: await page.locator('tr[data-module="courrier"] .version').allTextContents(),
      menu: await page.locator('nav a[data-module="courrier"]').count(),
    });
  };
  const before = await courrierState();
  await page.goto(`${ORIGIN}/console/settings`);
  const form = await expectElement(page, 'form#settings-form', 'settings form');
  const enabled = await form.evaluate((f) => [...f.elements]
    .filter((e) => !['hidden', 'button', 'fieldset'].includes(e.type) && !e.matches(':disabled')).map((e) => e.name || e.type));
  check(enabled.length === 0, `the viewer's settings form has enabled fields or a submit: ${enabled}`);
  await record(page, 'viewer-settings');

  // A forged change from the page itself, with the right token, is still refused for a viewer.
  const forged = await page.evaluate(async () => {
    const token = document.querySelector('input[type=hidden][name=csrf]').value;
    const answer = await fetch('/console/modules/courrier/disable', {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=' + encodeURIComponent(token),
    });
    return { status: answer.status, body: await answer.text() };
  });
  check(forged.status === 403, `a viewer's POST to /console/modules/courrier/disable answered ${forged.status}`);
  check(forged.body.includes(READ_ONLY), `the viewer's refusal does not say "${READ_ONLY}"`);
  await Promise.all([page.waitForURL(at('/console/modules/courrier/disable')), page.evaluate(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/console/modules/courrier/disable';
    const token = document.querySelector('input[type=hidden][name=csrf]').cloneNode();
    form.append(token);
    document.body.append(form);
    form.submit();
  })]);
  check((await textOf(page, 'p.error[role=alert]', '403 page')).includes(READ_ONLY), 'the 403 page does not explain the refusal');
  await record(page, 'forbidden-403');
  const after = await courrierState();
  check(after === before, `courrier changed after the viewer's refused POSTs: ${before} became ${after}`);
}

/**
 * Shows each of `pages` ([name, address]) in French, English and German: the page is in that
 * language (<html lang>, and for English and German no word of `french` left in its navigation),
 * shows no text key, passes axe-core; its screenshot is <name>-<language>.png. A language is
 * chosen as a person does, by the address's ?lang=, which the console remembers.
 */
async function everyLanguage(page, origin, pages, french) {
  for (const lang of LANGUAGES) {
    for (const [name, where] of pages) {
      const address = new URL(where, origin);
      address.searchParams.set('lang', lang);
      const answer = await page.goto(address.href);
      check(answer && answer.status() === 200, `${where} in ${lang}: HTTP ${answer?.status()}`);
      check(await page.locator(`html[lang="${lang}"]`).count() === 1, `${where} in ${lang} is not <html lang="${lang}">`);
      const text = await page.locator('body').innerText();
      check(!KEY.test(text), `${where} in ${lang} shows a text key: ${(text.match(KEY) || [''])[0]}`);
      const navs = page.locator('nav[aria-label]');
      const nav = (await navs.count()) ? await navs.first().innerText() : '';
      if (lang !== 'fr') {
        const left = french.filter((w) => nav.includes(w));
        check(left.length === 0, `${where} in ${lang}: the navigation still reads ${left.join(', ')}`);
      }
      await record(page, `${name}-${lang}`, { file: `${name}-${lang}.png` });
    }
  }
}

/** Every page of the commune host's console, in the three languages. */
async function hostLanguages(page) {
  const anonymous = await page.context().browser().newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  try {
    const login = await anonymous.newPage();
    await everyLanguage(login, ORIGIN, [['host-login', '/console/login']], []);
  } finally {
    await anonymous.close();
  }
  await logIn(page, 'admin', ADMIN_PASSWORD);
  check(enabledOperation !== null, 'no operation from the administrator\'s part to show');
  await everyLanguage(page, ORIGIN, [
    ['host-dashboard', '/console/'],
    ['host-catalogue', '/console/catalogue'],
    ['host-module', '/console/catalogue/courrier'],
    ['host-modules', '/console/modules'],
    ['host-confirm', '/console/modules/courrier/disable'],
    ['host-operation', `/console/operations/${enabledOperation}`],
    ['host-activity', '/console/activity'],
    ['host-settings', '/console/settings'],
  ], FRENCH_NAV);
}

/**
 * The central repository's console: its own log-in, its own pages only (the commune host's are
 * not installed there), the releases the fixture published with their channel, publisher and
 * date; then every page in the three languages.
 */
async function repository(page) {
  const origin = REPOSITORY.origin;
  await everyLanguage(page, origin, [['repository-login', '/console/login']], []);
  await page.goto(new URL('/console/login?lang=fr', origin).href);
  await page.locator('input#username[name=username]').fill('admin');
  await page.locator('input#password[name=password][type=password]').fill(REPOSITORY_PASSWORD);
  await clickTo(page, page.locator('form#login-form button[type=submit]'), at('/console/releases'),
    'log-in to the repository, which opens on its releases');
  const links = await page.locator('nav[aria-label] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  check(links.includes('/console/releases'), `the repository's navigation lacks /console/releases: ${links}`);
  const hosts = NAV.filter((href) => href !== '/console/' && links.includes(href));
  check(hosts.length === 0, `the repository's navigation offers the commune host's pages: ${hosts}`);
  check(await page.locator('nav a[aria-current="page"][href="/console/releases"]').count() === 1,
    'the releases entry is not marked as the current page');
  for (const version of ['1.0.0', '1.1.0']) {
    const row = page.locator(`table#releases tr[data-module="courrier"][data-version="${version}"]`);
    check(await row.count() === 1, `the releases page has no row for courrier ${version}`);
    const cells = (await row.innerText()).replace(/\s+/g, ' ');
    check(/publisher-console/.test(cells), `courrier ${version}: no publisher in "${cells}"`);
    check(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/.test(cells), `courrier ${version}: no dd/MM/yyyy HH:mm date in "${cells}"`);
    check(/test/.test(await row.locator('.channel').innerText()), `courrier ${version}: not on the testing channel`);
    check(await row.locator('.revocation[data-state="valid"]').count() === 1, `courrier ${version}: shown revoked`);
  }
  check(await page.locator('table#releases tr[data-module="courrier"]').count() === 2,
    'the releases page lists each version once, not each of its files');
  await fleet(page, origin);
  await hostsPage(page, origin);
  await everyLanguage(page, origin, [['repository-releases', '/console/releases'], ['repository-fleet', '/console/fleet'],
    ['repository-hosts', '/console/hosts'], ['repository-host-disable', '/console/hosts/sim-0001/disable'],
    ['repository-publishers', '/console/publishers'],
    ['repository-publisher-disable', '/console/publishers/publisher-console/disable'],
    ['repository-promote', '/console/releases/be.imio.platform:courrier:1.1.0/promote'],
    ['repository-revoke', '/console/releases/be.imio.platform:courrier:1.1.0/revoke'],
    ['repository-audit', '/console/audit'], ['repository-audit-filtered', '/console/audit?action=release&subject=courrier']],
    ['Publications', 'Parc des hôtes', 'Hôtes', 'Éditeurs', 'Journal']);
  await releaseActions(page, origin);
  await rolloutsPage(page, origin);
  await requiredPage(page, origin);
  await page.goto(new URL('/console/releases?lang=fr', origin).href);
  await clickTo(page, page.locator('form#logout-form button'), (u) => u.pathname === '/console/login', 'log-out');
}

/**
 * The fleet page over the hosts the test registered and reported (FleetSimulator): the module
 * summary, a filter chosen in the form, and the CSV of what the filter kept.
 */
async function fleet(page, origin) {
  await page.goto(new URL('/console/fleet?lang=fr', origin).href);
  check(await page.locator('table#fleet-modules tr[data-module="courrier"]').count() === 1,
    'the fleet page has no summary row for courrier');
  const all = await page.locator('table#fleet-hosts tbody tr').count();
  check(all > 0, 'the fleet page lists no host');
  await page.locator('select#f-kind').selectOption('cpas');
  await clickTo(page, page.locator('form#fleet-filters button[type=submit]'), (u) => u.searchParams.get('kind') === 'cpas',
    'filtering the fleet by kind');
  const kinds = await page.locator('table#fleet-hosts tbody tr td:nth-child(2)').allInnerTexts();
  check(kinds.length > 0 && kinds.length < all && kinds.every((k) => k === 'CPAS'),
    `filtered by kind CPAS, the fleet shows ${kinds.join(', ')}`);
  await record(page, 'repository-fleet-cpas', { file: 'repository-fleet-cpas.png' });
  const href = await page.locator('a#csv').getAttribute('href');
  check(href && href.startsWith('/console/fleet/hosts.csv?') && href.includes('kind=cpas'),
    `the CSV link does not keep the filter: ${href}`);
  const csv = await page.request.get(new URL(href, origin).href);
  check(csv.status() === 200 && (csv.headers()['content-type'] || '').startsWith('text/csv'),
    `the CSV export answered ${csv.status()} ${csv.headers()['content-type']}`);
  const lines = (await csv.text()).split('\r\n').filter((l) => l);
  check(lines[0].startsWith('\uFEFFIdentifiant;Hôte;Sorte;') && lines.length === kinds.length + 1,
    `the CSV export has ${lines.length} lines for ${kinds.length} hosts, headed ${lines[0]}`);
}

/**
 * Registering a host from the console (its credential shown once, and accepted for a report),
 * a refused id shown next to its field, and disabling the host with a reason.
 */
async function hostsPage(page, origin) {
  await page.goto(new URL('/console/hosts?lang=fr', origin).href);
  await page.locator('form#register-form input#id').fill('Namur Centre');
  await page.locator('form#register-form button#register').click();
  await page.waitForLoadState();
  check(await page.locator('input#id[aria-invalid="true"]').count() === 1
    && /minuscules/.test(await page.locator('#id-error').innerText()),
    'a refused host id is not shown next to its field');
  check(await page.locator('input#label').inputValue() === '', 'the form lost nothing but was empty');
  await page.locator('form#register-form input#id').fill('console-namur');
  await page.locator('form#register-form input#label').fill('Ville de Namur');
  await page.locator('form#register-form select#kind').selectOption('commune');
  await page.locator('form#register-form input#group').fill('pilote');
  await page.locator('form#register-form button#register').click();
  await page.waitForLoadState();
  const token = await page.locator('input#token').inputValue().catch(() => '');
  check(/^[A-Za-z0-9_-]{40,}$/.test(token), `registering a host shows no credential: "${token}"`);
  await record(page, 'repository-host-registered', { file: 'repository-host-registered.png' });
  const report = await page.request.post(new URL('/repository/reports', origin).href, {
    headers: { Authorization: `Basic ${Buffer.from(`console-namur:${token}`).toString('base64')}` },
    data: { host: 'console-namur', modules: [{ name: 'courrier', version: '1.1.0', health: 'UP' }] },
  });
  check(report.status() === 204, `the credential shown is refused for a report: HTTP ${report.status()}`);
  await page.goto(new URL('/console/hosts?lang=fr', origin).href);
  const row = page.locator('table#hosts tr[data-host="console-namur"]');
  check(/Ville de Namur/.test(await row.innerText()) && !(await page.content()).includes(token),
    'the host is listed, and its credential never shown again');
  await clickTo(page, row.locator('a.disable'), at('/console/hosts/console-namur/disable'), 'opening the disabling');
  await page.locator('input#reason').fill('serveur remplacé');
  await clickTo(page, page.locator('form#disable-form button#confirm'), (u) => u.searchParams.get('disabled') === 'console-namur',
    'disabling the host');
  check(await page.locator('table#hosts tr[data-host="console-namur"] .state[data-state="DOWN"]').count() === 1,
    'the disabled host is not shown disabled');
  const refused = await page.request.post(new URL('/repository/reports', origin).href, {
    headers: { Authorization: `Basic ${Buffer.from(`console-namur:${token}`).toString('base64')}` }, data: { modules: [] },
  });
  check(refused.status() === 403, `a disabled host's report answered ${refused.status()}`);
}

/** Promoting then revoking a release from the console, each confirmed, the revocation with its reason. */
async function releaseActions(page, origin) {
  await page.goto(new URL('/console/releases?lang=fr', origin).href);
  const row = () => page.locator('table#releases tr[data-module="courrier"][data-version="1.0.0"]');
  await clickTo(page, row().locator('a.promote'), at('/console/releases/be.imio.platform:courrier:1.0.0/promote'),
    'opening the promotion');
  await clickTo(page, page.locator('form#confirm-form button#confirm'), (u) => u.searchParams.has('promoted'),
    'confirming the promotion');
  check(/stable/.test(await row().locator('.channel').innerText()), 'courrier 1.0.0 is not shown stable once promoted');
  await clickTo(page, row().locator('a.revoke'), at('/console/releases/be.imio.platform:courrier:1.0.0/revoke'),
    'opening the revocation');
  await page.locator('input#reason').fill('faille corrigée en 1.1.0');
  await clickTo(page, page.locator('form#confirm-form button#confirm'), (u) => u.searchParams.has('revoked'),
    'confirming the revocation');
  const revocation = row().locator('.revocation[data-state="revoked"]');
  check(await revocation.count() === 1 && /faille corrigée en 1\.1\.0/.test(await revocation.innerText()),
    'courrier 1.0.0 is not shown revoked with its reason');
  check(await row().locator('a.revoke, a.promote').count() === 0, 'a revoked release still offers actions');
}

/**
 * Starting a staged rollout from the console's form (the pilot group the simulated fleet has),
 * the page in three languages, then aborting it with a reason.
 */
async function rolloutsPage(page, origin) {
  await page.goto(new URL('/console/rollouts?lang=fr', origin).href);
  check(await page.locator('#no-rollout').count() === 1, 'the rollouts page does not say none was started');
  await page.locator('form#rollout-form select#release').selectOption('be.imio.platform:courrier:1.1.0');
  await page.locator('form#rollout-form select#pilot').selectOption('group:pilote');
  await page.locator('form#rollout-form input#share').fill('150');
  // The browser itself refuses 150 for max="100"; the server must too, as a script would send it.
  await page.locator('form#rollout-form').evaluate((form) => { form.noValidate = true; });
  await page.locator('form#rollout-form button#start').click();
  await page.waitForLoadState();
  check(await page.locator('input#share[aria-invalid="true"]').count() === 1 && await page.locator('#share-error').count() === 1,
    'a share of 150 % is not refused next to its field');
  await page.locator('form#rollout-form input#share').fill('25');
  await clickTo(page, page.locator('form#rollout-form button#start'), (u) => u.searchParams.get('done') === 'start',
    'starting a rollout');
  const section = page.locator('section.rollout').first();
  check(['running', 'halted'].includes(await section.getAttribute('data-state')),
    `the rollout started is ${await section.getAttribute('data-state')}`);
  check(await section.locator('table.rings tbody tr').count() === 3, 'pilot, a quarter, everyone: three rings');
  await everyLanguage(page, origin, [['repository-rollouts', '/console/rollouts'],
    ['repository-rollout-abort', `/console/rollouts/${await section.getAttribute('data-rollout')}/abort`]], ['Déploiements']);
  await page.goto(new URL('/console/rollouts?lang=fr', origin).href);
  await clickTo(page, page.locator('section.rollout a.abort').first(), (u) => u.pathname.endsWith('/abort'), 'opening the abort');
  await page.locator('input#reason').fill('essai du navigateur');
  await clickTo(page, page.locator('form#confirm-form button#confirm'), (u) => u.searchParams.get('done') === 'abort',
    'aborting the rollout');
  check(await page.locator('section.rollout').first().getAttribute('data-state') === 'aborted', 'the rollout is not aborted');
}

/** A publisher in iMio's console: its own releases only, in three languages. */
async function publisher(page) {
  const origin = REPOSITORY.origin;
  await page.goto(new URL('/console/login?lang=fr', origin).href);
  await page.locator('input#username[name=username]').fill(PUBLISHER_USER);
  await page.locator('input#password[name=password][type=password]').fill(PUBLISHER_PASSWORD);
  await clickTo(page, page.locator('form#login-form button[type=submit]'), at('/console/own-releases'),
    'log-in of a publisher, which opens on its own releases');
  const links = await page.locator('nav[aria-label] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  check(links.length === 1 && links[0] === '/console/own-releases', `a publisher's navigation offers ${links}`);
  check(await page.locator('table#releases tr[data-module="courrier"]').count() >= 1, 'its courrier releases are not listed');
  await everyLanguage(page, origin, [['repository-own-releases', '/console/own-releases']], ['Mes publications']);
}

/** A date and time as a browser's date and time field writes it, {@code days} from now. */
function fieldDate(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

/**
 * Requiring a release by a date from the console's form (the server refusing a past date next to
 * its field, as a script would send it), the page and the withdrawal's confirmation in three
 * languages, then withdrawing it with a reason.
 */
async function requiredPage(page, origin) {
  await page.goto(new URL('/console/required?lang=fr', origin).href);
  check(await page.locator('#no-required').count() === 1, 'the mandatory updates page does not say none is required');
  const release = 'be.imio.platform:courrier:1.1.0';
  await page.locator('form#require-form select#release').selectOption(release);
  await page.locator('form#require-form').evaluate((form) => { form.noValidate = true; });
  await page.locator('form#require-form input#by').fill(fieldDate(-2));
  await page.locator('form#require-form input#reason').fill('Faille de sécurité corrigée');
  await page.locator('form#require-form button[type=submit]').click();
  await page.waitForLoadState();
  check(await page.locator('input#by[aria-invalid="true"]').count() === 1 && await page.locator('#by-error').count() === 1,
    'a deadline in the past is not refused next to its field');
  await page.locator('form#require-form input#by').fill(fieldDate(40));
  await clickTo(page, page.locator('form#require-form button[type=submit]'), (u) => u.searchParams.get('done') === 'require',
    'requiring a release');
  const section = page.locator(`section.required[data-release="${release}"]`);
  check(await section.count() === 1, 'the required release is not listed');
  check(/Faille de sécurité corrigée/.test(await section.innerText()), 'the reason communes read is not shown');
  await everyLanguage(page, origin, [['repository-required', '/console/required'],
    ['repository-required-withdraw', `/console/required/${release}/withdraw`]], ['Mises à jour obligatoires']);
  await page.goto(new URL('/console/required?lang=fr', origin).href);
  await clickTo(page, section.locator('a.button'), (u) => u.pathname.endsWith('/withdraw'), 'opening the withdrawal');
  await page.locator('input#reason').fill('essai du navigateur');
  await clickTo(page, page.locator('form#confirm-form button#confirm'), (u) => u.searchParams.get('done') === 'withdraw',
    'withdrawing the requirement');
  check(await page.locator('section.required').count() === 0, 'the requirement is still listed once withdrawn');
}

async function main() {
  await rm(SHOTS, { recursive: true, force: true });
  await mkdir(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`Chromium ${browser.version()} on ${CONSOLE.href}; screenshots in ${SHOTS}`);
  let sectionsFailed = 0;
  try {
    // The viewer's part expects courrier enabled and updated by the administrator's part.
    for (const [name, section] of [['administrator', admin], ['viewer', viewer], ['host in three languages', hostLanguages],
['repository', repository], ['publisher', publisher]]) {
      try {
        await withPage(browser, name, section);
        console.log(`ok ${name}`);
      } catch (e) {
        sectionsFailed += 1;
        failures.push(`${name}: ${e instanceof CheckFailed ? e.message : e.stack}`);
        console.log(`FAILED ${name}`);
      }
    }
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`\nconsole.mjs: ${failures.length} problem(s)${sectionsFailed ? `, ${sectionsFailed} part(s) stopped early` : ''}:`);
    failures.forEach((f, i) => console.log(`${i + 1}. ${f}`));
    process.exit(1);
  }
  console.log('console.mjs: every check passed');
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
