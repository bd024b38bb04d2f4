/**
 * Runs last (file name): searches every file VS Code wrote during this host run — the server's
 * `--user-data-dir` (settings, logs, global and workspace storage, the extension's
 * storageUri/globalStorageUri/logUri) and the browser profile (IndexedDB with globalState and
 * workspace state, localStorage with the encrypted SecretStorage) — for any token value stored or
 * used during the run. Finding one (as UTF-8 or UTF-16, whole or either half) fails the test.
 *
 * So that the scan proves something even when this file runs alone (HOST_GREP), it first pushes
 * a token of its own through every injection path.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { getExtensionApi, sleep, stateDirs, waitFor, workspaceRoot } from './helpers';

/** A fresh random token (never copied from anywhere). */
const newToken = (): string => randomBytes(20).toString('hex');

/** What a scan read and found (paths and the token's last 4 only, never a token). Every file is read whole. */
interface ScanReport {
  files: number;
  bytes: number;
  unreadable: string[];
  hits: { file: string; what: string; last4: string }[];
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/**
 * Local-history folders (`User/History/<hash>/`, VS Code's own copies of a file taken on save,
 * undo and redo; `entries.json` names the file) whose file lies in `workspace`. The tests write
 * tokens into workspace files on purpose, so VS Code's copies of those files hold them too; they
 * are the user's content, not something the extension wrote.
 */
function workspaceHistoryDirs(userDataDir: string, workspace: string): Set<string> {
  const dirs = new Set<string>();
  const history = path.join(userDataDir, 'User', 'History');
  for (const entry of fs.existsSync(history) ? fs.readdirSync(history) : []) {
    try {
      const { resource } = JSON.parse(fs.readFileSync(path.join(history, entry, 'entries.json'), 'utf8')) as { resource: string };
      if (vscode.Uri.parse(resource).path.startsWith(workspace + '/')) dirs.add(path.join(history, entry));
    } catch {
      // No or unreadable entries.json: scanned like everything else.
    }
  }
  return dirs;
}

/** Searches every regular file under `roots` for each token (UTF-8 and UTF-16LE, whole and halves). */
function scan(roots: string[], tokens: string[], skipDirs: ReadonlySet<string> = new Set()): ScanReport {
  const needles: { buf: Buffer; what: string; last4: string }[] = [];
  for (const t of tokens) {
    const last4 = t.slice(-4);
    needles.push({ buf: Buffer.from(t, 'utf8'), what: 'token (UTF-8)', last4 });
    needles.push({ buf: Buffer.from(t, 'utf16le'), what: 'token (UTF-16)', last4 });
    needles.push({ buf: Buffer.from(t.slice(0, 20), 'utf8'), what: 'first half of token', last4 });
    needles.push({ buf: Buffer.from(t.slice(20), 'utf8'), what: 'second half of token', last4 });
  }
  const files: string[] = [];
  for (const r of roots) walk(r, files);
  const report: ScanReport = { files: 0, bytes: 0, unreadable: [], hits: [] };
  for (const f of [...new Set(files)]) {
    if (skipDirs.has(path.dirname(f))) continue;
    let data: Buffer;
    try {
      data = fs.readFileSync(f);
    } catch {
      report.unreadable.push(f);
      continue;
    }
    report.files++;
    report.bytes += data.length;
    for (const n of needles) if (data.includes(n.buf)) report.hits.push({ file: f, what: n.what, last4: n.last4 });
  }
  return report;
}

describe('zz security: no token on disk', function () {
  this.timeout(120_000);

  it('no token stored or injected during the run appears in any file VS Code wrote', async function () {
    const { userDataDir, browserProfileDir } = stateDirs();
    if (!userDataDir) {
      console.log('[host] [security] GOGS_KEY_HYGIENE_USER_DATA_DIR is not set by this runner: nothing to scan');
      this.skip();
    }
    const api = (await getExtensionApi<{ testing: TestingApi }>()).testing;
    const store = api.services.store;
    const ctx = api.services.context;
    api.prompts.reset();
    api.inject?.setTrusted(undefined);

    // A token of our own through every path: terminal, new-terminal injection, the variable command.
    const value = newToken();
    const envVar = store.uniqueEnvVar('GOGS_SECURITY_TEST');
    const meta = await store.add({
      value,
      envVar,
      label: 'security sentinel',
      foundIn: { uri: vscode.Uri.file(path.join(workspaceRoot(), 'security.env')).toString(), line: 1 },
    });
    const digestFile = path.join(os.tmpdir(), `gkh-security-digest-${meta.last4}.txt`);
    const term = (await vscode.commands.executeCommand<vscode.Terminal>('gogsKeyHygiene.openTerminal', meta.id))!;
    term.sendText(`printf %s "$${envVar}" | sha256sum > '${digestFile}'`);
    await waitFor(() => fs.existsSync(digestFile) && fs.readFileSync(digestFile, 'utf8').length >= 64, 20_000, 'the terminal digest');
    assert.equal(fs.readFileSync(digestFile, 'utf8').split(' ')[0], meta.fingerprint);
    fs.rmSync(digestFile);
    api.prompts.answer('Inject into New Terminals');
    assert.equal(await vscode.commands.executeCommand('gogsKeyHygiene.startInjection', meta.id), true);
    const probe = vscode.window.createTerminal({ name: 'security probe' });
    probe.sendText('true');
    // A direct call (this test is an extension): only "Allow Once" is offered.
    api.prompts.answer('Allow Once');
    const got = await vscode.commands.executeCommand<string>('gogsKeyHygiene.tokenValue', {
      type: 'node',
      request: 'launch',
      name: 'security sentinel launch',
      env: { [envVar]: '${command:gogsKeyHygiene.tokenValue}' },
    });
    assert.equal(createHash('sha256').update(got).digest('hex'), meta.fingerprint);
    await sleep(1000);
    await vscode.commands.executeCommand('gogsKeyHygiene.stopInjection');
    term.dispose();
    probe.dispose();

    const tokens = await api.allTokenValuesSeen();
    assert.ok(tokens.includes(value), 'the registry of tokens seen has the sentinel');
    await store.delete(meta.id);
    await vscode.commands.executeCommand('gogsKeyHygiene.forgetTaskApprovals');
    // Let VS Code write what it buffers (storage flushes, logs).
    await sleep(3000);

    const roots = [userDataDir!, browserProfileDir, ctx.storageUri?.fsPath, ctx.globalStorageUri.fsPath, ctx.logUri.fsPath]
      .filter((d): d is string => !!d && fs.existsSync(d));

    // Positive control: the scanner finds a value planted in the extension's storage.
    const control = newToken();
    const controlDir = ctx.storageUri?.fsPath ?? ctx.globalStorageUri.fsPath;
    fs.mkdirSync(controlDir, { recursive: true });
    const controlFile = path.join(controlDir, 'scan-control.bin');
    fs.writeFileSync(controlFile, Buffer.concat([randomBytes(100), Buffer.from(control, 'utf16le'), randomBytes(100)]));
    const controlReport = scan(roots, [control]);
    fs.rmSync(controlFile);
    assert.ok(controlReport.hits.some((h) => h.file === controlFile && h.what === 'token (UTF-16)'), 'the scanner misses a planted value');

    const report = scan(roots, tokens, workspaceHistoryDirs(userDataDir!, workspaceRoot()));
    console.log(
      `[host] [security] scanned ${report.files} files, ${(report.bytes / 1024 / 1024).toFixed(1)} MiB under ${roots.length} folders ` +
        `for ${tokens.length} tokens; ${report.unreadable.length} unreadable; ${report.hits.length} hits`,
    );
    assert.ok(report.files > 10 && report.bytes > 0, 'the scan read next to nothing');
    const where = report.hits.map((h) => `${path.relative(path.dirname(userDataDir!), h.file)}: ${h.what} …${h.last4}`);
    assert.deepEqual(where, [], `token found on disk:\n${where.join('\n')}`);
  });
});
