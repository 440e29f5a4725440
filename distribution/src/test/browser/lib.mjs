// What the browser tests share: checks that fail a section with a message, waiting for elements and
// addresses, and the record of each page (no inline code, a full-page screenshot, an axe-core WCAG
// 2.1 A/AA scan) into a list of failures.

import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The environment variable `name`; ends the script (exit code 2) when it is not set. */
export function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${path.basename(process.argv[1] ?? 'script')}: environment variable ${name} is not set`);
    process.exit(2);
  }
  return value;
}

export class CheckFailed extends Error {}

/** Fails the current section with `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

/** Waits for `selector` to be in the page; fails with `what` and the page's address if it does not come. */
export async function expectElement(page, selector, what, timeout = 10_000) {
  const element = page.locator(selector).first();
  try {
    await element.waitFor({ state: 'attached', timeout });
  } catch {
    throw new CheckFailed(`${what}: no element matches ${selector} on ${page.url()}`);
  }
  return element;
}

export async function textOf(page, selector, what) {
  return ((await (await expectElement(page, selector, what)).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks `locator` and waits until the address's path (and query) satisfies `where`. */
export async function clickTo(page, locator, where, what) {
  await locator.click();
  try {
    await page.waitForURL((url) => where(new URL(url)), { timeout: 20_000 });
  } catch {
    const said = await page.locator('[role=alert]').first().textContent({ timeout: 1000 }).catch(() => null);
    throw new CheckFailed(`${what}: on ${page.url()} after the click${said ? `, which says "${said.trim()}"` : ''}`);
  }
  await page.waitForLoadState('load');
}

export const at = (pathname) => (url) => url.pathname === pathname;

/**
 * What every page gets: no inline code (the page's CSP, which forbids it, is bypassed here only to
 * inject axe-core, so a real browser would block what this finds), a full-page screenshot and an
 * axe-core WCAG 2.1 A/AA scan. Problems are collected; the scenario goes on.
 */
export function recorder(shots, failures) {
  let shotNumber = 0;
  return async function record(page, name, { axe = true, file = null } = {}) {
    const inline = await page.evaluate(() => {
      const found = [];
      document.querySelectorAll('script:not([src])').forEach((s) => !s.nonce && found.push('inline <script>'));
      document.querySelectorAll('style').forEach((s) => !s.nonce && found.push('<style> element'));
      // An empty style="" is ignored: the screenshots leave some behind, and it styles nothing.
      document.querySelectorAll('*').forEach((e) => {
        for (const a of e.getAttributeNames()) {
          if ((a === 'style' && e.getAttribute(a).trim()) || a.startsWith('on')) found.push(`${e.tagName.toLowerCase()}[${a}]`);
        }
      });
      return [...new Set(found)];
    });
    if (inline.length) {
      failures.push(`${name} (${page.url()}): inline code a real browser blocks under the CSP: ${inline.join(', ')}`);
    }
    let shot = file;
    if (!shot) {
      shotNumber += 1;
      shot = `${String(shotNumber).padStart(2, '0')}-${name}.png`;
    }
    await page.screenshot({ path: path.join(shots, shot), fullPage: true });
    if (!axe) {
      return;
    }
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 160)}`),
      }));
    }, WCAG);
    for (const v of violations) {
      failures.push(`${name} (${page.url()}): axe ${v.id} [${v.impact}] ${v.help} (${v.url})\n      `
        + v.nodes.join('\n      '));
    }
    console.log(`  page ${name}: ${violations.length ? violations.length + ' accessibility violation(s)' : 'axe clean'}`);
  };
}
