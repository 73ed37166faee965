// End-to-end: a translator corrects what `tilmech tm align` was not sure
// of, in tilmech serve's alignment review, with the keyboard only, and
// accepts it into the memory. Run by scripts/browser-tests.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, repo, shots, copyProject, startServer, launchBrowser, tearDown } from './harness.js';

let project, server, url, browser;
const extra = 'Жолугушуу эки саатка созулду.';

before(async () => {
  project = copyProject('tilmech-browser-align-', ['templates', 'locales', 'examples/events']);
  // The seed release's three versions, the Kyrgyz one with a sentence the
  // others lack: the aligner reports it unmatched and writes the review file.
  const archive = join(project, 'archive');
  mkdirSync(archive);
  const fx = join(repo, 'tests/fixtures/align');
  for (const lang of ['en', 'ru']) {
    cpSync(join(fx, `2021-06-03-rogov.${lang}.md`), join(archive, `2021-06-03-rogov.${lang}.md`));
  }
  const ky = readFileSync(join(fx, '2021-06-03-rogov.ky.md'), 'utf8')
    .replace('– деди Рогов.', `– деди Рогов. ${extra}`);
  writeFileSync(join(archive, '2021-06-03-rogov.ky.md'), ky);
  // A high threshold leaves some sure-enough units for review as well.
  execFileSync(bin, ['tm', 'align', archive, '--min-confidence', '0.97', '--review', join(project, 'alignments/archive.tsv')],
    { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
  ({ child: server, url } = await startServer(project, [], { ...process.env, NO_COLOR: '1' }));
  browser = await launchBrowser();
});

after(() => tearDown(browser, server, project));

test('a translator fills in an unmatched sentence and accepts it, keyboard only', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 800 } });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(e.message));
  await page.goto(url);
  await page.getByRole('link', { name: 'Alignments' }).click();
  await page.getByRole('link', { name: 'archive.tsv' }).click();
  const row = page.getByRole('row').filter({ hasText: 'unmatched (ky only, no en)' });
  await assert.doesNotReject(row.waitFor());
  const english = row.getByLabel(/English text of line/);
  await english.focus();
  await page.keyboard.type('The meeting lasted two hours.');
  await page.screenshot({ path: join(shots, 'alignment-review.png'), clip: { x: 0, y: 0, width: 1500, height: 640 } });
  // Tab from the text areas to the buttons, as someone without a mouse would.
  const accept = page.getByRole('button', { name: 'Save and accept into the memory' });
  for (let i = 0; i < 40 && !(await accept.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.getByText('Accepted into the memory').waitFor();
  assert.match(await page.locator('main').innerText(), /by local: \d+ units/);
  const found = JSON.parse(execFileSync(bin, ['tm', 'search', 'two hours', '--lang', 'en', '--format', 'json'],
    { cwd: project, env: { ...process.env, NO_COLOR: '1' } }));
  assert.equal(found.items.length, 1, JSON.stringify(found));
  assert.equal(found.items[0].provenance.author, 'local');
  assert.equal(found.items[0].provenance.status, 'reviewed');
  assert.deepEqual(failures, []);
  await context.close();
});
