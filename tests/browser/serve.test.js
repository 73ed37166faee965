// End-to-end: a press officer drafts a meeting in tilmech serve, in Debian's
// Chromium driven by playwright-core. Run by scripts/browser-tests.sh, which
// builds tilmech and sets TILMECH_BIN and SHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, shots, copyProject, startServer, launchBrowser, tearDown } from './harness.js';

let project, server, url, browser;

before(async () => {
  // A copy of the example project, so the test never writes into the repository.
  project = copyProject('tilmech-browser-', ['templates', 'locales', 'examples/events']);
  ({ child: server, url } = await startServer(project, [], { ...process.env, NO_COLOR: '1' }));
  browser = await launchBrowser();
});

after(() => tearDown(browser, server, project));

async function previewText(page, lang) {
  return page.locator(`#preview-${lang} .body`).innerText();
}

test('a press officer drafts, previews, fixes and saves a meeting', async () => {
  const context = await browser.newContext({ viewport: { width: 1680, height: 1050 } });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });

  await page.goto(url);
  await page.getByRole('link', { name: 'New event' }).click();
  await page.getByLabel('File name').fill('2027-01-20-karakol-justice');
  await page.getByLabel('Date').fill('2027-01-20');
  await page.getByLabel('Place').selectOption({ label: 'Karakol · Каракол · Каракол' });

  const host = page.getByRole('group', { name: 'Host' });
  await host.getByLabel('Name (en)').fill('Anna Berger');
  await host.getByLabel('Name (ru)').fill('Анна Бергер');
  await host.getByLabel('Name (ky)').fill('Анна Бергер');
  await host.getByLabel('Gender').selectOption('female');
  await host.getByLabel('Position').selectOption('osce-head');

  const guest = page.getByRole('group', { name: 'Guest' });
  await guest.getByLabel('Name (en)').fill('Cholpon Asanova');
  await guest.getByLabel('Name (ru)').fill('Чолпон Асанова');
  await guest.getByLabel('Name (ky)').fill('Чолпон Асанова');
  await guest.getByLabel('Gender').selectOption('female');
  await guest.getByLabel('Position').selectOption('minister-justice');

  await page.locator('#paragraphs-0-en').fill('The sides discussed the reform of the judiciary.');
  await page.locator('#paragraphs-0-ru').fill('Стороны обсудили реформу судебной системы.');

  // The Russian preview agrees with the two women as the officer types.
  const ru = page.locator('#preview-ru');
  await ru.getByText('встретилась').first().waitFor();
  await ru.getByText('Чолпон Асановой').first().waitFor();
  assert.match(await previewText(page, 'ru'), /Анна Бергер встретилась с Министром юстиции Кыргызской Республики Чолпон Асановой/);
  assert.match(await previewText(page, 'ky'), /1 paragraph not yet translated into ky/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'serve-editor.png') });

  // A wrong date: the message appears next to the date field.
  await page.getByLabel('Date').fill('2207-01-20');
  const dateError = page.locator('#err-date');
  await dateError.getByText('outside 1991–2100').waitFor();
  assert.equal(await page.getByLabel('Date').getAttribute('aria-invalid'), 'true');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, 'serve-date-error.png'), clip: { x: 0, y: 0, width: 1680, height: 520 } });
  await page.getByLabel('Date').fill('2027-01-20');
  await dateError.getByText('outside').waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForFunction(() => document.getElementById('err-date').textContent === '');
  await ru.getByText('встретилась').first().waitFor();
  const preview = {};
  for (const lang of ['en', 'ru']) {
    preview[lang] = await page.locator(`#preview-${lang} .body > h3, #preview-${lang} .body > p.block`).allInnerTexts();
  }

  // Save with the keyboard, as the page's Save button would.
  await page.keyboard.press('Control+s');
  try {
    await page.waitForURL(/\/events\/2027-01-20-karakol-justice\?saved=1$/, { timeout: 10000 });
  } catch (e) {
    await page.screenshot({ path: join(shots, 'failed-save.png'), fullPage: true });
    throw e;
  }
  await page.getByText('Saved.').waitFor();

  // The saved file renders on the command line to what the preview showed.
  const file = join(project, 'examples/events/2027-01-20-karakol-justice.toml');
  const toml = readFileSync(file, 'utf8');
  assert.match(toml, /^kind = "meeting"\ndate = 2027-01-20\nplace = "karakol"\n/);
  for (const lang of ['en', 'ru']) {
    const text = execFileSync(bin, ['render', file, '--lang', lang, '--as', 'txt'],
      { cwd: project, env: { ...process.env, NO_COLOR: '1' } }).toString();
    assert.equal(text, preview[lang].map((t) => t + '\n').join('\n'), `${lang} differs from the preview`);
  }
  assert.deepEqual(failures, []);
  await context.close();
});

test('every page works from the keyboard and has labelled fields', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.goto(url.replace(/\/login.*/, '/events/new?kind=training'));
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !el.labels || el.labels.length === 0)
      .map((el) => el.name));
  assert.deepEqual(unlabelled, []);
  const langless = await page.evaluate(() =>
    [...document.querySelectorAll('textarea')].filter((t) => !t.lang).map((t) => t.name));
  assert.deepEqual(langless, []);
  // Tab reaches the first field of the form, then the add buttons work by keyboard.
  await page.locator('#name').focus();
  await page.keyboard.press('Tab');
  const moved = await page.evaluate(() => document.activeElement !== document.body && document.activeElement.id !== 'name');
  assert.ok(moved, 'focus moves on with Tab');
  const before = await page.locator('#rows-topics select').count();
  await page.getByRole('button', { name: 'Add a topic' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#rows-topics select').count(), before + 1);
  assert.equal(await page.evaluate(() => document.activeElement.name), `topics.${before}`);
});
