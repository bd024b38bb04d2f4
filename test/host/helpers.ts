/**
 * Utilities for tests that run inside a VS Code extension host (test/host/**). They use only the
 * public VS Code API, so they behave the same in code-server (scripts/run-host-tests.mjs) and in
 * desktop VS Code (test/electron/runTest.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Repository root (the tests run from out/test/host/, three levels down). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The repository's package.json (the manifest the VSIX was built from). */
export const MANIFEST: {
  name: string;
  publisher: string;
  version: string;
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
} = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

/** Extension id as VS Code knows it: `<publisher>.<name>`. */
export const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `predicate` until it returns a truthy value and resolves with that value.
 *
 * @param predicate sync or async check; an exception it throws counts as "not yet" and is
 *   reported if the wait times out.
 * @param timeoutMs total time to wait, in ms (default 5000).
 * @param intervalMs pause between polls, in ms (default 20).
 * @param what description used in the timeout error.
 * @throws Error `timed out after <timeoutMs> ms waiting for <what>` (with the predicate's last
 *   exception, if any).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Opens an untitled document with `content` in `language` (a VS Code language id such as
 * `shellscript`, `python`, `yaml`, `dotenv`, `plaintext`) and shows it in the active editor group.
 */
export async function openDoc(
  content: string,
  language = 'plaintext',
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}

/** The first workspace folder's path. @throws Error when no folder is open. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder open');
  return folder.uri.fsPath;
}

/**
 * Writes `content` to `relPath` inside the first workspace folder (creating folders), opens it
 * and shows it. The runners give every run a fresh copy of the workspace, so files written here
 * never leak into the repository.
 */
export async function openWorkspaceFile(
  relPath: string,
  content: string,
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; uri: vscode.Uri }> {
  const file = path.join(workspaceRoot(), relPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const uri = vscode.Uri.file(file);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor, uri };
}

/** Closes every editor (reverting untitled/dirty ones, so no save prompt appears). */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The extension under test. @throws Error when the host does not have it. */
export function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

/**
 * Activates the extension (if needed) and returns what its `activate()` returned. The extension
 * returns its test API (`{ testing: {...} }`) only when `GOGS_KEY_HYGIENE_TEST=1` is in the
 * host's environment, which both runners set.
 *
 * @throws Error when `activate()` returned nothing (the variable was not set).
 */
export async function getExtensionApi<T = unknown>(): Promise<T> {
  const ext = getExtension();
  const api = ext.isActive ? ext.exports : await ext.activate();
  if (api === undefined || api === null) {
    throw new Error(`${EXTENSION_ID} returned no API from activate(); is GOGS_KEY_HYGIENE_TEST=1 set for the host?`);
  }
  return api as T;
}

/** Folder where tests may write artefacts (screenshots, JSON); created on demand. */
export function resultsDir(): string {
  const dir = process.env.GOGS_KEY_HYGIENE_RESULTS_DIR ?? path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Server-side state folders of this run, for tests that grep them for leaked tokens:
 * the `--user-data-dir` of the VS Code server (settings, logs, globalStorage) and the browser
 * profile (SecretStorage, globalState). Either is `undefined` when the runner did not say.
 */
export function stateDirs(): { userDataDir?: string; browserProfileDir?: string } {
  return {
    userDataDir: process.env.GOGS_KEY_HYGIENE_USER_DATA_DIR,
    browserProfileDir: process.env.GOGS_KEY_HYGIENE_BROWSER_PROFILE_DIR,
  };
}

/**
 * The extension's quick fixes (commands in the `gogsKeyHygiene.` namespace) for `range`, through
 * `vscode.executeCodeActionProvider`. The provider sees the diagnostics of the main thread's marker
 * service, which receives what the extension host published a moment later than
 * `vscode.languages.getDiagnostics` shows it: this waits (up to `timeoutMs`, ms) until the actions
 * appear, as a user's Ctrl+. on a visible squiggle would see them. Returns [] after the timeout.
 */
export async function ourQuickFixes(uri: vscode.Uri, range: vscode.Range, timeoutMs = 5000): Promise<vscode.CodeAction[]> {
  const ask = async (): Promise<vscode.CodeAction[]> => {
    const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    return all.filter((a) => a.command?.command.startsWith('gogsKeyHygiene.'));
  };
  try {
    return await waitFor(async () => {
      const ours = await ask();
      return ours.length > 0 ? ours : undefined;
    }, timeoutMs, `quick fixes on ${uri.path}`, 50);
  } catch {
    return ask();
  }
}
