// End-to-end: translators review in tilmech serve's review view, in Debian's
// Chromium driven by playwright-core. Run by scripts/browser-tests.sh, which
// builds tilmech and sets TILMECH_BIN and SHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repo, bin, shots, copyProject, startServer, launchBrowser, tearDown } from './harness.js';

const shared = resolve(repo, '../shared');
const hasShared = existsSync(join(shared, 'reference/archive'));
if (!hasShared) console.log('SKIPPED review acceptance test: ../shared/reference/archive is absent (CI has it)');
const env = { ...process.env, NO_COLOR: '1', TILMECH_TM: '' };

let project, server, url, browser;

function tilmech(args, input) {
  return execFileSync(bin, args, { cwd: project, env, input }).toString();
}

// The seed event with only its English free text, and with `paragraphs`
// (a list of English paragraphs) instead of its own when given.
function seedEvent(name, paragraphs) {
  let text = readFileSync(join(repo, 'examples/events/2021-06-03-rogov-kazakbaev.toml'), 'utf8')
    .split('\n').filter((l) => !/^(ru|ky) = /.test(l)).join('\n');
  if (paragraphs) {
    text = text.slice(0, text.indexOf('[[paragraphs]]'))
      + paragraphs.map((p) => `[[paragraphs]]\nen = ${JSON.stringify(p)}\n`).join('\n');
  }
  const path = join(project, `examples/events/${name}.toml`);
  writeFileSync(path, text);
  return path;
}

before(async () => {
  project = copyProject('tilmech-review-', ['templates', 'locales']);
  mkdirSync(join(project, 'examples/events'), { recursive: true });
  for (const user of ['aigul', 'bakyt']) {
    tilmech(['user', 'add', user, '--role', 'translator', '--users', 'users.toml'], `${user}-passphrase\n`);
  }
  const tm = join(project, 'tm.sqlite');
  if (hasShared) tilmech(['tm', 'align', join(shared, 'reference/archive'), '--tm', tm]);
  // One unit close to the QA test's sentence, whatever the archive holds.
  writeFileSync(join(project, 'near.tsv'), 'The office trained 25 beekeepers in Bishkek.\tОфис обучил 25 пчеловодов в Бишкеке.\n');
  tilmech(['tm', 'import', 'near.tsv', '--lang', 'en,ru', '--tm', tm]);
  seedEvent('two-reviewers', ['The sides agreed to meet again. They signed a memorandum.']);
  seedEvent('qa-override', ['The office trained 450 beekeepers in Osh.']);
  if (hasShared) seedEvent('seed');
  ({ child: server, url } = await startServer(project,
    ['--users', join(project, 'users.toml'), '--tm', join(project, 'tm.sqlite')], env));
  browser = await launchBrowser();
});

after(() => tearDown(browser, server, project));

async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(e.message));
  page.on('console', (m) => {
    // A refused confirm (409, 422) is an answer the page shows, not a failure.
    if (m.type() === 'error' && !/status of (409|422)/.test(m.text())) failures.push(m.text());
  });
  await page.goto(url + '/login');
  await page.getByLabel('Name').fill(user);
  await page.getByLabel('Password').fill(`${user}-passphrase`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(url + '/');
  return { context, page, failures };
}

const segment = (page, id) => page.locator(`#seg-${id.replace('.', '-')}`);
const target = (page, id) => page.locator(`#tgt-${id.replace('.', '-')}`);
async function waitStatus(page, id, status) {
  await page.waitForFunction(([sel, st]) => document.querySelector(sel)?.dataset.status === st,
    [`#seg-${id.replace('.', '-')}`, status]);
}

// The reference translation's free-text sentences by segment id (p1.s1…),
// cut by tilmech's own segmenter, as the review view cuts the source.
function referenceSentences(lang) {
  const text = readFileSync(join(shared, `reference/seed-release.${lang}.md`), 'utf8');
  const paragraphs = text.trim().split('\n\n').slice(3);
  const out = tilmech(['segment', '--lang', lang], paragraphs.join('\n\n') + '\n');
  const ids = {};
  out.trim().split('\n\n').forEach((p, i) => {
    p.split('\n').forEach((s, j) => { ids[`p${i + 1}.s${j + 1}`] = s; });
  });
  return ids;
}

test('a translator reviews the seed release in the browser and render reproduces the reference', { skip: !hasShared && 'SKIPPED: ../shared/reference is absent' }, async () => {
  const { context, page, failures } = await signIn('aigul');
  const reference = referenceSentences('ru');
  await page.getByRole('link', { name: /Review ru/ }).first().waitFor();
  await page.goto(url + '/events/seed/review/ru');

  // The 60 % match for the sentence, with the diff against the stored source.
  const asked = 'He asked the OSCE to assist Kyrgyzstan in these processes.';
  const id = await page.locator('.segment', { hasText: asked }).getAttribute('data-id');
  const matches = segment(page, id).locator('.match');
  const scores = await matches.locator('.badge.score').allInnerTexts();
  const at = scores.indexOf('60 %');
  assert.ok(at >= 0, `a 60 % match among ${scores}`);
  const diff = matches.nth(at).locator('.match-diff');
  assert.equal(await diff.locator('del').first().innerText(), 'improving');
  assert.equal(await diff.locator('ins').first().innerText(), 'these');

  await target(page, id).focus();
  await page.keyboard.press(`Control+${at + 1}`);
  assert.equal(await target(page, id).inputValue(),
    'Он попросил ОБСЕ оказать Кыргызстану содействие в расширении доступа к бесплатной юридической помощи.');
  await segment(page, id).screenshot({ path: join(shots, 'review-match.png') });
  // Edited to the reference translation, confirmed with the keyboard.
  await target(page, id).fill(reference[id]);
  await page.keyboard.press('Control+Enter');
  await waitStatus(page, id, 'confirmed');
  const focused = await page.evaluate(() => document.activeElement.closest('.segment')?.dataset.status);
  assert.notEqual(focused, 'confirmed', 'Ctrl+Enter moves on to a segment not yet confirmed');

  // The other segments typed, then confirmed all at once.
  const ids = await page.locator('.segment').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.deepEqual(ids, Object.keys(reference));
  for (const other of ids.filter((i) => i !== id)) await target(page, other).fill(reference[other]);
  await page.getByRole('button', { name: 'Confirm all shown' }).click();
  for (const other of ids) await waitStatus(page, other, 'confirmed');
  await page.locator('#progress').getByText(`${ids.length} of ${ids.length} segments confirmed`).waitFor();

  const rendered = tilmech(['render', join(project, 'examples/events/seed.toml'), '--lang', 'ru']);
  assert.equal(rendered, readFileSync(join(shared, 'reference/seed-release.ru.md'), 'utf8'));
  for (const i of ids) {
    const unit = JSON.parse(tilmech(['tm', 'search', reference[i], '--lang', 'ru', '--format', 'json',
      '--tm', join(project, 'tm.sqlite')])).items.find((u) => u.provenance.document === 'seed');
    assert.ok(unit, `the memory holds ${i}`);
    assert.equal(unit.provenance.status, 'reviewed', i);
    assert.equal(unit.provenance.author, 'aigul', i);
  }

  // The events list shows the progress.
  await page.goto(url + '/');
  const progress = await page.locator('a.progress[href="/events/seed/review/ru"]').innerText();
  assert.match(progress, new RegExp(`^ru: ${ids.length}/${ids.length} segments · (\\d+)/\\1 words$`));

  // Into Kyrgyz, the Russian text of the same segment is shown beside it.
  await page.goto(url + '/events/seed/review/ky');
  assert.equal(await segment(page, id).locator('.pivot [lang=ru]').innerText(), reference[id]);
  assert.deepEqual(failures, []);
  await context.close();
});

test('two reviewers at once: a segment changed since loaded is a conflict showing both, never overwritten', async () => {
  const a = await signIn('aigul');
  const b = await signIn('bakyt');
  await a.page.goto(url + '/events/two-reviewers/review/ru');
  await b.page.goto(url + '/events/two-reviewers/review/ru');

  await target(a.page, 'p1.s1').fill('Стороны договорились встретиться снова.');
  await a.page.keyboard.press('Control+Enter');
  await waitStatus(a.page, 'p1.s1', 'confirmed');

  await target(b.page, 'p1.s1').fill('Стороны условились о новой встрече.');
  await segment(b.page, 'p1.s1').getByRole('button', { name: 'Confirm' }).click();
  const conflict = segment(b.page, 'p1.s1').locator('[data-role=conflict]');
  await conflict.getByText('Changed by aigul').waitFor();
  assert.equal(await conflict.locator('.theirs').innerText(), 'Стороны договорились встретиться снова.');
  assert.equal(await conflict.locator('.yours').innerText(), 'Стороны условились о новой встрече.');
  const history = JSON.parse(readFileSync(join(project, '.tilmech/history/two-reviewers.jsonl'), 'utf8').trim().split('\n').at(-1));
  assert.equal(history.target, 'Стороны договорились встретиться снова.', 'the first confirm is kept');

  // B decides for their own version, knowingly; the history keeps both.
  await conflict.getByRole('button', { name: 'Confirm mine over theirs' }).click();
  await conflict.waitFor({ state: 'hidden' });
  await segment(b.page, 'p1.s1').getByRole('button', { name: 'History' }).click();
  const versions = segment(b.page, 'p1.s1').locator('.history li');
  await versions.nth(1).waitFor();
  assert.equal(await versions.count(), 2);
  assert.match(await versions.first().innerText(), /bakyt/);
  assert.ok(await versions.first().locator('del').count() > 0, 'the change from the version before is shown');
  // A revert is one more confirmed version.
  await versions.nth(1).getByRole('button', { name: 'Revert to this version' }).click();
  await b.page.waitForFunction(() => document.querySelector('#tgt-p1-s1').value === 'Стороны договорились встретиться снова.');
  await segment(b.page, 'p1.s1').getByRole('button', { name: 'History' }).click();
  await segment(b.page, 'p1.s1').locator('.history li').nth(2).waitFor();
  assert.match(await segment(b.page, 'p1.s1').locator('.history li').first().innerText(), /reverts version 1/);
  assert.deepEqual([...a.failures, ...b.failures], []);
  await a.context.close();
  await b.context.close();
});

test('confirming a segment whose checks fail asks once and records the override', async () => {
  const { context, page, failures } = await signIn('aigul');
  await page.goto(url + '/events/qa-override/review/ru');
  const seg = segment(page, 'p1.s1');
  // The memory's near match, its number carried over, with the diff.
  assert.equal(await target(page, 'p1.s1').inputValue(), 'Офис обучил 450 пчеловодов в Бишкеке.');
  assert.equal(await seg.locator('.match-diff del', { hasText: 'Bishkek' }).count(), 1);
  await target(page, 'p1.s1').fill('Офис обучил 405 пчеловодов в Оше.');
  await seg.locator('ul.qa li.error', { hasText: 'the source has 450' }).waitFor();
  await page.screenshot({ path: join(shots, 'review-view.png'), clip: { x: 0, y: 0, width: 1400, height: 760 } });

  let asked = 0;
  page.on('dialog', () => { asked += 1; });
  await page.keyboard.press('Control+Enter');
  const dialog = page.locator('#qa-confirm');
  await dialog.getByText('the source has 450').waitFor();
  await dialog.getByRole('button', { name: 'Confirm anyway' }).click();
  await waitStatus(page, 'p1.s1', 'confirmed');
  assert.equal(asked, 0, 'asked in the page, not by a browser prompt');
  const units = JSON.parse(tilmech(['tm', 'search', 'Офис обучил 405', '--lang', 'ru', '--format', 'json', '--tm', join(project, 'tm.sqlite')])).items;
  assert.equal(units.length, 1);
  assert.equal(units[0].provenance.status, 'reviewed (QA overridden: numbers)');
  assert.equal(units[0].provenance.author, 'aigul');
  const entry = JSON.parse(readFileSync(join(project, '.tilmech/history/qa-override.jsonl'), 'utf8').trim());
  assert.deepEqual(entry.overridden, ['numbers']);
  // The whole paragraph is confirmed, so it is in the event file.
  assert.match(readFileSync(join(project, 'examples/events/qa-override.toml'), 'utf8'), /ru = "Офис обучил 405 пчеловодов в Оше\."/);
  assert.deepEqual(failures, []);
  await context.close();
});

test('the review view is labelled and its shortcuts are listed on ?', async () => {
  const { context, page } = await signIn('bakyt');
  await page.goto(url + '/events/two-reviewers/review/ru');
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id));
  assert.deepEqual(unlabelled, []);
  await page.locator('h1').click();
  await page.keyboard.press('?');
  await page.locator('#help').getByText('Ctrl').first().waitFor();
  await page.keyboard.press('Escape');
  // Concordance from the keyboard, hits highlighted.
  await target(page, 'p1.s1').focus();
  await page.keyboard.press('Control+Shift+F');
  await page.locator('#concordance-q').fill('beekeepers');
  await page.keyboard.press('Enter');
  await page.locator('#concordance-hits mark', { hasText: 'beekeepers' }).first().waitFor();
  await context.close();
});
