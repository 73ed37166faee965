// What the browser test files need: the binary, a copy of the example
// project, a running `tilmech serve`, Debian's Chromium, and their teardown.
import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const repo = resolve(import.meta.dirname, '../..');
export const bin = process.env.TILMECH_BIN || join(repo, 'target/debug/tilmech');
export const shots = process.env.SHOTS || join(repo, 'target/browser-shots');
mkdirSync(shots, { recursive: true });

// A copy of `subs` of the repository with an empty tilmech.toml, so a test
// never writes into the repository.
export function copyProject(prefix, subs) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const sub of subs) cpSync(join(repo, sub), join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'tilmech.toml'), '');
  return dir;
}

// `tilmech serve` on a free loopback port with `args`; resolves to the
// child and the sign-in address it prints (without a trailing slash).
export function startServer(dir, args, env) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--project', dir, ...args], {
      env, stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`tilmech serve exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('Open ')) ok({ child, url: line.slice(5).replace(/\/$/, '') });
    });
  });
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// What a test file's `after` undoes, of whatever its `before` got to open.
export async function tearDown(browser, server, project) {
  await browser?.close();
  server?.kill();
  if (project) rmSync(project, { recursive: true, force: true });
}
