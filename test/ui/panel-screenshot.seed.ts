/**
 * Extension-host side of the token panel screenshot (test/ui/panel-screenshot.test.ts): loaded
 * as `extensionTestsPath` in a short-lived window, it stores one token in each state through the
 * extension's test seam, so the next (normal) window shows them. The browser profile keeps
 * SecretStorage and globalState from one window to the next.
 *
 * Tokens are random (crypto.randomBytes); nothing here is ever printed.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';

/** The extension's test seam. @throws Error when the host was not started in test mode. */
export async function testingApi(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension('gogs-key-hygiene.gogs-key-hygiene');
  if (!ext) throw new Error('the extension is not installed in this host');
  const api = (ext.isActive ? ext.exports : await ext.activate()) as { testing?: TestingApi } | undefined;
  if (!api?.testing) throw new Error('no test seam: GOGS_KEY_HYGIENE_TEST=1 is not set for the host');
  return api.testing;
}

/** Local noon `days` calendar days ago. */
function localNoonDaysAgo(days: number): Date {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - days);
  return d;
}

/** Seconds VS Code web may take to flush globalState to IndexedDB before the window closes, in ms. */
const FLUSH_MS = 2000;

/** Replaces every stored token with four samples: ok, due soon, overdue, pending revocation. */
export async function run(): Promise<void> {
  const { services } = await testingApi();
  const { store } = services;
  for (const m of store.list()) await store.delete(m.id);
  const token = (): string => randomBytes(20).toString('hex');
  const old = await store.add({
    value: token(),
    envVar: 'GOGS_DEPLOY_TOKEN',
    label: 'git.example.test (deploy, old)',
    host: 'https://git.example.test',
    hostConfirmed: true,
    username: 'deploy',
    createdAt: localNoonDaysAgo(97),
  });
  await store.add({
    value: token(),
    envVar: 'GOGS_TOKEN',
    label: 'git.example.test (alice)',
    host: 'https://git.example.test',
    hostConfirmed: true,
    username: 'alice',
    createdAt: localNoonDaysAgo(43),
  });
  await store.add({
    value: token(),
    envVar: 'GOGS_CI_TOKEN',
    label: 'git.example.test (ci)',
    host: 'https://git.example.test',
    hostConfirmed: true,
    username: 'ci',
    createdAt: localNoonDaysAgo(85),
  });
  await store.add({
    value: token(),
    envVar: 'GITEA_TOKEN',
    label: 'gitea.example.org (alice)',
    host: 'https://gitea.example.org',
    hostConfirmed: true,
    username: 'alice',
    createdAt: localNoonDaysAgo(95),
  });
  const fresh = await store.add({
    value: token(),
    envVar: 'GOGS_DEPLOY_TOKEN_2',
    label: 'git.example.test (deploy)',
    host: 'https://git.example.test',
    hostConfirmed: true,
    username: 'deploy',
    createdAt: localNoonDaysAgo(2),
    replaces: old.id,
  });
  await store.update(old.id, { state: 'pending-revocation', replacedBy: fresh.id });
  await new Promise((r) => setTimeout(r, FLUSH_MS));
}
