/**
 * Playwright helpers that drive a VS Code web workbench (served by code-server) the way a person
 * does: open a folder, open a file, type, press keys, use the command palette, take screenshots.
 *
 * Used by the UI tests in test/ui/*.test.ts and by scripts/run-host-tests.mjs (which also opens
 * the window that runs the host tests). Configuration comes from the environment, which the
 * runner sets before loading the tests:
 * - `GKH_UI_BASE_URL`: the code-server URL, e.g. `http://127.0.0.1:41234/` (required).
 * - `GKH_UI_WORKSPACE`: absolute folder the workbench opens by default (required).
 * - `GKH_RESULTS_DIR`: where screenshots go (default `<repo>/test-results`).
 * - `GKH_BROWSER_PROFILE_DIR`: Chromium profile folder (default: a fresh temp folder).
 * - `CHROMIUM_PATH`: the browser binary (default `/usr/bin/chromium`, Debian's package).
 *
 * Nothing here imports `vscode`: this code runs in plain Node, outside the extension host.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Repository root (compiled to out/test/ui/, three levels down). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Chromium flags that avoid stalls on a closed network (shared/recipes/vscode-host.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Where screenshots and other artefacts go; created on demand. */
export function resultsDir(): string {
  const dir = process.env.GKH_RESULTS_DIR ?? path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the UI tests through scripts/run-host-tests.mjs`);
  return v;
}

let contextPromise: Promise<BrowserContext> | undefined;

/**
 * The shared browser context (one headless Chromium with one profile for the whole run, so
 * SecretStorage and globalState persist from one window to the next, as for a real user).
 * Launched on first use.
 */
export function browserContext(): Promise<BrowserContext> {
  contextPromise ??= (async () => {
    const profileDir =
      process.env.GKH_BROWSER_PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-chromium-'));
    fs.mkdirSync(profileDir, { recursive: true });
    return chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
      env: process.env as Record<string, string>,
    });
  })();
  return contextPromise;
}

/**
 * Screenshots every open tab of the shared browser as `<results>/<prefix>-<n>.png` (the runner
 * calls it when a UI test fails). Returns the files written.
 */
export async function screenshotAllPages(prefix: string): Promise<string[]> {
  if (!contextPromise) return [];
  const pages = (await contextPromise).pages();
  const files: string[] = [];
  for (const [i, page] of pages.entries()) {
    const file = path.join(resultsDir(), `${prefix.replace(/[^\w.-]+/g, '-').slice(0, 80)}-${i}.png`);
    if (await page.screenshot({ path: file }).then(() => true, () => false)) files.push(file);
  }
  return files;
}

/** Closes the shared browser, if it was launched. */
export async function closeBrowser(): Promise<void> {
  const p = contextPromise;
  contextPromise = undefined;
  if (p) await (await p).close().catch(() => undefined);
}

/**
 * URL of a workbench window on `folder`.
 *
 * @param payload extra launch arguments, as VS Code web reads them from the `payload` query
 *   parameter: pairs such as `["extensionDevelopmentPath", "vscode-remote://host:port/abs"]`.
 */
export function workbenchUrl(folder: string, payload?: [string, string][], baseUrl = requiredEnv('GKH_UI_BASE_URL')): string {
  const url = new URL(baseUrl);
  url.searchParams.set('folder', folder);
  if (payload?.length) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** Options for {@link Workbench.open}. */
export interface OpenOptions {
  /** Folder to open (default `GKH_UI_WORKSPACE`). */
  folder?: string;
  /** VS Code web launch arguments (see {@link workbenchUrl}). */
  payload?: [string, string][];
  /** Called with the new page before it navigates (e.g. to `exposeFunction`). */
  beforeGoto?: (page: Page) => Promise<void>;
  /** Wait until the workbench and the Explorer's first row are shown (default true). */
  waitForReady?: boolean;
  /** ms to wait for the workbench to be ready (default 60000). */
  timeoutMs?: number;
}

/** One browser tab showing a VS Code workbench. */
export class Workbench {
  private constructor(readonly page: Page) {}

  /** Opens a new workbench tab; see {@link OpenOptions}. */
  static async open(options: OpenOptions = {}): Promise<Workbench> {
    const ctx = await browserContext();
    const page = await ctx.newPage();
    // A persistent context starts with one blank tab; it is of no use.
    for (const p of ctx.pages()) if (p !== page && p.url() === 'about:blank') await p.close();
    const wb = new Workbench(page);
    if (options.beforeGoto) await options.beforeGoto(page);
    const folder = options.folder ?? requiredEnv('GKH_UI_WORKSPACE');
    await page.goto(workbenchUrl(folder, options.payload));
    if (options.waitForReady ?? true) await wb.waitForReady(options.timeoutMs ?? 60_000, folder);
    return wb;
  }

  /**
   * Waits for the workbench shell and, when `folder` has files, for the Explorer's first row
   * (the folder is loaded).
   */
  async waitForReady(timeoutMs = 60_000, folder?: string): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    const hasFiles = folder === undefined || fs.readdirSync(folder).length > 0;
    const ready = hasFiles ? '.explorer-folders-view .monaco-list-row' : '.explorer-folders-view';
    await this.page.locator(ready).first().waitFor({ state: hasFiles ? 'visible' : 'attached', timeout: timeoutMs });
  }

  /** Presses a key or chord, Playwright syntax (`F1`, `Control+Period`, `Control+Shift+P`). */
  async press(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
  }

  /** Types `text` into whatever has focus, one key at a time (`delayMs` between keys). */
  async type(text: string, delayMs = 15): Promise<void> {
    await this.page.keyboard.type(text, { delay: delayMs });
  }

  /**
   * Opens the command palette (F1) and types `filter` into it, then checks the palette still
   * shows what was typed (a window that opens late can steal the focus; then it tries again).
   * @throws Error when the palette cannot be opened with the filter after 3 tries.
   */
  async openCommandPalette(filter = ''): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    let value = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await input.isVisible())) await this.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill('>');
      if (filter) await this.type(filter, 5);
      value = await input.inputValue();
      if ((await input.isVisible()) && value === `>${filter}`) return;
      await this.press('Escape');
    }
    throw new Error(`could not type "${filter}" into the command palette (it shows "${value}")`);
  }

  /** `aria-label`s of the rows the open quick pick shows (the command palette, Quick Open, …). */
  async quickPickLabels(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).filter(Boolean);
  }

  /**
   * Waits until some quick-pick row's label contains `text`; returns all labels then.
   * @throws Error naming the labels seen when `timeoutMs` (default 10000) passes.
   */
  async waitForQuickPickLabel(text: string, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = await this.quickPickLabels();
      if (labels.some((l) => l.includes(text))) return labels;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`no quick-pick row contains "${text}" after ${timeoutMs} ms; rows: ${JSON.stringify(labels)}`);
  }

  /**
   * Opens the command palette filtered by `filter` (default: `label`) and waits until a row
   * contains `label`. The palette lists the commands known when it opens, and an extension's
   * contributions arrive a moment after the window, so it closes and reopens the palette until
   * the row is there. Leaves the palette open; returns all row labels.
   * @throws Error naming the rows seen when `timeoutMs` (default 30000) passes.
   */
  async findInCommandPalette(label: string, filter = label, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.openCommandPalette(filter);
      const remaining = deadline - Date.now();
      try {
        return await this.waitForQuickPickLabel(label, Math.min(2000, Math.max(remaining, 100)));
      } catch (err) {
        if (Date.now() >= deadline) throw err;
        await this.press('Escape');
      }
    }
  }

  /** Runs a command from the palette by its label (`Category: Title`), as a person would. */
  async runCommand(label: string): Promise<void> {
    await this.findInCommandPalette(label);
    await this.press('Enter');
  }

  /**
   * Opens a file of the workspace with Quick Open (Ctrl+P), waits for its editor tab, and puts
   * the cursor in the editor.
   *
   * @param relPath path relative to the workspace folder.
   */
  async openFile(relPath: string, timeoutMs = 15_000): Promise<void> {
    await this.press('Control+P');
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.type(relPath, 5);
    await this.waitForQuickPickLabel(path.basename(relPath), timeoutMs);
    await this.press('Enter');
    await this.page
      .locator(`.tabs-container .tab.active[aria-label^="${path.basename(relPath)}"]`)
      .waitFor({ timeout: timeoutMs });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  }

  /** Text of the active editor's visible lines (what is on screen, not the whole file). */
  async visibleEditorText(): Promise<string> {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText();
  }

  /** Saves a PNG screenshot of the page as `<results>/<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(resultsDir(), `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes this tab. */
  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}
