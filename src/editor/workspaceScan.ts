import * as vscode from 'vscode';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectionConfig } from '../config';
import { Commands } from '../constants';
import { startScan } from '../detection';
import { decodeFileBytes } from '../detection/filePolicy';
import { Services } from '../services';
import { byDepth, IgnoreLayer, ignoreLayer, isIgnoredPath } from '../util/gitignore';
import { DiagnosticsController } from './diagnostics';
import { isExcluded } from './documents';
import { EDITOR_SCAN_BUDGET, runInSlices } from './slices';

/** Outcome of a workspace scan, shown as the closing summary and returned to callers/tests. */
export interface WorkspaceScanSummary {
  /** Files read and checked. */
  files: number;
  /** Findings in all checked files. */
  findings: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  /** Files passed over: binary, over the size cap, unreadable. */
  skipped: number;
  /** Files left out by `.gitignore` or the exclude setting. */
  excluded: number;
  /** Wall time in ms. */
  ms: number;
  cancelled: boolean;
}

const CONCURRENCY = 8;

/**
 * Registers **Scan Workspace for Gogs Tokens**: every workspace folder, `files.exclude` (through
 * `workspace.findFiles`), nested `.gitignore` files and `.git/info/exclude` (as git applies them, the
 * same rules as the CLI: src/util/gitignore.ts), the `gogsKeyHygiene.exclude` globs; the file policy of
 * src/detection/filePolicy.ts (UTF-16 with a BOM decoded, binaries skipped); files over
 * `gogsKeyHygiene.scan.maxFileSizeKB` are skipped. Of `.git/` only `config` is read (credentials
 * in remote URLs). Diagnostics are published for files that are not open; progress with cancel.
 */
export function registerWorkspaceScan(services: Services, diagnostics: DiagnosticsController): void {
  services.context.subscriptions.push(
    vscode.commands.registerCommand(Commands.scanWorkspace, (options?: { quiet?: boolean }) => scanWorkspace(services, diagnostics, options?.quiet === true)),
  );
}

async function scanWorkspace(services: Services, diagnostics: DiagnosticsController, quiet: boolean): Promise<WorkspaceScanSummary | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void services.prompts.showInformationMessage('Gogs Key Hygiene: open a folder to scan it for Gogs tokens.');
    return undefined;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Scanning for Gogs tokens', cancellable: true },
    (progress, token) => runScan(folders, diagnostics, progress, token),
  );
  const secs = (summary.ms / 1000).toFixed(1);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const found =
    summary.findings === 0
      ? summary.cancelled
        ? 'no tokens in them'
        : 'no tokens found'
      : `${plural(summary.findings, 'token')} in ${plural(summary.filesWithFindings, 'file')}`;
  const text =
    (summary.cancelled
      ? `Gogs Key Hygiene: scan cancelled after ${plural(summary.files, 'file')} (${secs} s), ${found}; the rest of the workspace was not checked.`
      : `Gogs Key Hygiene: scanned ${plural(summary.files, 'file')} in ${secs} s — ${found}.`) +
    (summary.skipped ? ` ${summary.skipped} binary or oversized files were skipped.` : '');
  services.log.info(`${text} ${summary.excluded} files excluded by .gitignore or settings.`);
  if (!quiet) {
    void services.prompts.showInformationMessage(text, ...(summary.findings > 0 ? ['Show Problems'] : [])).then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return summary;
}

async function runScan(
  folders: readonly vscode.WorkspaceFolder[],
  diagnostics: DiagnosticsController,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<WorkspaceScanSummary> {
  const started = Date.now();
  const summary: WorkspaceScanSummary = { files: 0, findings: 0, filesWithFindings: 0, skipped: 0, excluded: 0, ms: 0, cancelled: false };
  const work: { uri: vscode.Uri; settings: ScanSettings }[] = [];
  for (const folder of folders) {
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, undefined, token);
    const config = detectionConfig(folder.uri);
    const settings = scanSettings(folder.uri);
    const gitignored = config.scanUseGitignore ? await loadGitignores(folder) : () => false;
    for (const uri of files) {
      const rel = path.posix.relative(folder.uri.path, uri.path);
      if (gitignored(rel) || isExcluded(uri, config)) summary.excluded++;
      else work.push({ uri, settings });
    }
    const gitConfig = vscode.Uri.joinPath(folder.uri, '.git', 'config');
    if (await exists(gitConfig)) work.push({ uri: gitConfig, settings });
  }
  let next = 0;
  let done = 0;
  const step = 100 / Math.max(1, work.length);
  const worker = async (): Promise<void> => {
    while (next < work.length && !token.isCancellationRequested) {
      const { uri, settings } = work[next++];
      await checkFile(uri, settings, diagnostics, summary, token);
      done++;
      if (done % 50 === 0) {
        progress.report({ message: `${done} of ${work.length} files`, increment: 50 * step });
        await new Promise((r) => setImmediate(r)); // let the extension host breathe
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  summary.cancelled = token.isCancellationRequested;
  summary.ms = Date.now() - started;
  return summary;
}

/** Per-folder settings, read once per scan (resource-scoped settings are per folder here). */
interface ScanSettings {
  ignoredFingerprints: string[];
  maxBytes: number;
}

function scanSettings(uri: vscode.Uri): ScanSettings {
  const config = detectionConfig(uri);
  return { ignoredFingerprints: config.ignoredFingerprints, maxBytes: config.scanMaxBytes };
}

/**
 * Reads a file's bytes, at most `maxBytes` (0 = no cap): Node's `fs` for `file:` URIs (the
 * extension host runs beside the files), `workspace.fs` for other schemes. `undefined` = too large.
 */
async function readCapped(uri: vscode.Uri, maxBytes: number): Promise<Uint8Array | undefined> {
  if (uri.scheme === 'file') {
    const handle = await fs.open(uri.fsPath, 'r');
    try {
      const { size } = await handle.stat();
      if (maxBytes > 0 && size > maxBytes) return undefined;
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (maxBytes > 0 && stat.size > maxBytes) return undefined;
  return vscode.workspace.fs.readFile(uri);
}

/**
 * Checks one file; the scan runs in slices with the event loop's turns in between (no time limit: the user asked
 * for the whole workspace, and can cancel, which stops the file's scan at its next slice).
 */
async function checkFile(uri: vscode.Uri, settings: ScanSettings, diagnostics: DiagnosticsController, summary: WorkspaceScanSummary, token: vscode.CancellationToken): Promise<void> {
  try {
    const bytes = await readCapped(uri, settings.maxBytes);
    const text = bytes && decodeFileBytes(bytes);
    if (text === undefined) {
      summary.skipped++;
      return;
    }
    const job = startScan(text, { fileName: uri.path, ignoredFingerprints: settings.ignoredFingerprints, maxBytes: 0 });
    const result = await runInSlices(job, { sliceMs: EDITOR_SCAN_BUDGET.sliceMs, totalMs: Infinity }, () => !token.isCancellationRequested);
    if (result === undefined) return; // cancelled
    const { findings } = result;
    summary.files++;
    if (findings.length > 0) {
      summary.findings += findings.length;
      summary.filesWithFindings++;
    }
    await diagnostics.publishForFile(uri, findings, text);
  } catch {
    summary.skipped++;
  }
}

/**
 * A predicate over folder-relative POSIX paths that applies every `.gitignore` in the folder and
 * `.git/info/exclude` as git does (src/util/gitignore.ts, the same rules as the CLI's walk).
 */
async function loadGitignores(folder: vscode.WorkspaceFolder): Promise<(rel: string) => boolean> {
  const layers: IgnoreLayer[] = [];
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'));
  const read = async (uri: vscode.Uri): Promise<string | undefined> => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  };
  const exclude = await read(vscode.Uri.joinPath(folder.uri, '.git', 'info', 'exclude'));
  if (exclude) layers.push(ignoreLayer('', exclude));
  for (const uri of files) {
    const text = await read(uri);
    if (text === undefined) continue;
    const dir = path.posix.relative(folder.uri.path, path.posix.dirname(uri.path));
    layers.push(ignoreLayer(dir, text));
  }
  if (layers.length === 0) return () => false;
  const ordered = byDepth(layers);
  return (rel) => isIgnoredPath(ordered, rel);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
