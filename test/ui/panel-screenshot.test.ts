/**
 * The token panel as a person sees it: one token in each state (ok, due soon, overdue, pending
 * revocation), the activity-bar badge, the status-bar item and a tooltip, with screenshots
 * (`test-results/ui-token-panel.png`, `test-results/ui-token-panel-tooltip.png`).
 *
 * The sample tokens are stored by panel-screenshot.seed.js, run as `extensionTestsPath` in a
 * short-lived window (the recipe's route for running code in the extension host), and removed by
 * panel-screenshot.clear.js at the end.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, Workbench } from './workbench';

/**
 * Runs `module` (a compiled file exporting `run()`) inside the extension host of a throw-away
 * window and resolves with the exit code the workbench reports (0 when `run()` resolved).
 */
async function runInExtensionHost(module: string, timeoutMs = 60_000): Promise<number> {
  const base = new URL(process.env.GKH_UI_BASE_URL ?? '');
  const remote = (p: string): string => `vscode-remote://${base.host}${p}`;
  // extensionTestsPath is honoured only with an extensionDevelopmentPath: an empty stand-in.
  const devExt = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-panel-ui-'));
  fs.writeFileSync(
    path.join(devExt, 'package.json'),
    JSON.stringify({ name: 'gkh-panel-ui-seed', publisher: 'gogs-key-hygiene-tests', version: '0.0.0', engines: { vscode: '^1.100.0' } }),
  );
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));
  const wb = await Workbench.open({
    waitForReady: false,
    payload: [
      ['extensionDevelopmentPath', remote(devExt)],
      ['extensionTestsPath', remote(module)],
    ],
    beforeGoto: async (page) => {
      await page.exposeFunction('codeAutomationLog', () => undefined);
      await page.exposeFunction('codeAutomationExit', (code: number) => onExit(code));
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([exited, new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`${path.basename(module)} did not finish in ${timeoutMs} ms`)), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
    await wb.close();
    fs.rmSync(devExt, { recursive: true, force: true });
  }
}

describe('token panel (UI)', function () {
  this.timeout(180_000);
  const outDir = path.join(REPO_ROOT, 'out', 'test', 'ui');
  let wb: Workbench | undefined;

  after(async () => {
    await wb?.close();
    await runInExtensionHost(path.join(outDir, 'panel-screenshot.clear.js')).catch(() => undefined);
  });

  it('shows one token in each state with badge, status bar and tooltip (screenshots)', async () => {
    assert.equal(await runInExtensionHost(path.join(outDir, 'panel-screenshot.seed.js')), 0, 'seeding the sample tokens failed');

    wb = await Workbench.open();
    const page = wb.page;
    // Click the extension's activity-bar icon, as a person would (it appears once the workbench knows the extension).
    const iconLabel = '.action-label[aria-label^="Gogs Key Hygiene"]';
    const activityIcon = page.locator(`.activitybar .action-item ${iconLabel}`);
    await activityIcon.waitFor({ timeout: 30_000 });
    await activityIcon.click();
    const row = (text: string) => page.locator('.monaco-list-row', { hasText: text });
    await row('overdue by 5 days').waitFor({ timeout: 30_000 });
    for (const text of ['overdue by 5 days', '85 days · rotate in 5 days', '43 days · rotate in 47 days', 'pending revocation', '2 days · rotate in 88 days']) {
      await row(text).waitFor({ timeout: 5000 });
    }
    // One icon shape per state.
    assert.equal(await row('overdue by 5 days').locator('.codicon-warning').count(), 1);
    assert.equal(await row('85 days').locator('.codicon-clock').count(), 1);
    assert.equal(await row('43 days').locator('.codicon-key').count(), 1);
    assert.equal(await row('pending revocation').locator('.codicon-circle-slash').count(), 1);

    // Badge on the activity-bar icon and the status-bar item: 2 due (one due soon, one overdue).
    const badge = page.locator('.activitybar .action-item', { has: page.locator(iconLabel) }).locator('.badge-content');
    await badge.waitFor({ timeout: 10_000 });
    let badgeText = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && badgeText !== '2'; await page.waitForTimeout(100)) {
      badgeText = (await badge.innerText()).trim();
    }
    assert.equal(badgeText, '2', 'activity-bar badge');
    const status = page.locator('.statusbar-item', { hasText: '2 tokens due' });
    await status.waitFor({ timeout: 10_000 });

    // Widen the side bar (drag its edge) so that the descriptions are not cut off.
    const sidebar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (sidebar) {
      const y = sidebar.y + sidebar.height / 2;
      await page.mouse.move(sidebar.x + sidebar.width - 1, y);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + 560, y, { steps: 10 });
      await page.mouse.up();
    }
    await page.mouse.move(900, 600);
    await page.waitForTimeout(300);
    const shot = await wb.screenshot('ui-token-panel');
    assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is empty');

    // The Markdown tooltip of the overdue token.
    await row('overdue by 5 days').hover();
    const hover = page.locator('.monaco-hover', { hasText: 'Fingerprint (SHA-256)' });
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    assert.match(text, /Host: https:\/\/gitea\.example\.org/);
    assert.match(text, /Ends in: …[0-9a-f]{4}/);
    await wb.screenshot('ui-token-panel-tooltip');
  });
});
