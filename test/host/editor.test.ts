/**
 * The main job of the extension, driven through the real VS Code API: diagnostics on open and on
 * change, the quick fix that moves a token into the keychain (exact rewritten text, Undo), the
 * failing-keychain case, the ignore fixes, and the workspace scan over the dev corpus.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import { writePolicyTree } from '../support/filePolicyTree';
import { closeAllEditors, getExtensionApi, openDoc, openWorkspaceFile, ourQuickFixes, REPO_ROOT, waitFor, workspaceRoot } from './helpers';

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
      assert.ok(text.includes(`Not in the ${api.services.store.backendName} yet`), text);
      assert.ok(text.includes(token.slice(-4)));
      assert.ok(!text.includes(token));
    });

    it('does not check a document over the size cap, and says so in the status bar', async () => {
      const config = vscode.workspace.getConfiguration('gogsKeyHygiene');
      await config.update('maxFileSizeKB', 4, vscode.ConfigurationTarget.Global);
      try {
        const filler = '# filler line to make the file large\n'.repeat(200);
        const { uri } = await openWorkspaceFile('diag/large.sh', `${filler}export GOGS_TOKEN=${newToken()}\n`);
        const note = await waitFor(() => api.editor!.diagnostics.skippedNote, 5000, 'the not-checked note');
        assert.match(note.text, /Not checked/);
        assert.match(note.tooltip, /maxFileSizeKB/);
        assert.equal(ours(uri).length, 0);
        // Raising the cap checks it.
        await config.update('maxFileSizeKB', 1024, vscode.ConfigurationTarget.Global);
        await diagnosticsOf(uri, 1);
        assert.equal(api.editor!.diagnostics.skippedNote, undefined);
      } finally {
        await config.update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('stops a check that runs out of its time budget, keeps what it found and says the file was not fully checked', async () => {
      const diagnostics = api.editor!.diagnostics;
      const budget = diagnostics.scanBudget;
      diagnostics.scanBudget = { sliceMs: 1, totalMs: 1 }; // a budget no real file fits in: what a slow rule would hit
      try {
        const lines = ['# our gitea server: https://gitea.x.test'];
        for (let k = 0; k < 4000; k++) lines.push(`GITEA_TOKEN_${k}=${newToken()}`);
        const { uri } = await openWorkspaceFile('diag/budget.env', lines.join('\n') + '\n');
        const note = await waitFor(() => diagnostics.skippedNote, 10_000, 'the not-fully-checked note');
        assert.match(note.text, /Not fully checked/);
        assert.match(note.tooltip, /from line \d+ on: the check stopped after \d+ ms \(the limit is 1 ms\)/);
        const found = await waitFor(() => (ours(uri).length > 0 ? ours(uri) : undefined), 5000, 'the findings before the stop');
        assert.ok(found.length < 4000, `${found.length} findings published`);
        // With the usual budget the next check (after an edit) covers the whole file and the note goes away.
        diagnostics.scanBudget = budget;
        const doc = vscode.window.activeTextEditor!.document;
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, doc.lineAt(doc.lineCount - 1).range.end, '# edited\n');
        await vscode.workspace.applyEdit(edit);
        await diagnosticsOf(uri, 4000, 20_000);
        assert.equal(diagnostics.skippedNote, undefined);
      } finally {
        diagnostics.scanBudget = budget;
      }
    });

    it('does not check files matched by the exclude globs', async () => {
      const config = vscode.workspace.getConfiguration('gogsKeyHygiene');
      const { uri } = await openWorkspaceFile('fixtures-excluded/tokens.env', `GOGS_TOKEN=${newToken()}\n`);
      await diagnosticsOf(uri, 1);
      await config.update('exclude', ['fixtures-excluded/**'], vscode.ConfigurationTarget.Global);
      try {
        await diagnosticsOf(uri, 0);
      } finally {
        await config.update('exclude', undefined, vscode.ConfigurationTarget.Global);
      }
      await diagnosticsOf(uri, 1);
    });
  });

  describe('quick fix: move token to OS keychain', () => {
    /** One idiom per row: file, its text with <TOK> where the token goes, and the exact text after the fix. */
    const rows: { file: string; before: string; after: string }[] = [
      {
        file: 'fix/deploy.sh',
        before: '#!/bin/sh\ncurl -H "Authorization: token <TOK>" https://git.example.test/api/v1/user\n',
        after: '#!/bin/sh\ncurl -H "Authorization: token ${GIT_EXAMPLE_TEST_TOKEN}" https://git.example.test/api/v1/user\n',
      },
      {
        file: 'fix/sync.py',
        before: 'import requests\nrequests.get("https://git.example.test/api/v1/user", headers={"Authorization": "token <TOK>"})\n',
        after: 'import os\nimport requests\nrequests.get("https://git.example.test/api/v1/user", headers={"Authorization": f"token {os.environ[\'GIT_EXAMPLE_TEST_TOKEN\']}"})\n',
      },
      {
        file: 'fix/client.js',
        before: 'const gogsToken = "<TOK>";\nfetch("https://git.example.test/api/v1/user", { headers: { Authorization: "token " + gogsToken } });\n',
        after: 'const gogsToken = process.env.GOGS_TOKEN;\nfetch("https://git.example.test/api/v1/user", { headers: { Authorization: "token " + gogsToken } });\n',
      },
      {
        file: 'fix/main.go',
        before: 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/gogs/go-gogs-client"\n)\n\nfunc main() {\n\tc := gogs.NewClient("https://git.example.test", "<TOK>")\n\tfmt.Println(c)\n}\n',
        after: 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"github.com/gogs/go-gogs-client"\n)\n\nfunc main() {\n\tc := gogs.NewClient("https://git.example.test", os.Getenv("GIT_EXAMPLE_TEST_TOKEN"))\n\tfmt.Println(c)\n}\n',
      },
      {
        file: 'fix/docker-compose.yml',
        before: 'services:\n  runner:\n    environment:\n      GITEA_TOKEN: <TOK>\n',
        after: 'services:\n  runner:\n    environment:\n      GITEA_TOKEN: ${GITEA_TOKEN}\n',
      },
      {
        file: 'fix/labels.ps1',
        before: '$headers = @{ Authorization = "token <TOK>" }\nInvoke-RestMethod -Uri https://git.example.test/api/v1/user -Headers $headers\n',
        after: '$headers = @{ Authorization = "token $env:GIT_EXAMPLE_TEST_TOKEN" }\nInvoke-RestMethod -Uri https://git.example.test/api/v1/user -Headers $headers\n',
      },
      {
        file: 'fix/.git-credentials',
        before: 'https://alice:<TOK>@git.example.test\n',
        after: '',
      },
    ];

    for (const row of rows) {
      it(`stores the token, rewrites ${path.basename(row.file)} in its idiom, and Undo restores it`, async function () {
        this.timeout(60_000); // the first .js/.go file wakes up the language servers behind executeCodeActionProvider
        const token = newToken();
        const before = row.before.replace('<TOK>', token);
        const { doc, uri } = await openWorkspaceFile(row.file, before);
        const [d] = await diagnosticsOf(uri);
        const actions = await ourQuickFixes(uri, d.range);
        const move = actions.find((a) => a.isPreferred);
        assert.ok(move, `no preferred quick fix among: ${actions.map((a) => a.title).join(', ')}`);
        assert.match(move.title, /^Move token to OS keychain as [A-Z_]+$/);
        assert.deepEqual(actions.map((a) => a.title).slice(1), ['Ignore this token on this line', 'Ignore this token everywhere']);
        assert.equal(await runAction(move), true);
        // The keychain holds the token, read back through the store.
        const meta = api.services.store.findByFingerprint(sha256(token));
        assert.ok(meta, 'token not in the store');
        assert.equal(await api.services.store.get(meta.id), token);
        assert.equal(move.title, `Move token to OS keychain as ${meta.envVar}`, 'the title names the variable the file now refers to');
        assert.equal(doc.getText(), row.after);
        assert.ok(!doc.getText().includes(token));
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('undo');
        await waitFor(() => doc.getText() === before, 3000, 'undo restores the file');
        await api.services.store.delete(meta.id);
      });
    }

    it('leaves the file untouched and says why when the keychain fails', async () => {
      const token = newToken();
      const before = `export GOGS_TOKEN=${token}\n`;
      const { doc, uri } = await openWorkspaceFile('fix/failing.sh', before);
      const [d] = await diagnosticsOf(uri);
      api.setKeychainFault({ operations: ['store'], message: 'Cannot create an item in a locked collection' });
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      assert.equal(await runAction(move), false);
      assert.equal(doc.getText(), before, 'the file must not change');
      assert.equal(doc.isDirty, false);
      assert.equal(api.services.store.findByFingerprint(sha256(token)), undefined);
      const error = api.prompts.shown.find((p) => p.kind === 'error');
      assert.ok(error, 'an error message is shown');
      assert.match(error.text, /locked collection/);
      assert.match(error.text, /Nothing in your files was changed/);
      assert.ok(!error.text.includes(token));
      assert.ok(ours(uri).length === 1, 'the finding is still reported');
    });

    it('leaves the file untouched when the keychain returns another value', async () => {
      const token = newToken();
      const before = `GOGS_TOKEN=${token}\n`;
      const { doc, uri } = await openWorkspaceFile('fix/readback.env', before);
      const [d] = await diagnosticsOf(uri);
      api.setKeychainFault({ operations: ['get'], message: 'org.freedesktop.DBus.Error.ServiceUnknown' });
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      assert.equal(await runAction(move), false);
      assert.equal(doc.getText(), before);
      assert.equal(api.services.store.findByFingerprint(sha256(token)), undefined);
    });

    it('says the token is already stored and only replaces the text', async () => {
      const token = newToken();
      const meta = await api.services.store.add({ value: token, envVar: api.services.store.uniqueEnvVar('WORK_GOGS_TOKEN') });
      const { doc, uri } = await openWorkspaceFile('fix/again.env', `GOGS_TOKEN=${token}\n`);
      const [d] = await diagnosticsOf(uri);
      assert.ok(d.message.includes(`already in the ${api.services.store.backendName} as ${meta.envVar}`), d.message);
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      assert.equal(move.title, `Replace token with reference to ${meta.envVar} (already in the ${api.services.store.backendName})`);
      const count = api.services.store.list().length;
      assert.equal(await runAction(move), true);
      assert.equal(doc.getText(), `GOGS_TOKEN=\${${meta.envVar}}\n`);
      assert.equal(api.services.store.list().length, count, 'nothing new stored');
      await api.services.store.delete(meta.id);
    });

    it('stores the token again before editing when its metadata survived but the keychain lost the secret', async () => {
      const store = api.services.store;
      const token = newToken();
      const meta = await store.add({ value: token, envVar: store.uniqueEnvVar('LOST_GOGS_TOKEN') });
      // A keyring reset (or a delete that failed half-way) behind the store's back.
      // (OS keychain: the item's account; SecretStorage: gogsKeyHygiene.token/<id>)
      await api.services.keychain.secrets.delete(meta.account ?? `gogsKeyHygiene.token/${meta.id}`);
      assert.equal(await store.get(meta.id), undefined);
      try {
        // The keychain refuses the write: the file stays as it is.
        const failing = `GOGS_TOKEN=${token}\n`;
        const first = await openWorkspaceFile('fix/lost-locked.env', failing);
        const [d1] = await diagnosticsOf(first.uri);
        api.setKeychainFault({ operations: ['store'], message: 'Cannot create an item in a locked collection' });
        assert.equal(await runAction((await ourQuickFixes(first.uri, d1.range)).find((a) => a.isPreferred)!), false);
        assert.equal(first.doc.getText(), failing, 'the file must not change while the keychain lacks the token');
        assert.match(api.prompts.shown.find((p) => p.kind === 'error')?.text ?? '', /locked collection.*Nothing in your files was changed/);
        api.setKeychainFault(undefined);
        assert.equal(await store.get(meta.id), undefined);

        // The keychain works again: the fix puts the token back, reads it back, then edits.
        const { doc, uri } = await openWorkspaceFile('fix/lost.env', `GOGS_TOKEN=${token}\n`);
        const [d] = await diagnosticsOf(uri);
        assert.equal(await runAction((await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!), true);
        assert.equal(await store.get(meta.id), token, 'the keychain holds the token again');
        assert.equal(doc.getText(), `GOGS_TOKEN=\${${meta.envVar}}\n`);
        assert.deepEqual(store.list().filter((m) => m.fingerprint === meta.fingerprint).map((m) => m.id), [meta.id], 'the same entry, nothing new');
      } finally {
        await store.delete(meta.id);
      }
    });

    it('asks for a name when none can be inferred, and keeps the file when the user cancels', async () => {
      const token = newToken();
      const before = `package main\n\nfunc main() {\n\tc, _ := gitea.NewClient(os.Getenv("GITEA_URL"), gitea.SetToken("${token}"))\n\t_ = c\n}\n`;
      const { doc, uri } = await openWorkspaceFile('fix/bot.go', before);
      const [d] = await diagnosticsOf(uri);
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      // Escape at the name prompt: nothing stored, nothing changed.
      assert.equal(await runAction(move), false);
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'input').length, 1);
      assert.equal(doc.getText(), before);
      assert.equal(api.services.store.findByFingerprint(sha256(token)), undefined);
      // A name typed at the prompt is used.
      api.prompts.answer('BOT_GITEA_TOKEN');
      assert.equal(await runAction(move), true);
      const meta = api.services.store.findByFingerprint(sha256(token));
      assert.equal(meta?.envVar, 'BOT_GITEA_TOKEN');
      assert.equal(doc.getText(), before.replace(`"${token}"`, 'os.Getenv("BOT_GITEA_TOKEN")').replace('package main\n', 'package main\n\nimport "os"\n'));
      await api.services.store.delete(meta!.id);
    });

    it('keeps the rest of a Markdown document around a netrc-like line', async () => {
      const token = newToken();
      const rest = '\nThen run `tea login add`.\n\n## Mirrors\n\nmachine mirror.example.test login bob\n';
      const { doc, uri } = await openWorkspaceFile('fix/setup.md', `# Setup\n\nmachine gitea.example.test password ${token}\n${rest}`);
      const [d] = await diagnosticsOf(uri);
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      assert.equal(await runAction(move), true);
      const meta = api.services.store.findByFingerprint(sha256(token));
      assert.ok(meta);
      assert.equal(doc.getText(), `# Setup\n\nmachine gitea.example.test password $${meta.envVar}\n${rest}`);
      await api.services.store.delete(meta.id);
    });

    it('writes a placeholder and says why where no reference can stand (a single-quoted .env value with $)', async () => {
      const token = newToken();
      const { doc, uri } = await openWorkspaceFile('fix/quoted.env', `GOGS_TOKEN='${token} $HOME'\nOTHER=1\n`);
      const [d] = await diagnosticsOf(uri);
      const move = (await ourQuickFixes(uri, d.range)).find((a) => a.isPreferred)!;
      assert.equal(await runAction(move), true);
      const meta = api.services.store.findByFingerprint(sha256(token));
      assert.ok(meta, 'the token is still moved to the keychain');
      assert.equal(doc.getText(), `GOGS_TOKEN='<${meta.envVar} from OS keychain> $HOME'\nOTHER=1\n`);
      const info = api.prompts.shown.find((p) => p.kind === 'info');
      assert.ok(info, 'an information message is shown');
      assert.match(info.text, /No reference can stand at this spot \(the rest of this single-quoted value holds \$/);
      assert.match(info.text, new RegExp(`wire ${meta.envVar} in by hand`));
      assert.ok(!info.text.includes(token));
      await api.services.store.delete(meta.id);
    });
  });

  describe('quick fix: ignore', () => {
    it('inserts an ignore-next-line directive in the language\'s comment syntax and the finding goes away', async () => {
      const token = newToken();
      const { doc, uri } = await openWorkspaceFile('ignore/run.py', `import os\n    GOGS_TOKEN = "${token}"\n`);
      const [d] = await diagnosticsOf(uri);
      const action = (await ourQuickFixes(uri, d.range)).find((a) => a.title === 'Ignore this token on this line')!;
      assert.equal(await runAction(action), true);
      assert.equal(doc.getText(), `import os\n    # gogs-key-hygiene:ignore-next-line\n    GOGS_TOKEN = "${token}"\n`);
      await diagnosticsOf(uri, 0);
    });

    it('inside a YAML block scalar, brackets the scalar with disable/enable (a comment inside would be script text) and the finding goes away', async () => {
      const token = newToken();
      const { doc, uri } = await openWorkspaceFile('ignore/ci.yml', `steps:\n  - run: |\n      curl -H "Authorization: token ${token}" https://gitea.x.test/api/v1/user\n  - run: make\n`);
      const [d] = await diagnosticsOf(uri);
      const action = (await ourQuickFixes(uri, d.range)).find((a) => a.title === 'Ignore this token on this line')!;
      assert.equal(await runAction(action), true);
      assert.equal(doc.getText(), `steps:\n  # gogs-key-hygiene:disable\n  - run: |\n      curl -H "Authorization: token ${token}" https://gitea.x.test/api/v1/user\n  # gogs-key-hygiene:enable\n  - run: make\n`);
      await diagnosticsOf(uri, 0);
    });

    it('ignores a token everywhere by adding its fingerprint (not the token) to the user settings', async () => {
      const token = newToken();
      // b.sh is open in the background (no tab), a.env in the editor.
      const otherPath = path.join(workspaceRoot(), 'ignore', 'b.sh');
      fs.mkdirSync(path.dirname(otherPath), { recursive: true });
      fs.writeFileSync(otherPath, `export GOGS_TOKEN=${token}\n`);
      const other = (await vscode.workspace.openTextDocument(otherPath)).uri;
      await diagnosticsOf(other);
      const { uri } = await openWorkspaceFile('ignore/a.env', `GOGS_TOKEN=${token}\n`);
      const [d] = await diagnosticsOf(uri);
      const action = (await ourQuickFixes(uri, d.range)).find((a) => a.title === 'Ignore this token everywhere')!;
      assert.equal(await runAction(action), true);
      const config = vscode.workspace.getConfiguration('gogsKeyHygiene');
      const fps = config.inspect<string[]>('ignoredFingerprints')?.globalValue ?? [];
      assert.ok(fps.includes(sha256(token)));
      assert.ok(!JSON.stringify(fps).includes(token));
      await diagnosticsOf(uri, 0);
      await diagnosticsOf(other, 0);
      await config.update('ignoredFingerprints', fps.filter((f) => f !== sha256(token)), vscode.ConfigurationTarget.Global);
    });
  });

  describe('workspace scan', () => {
    interface Label { file: string; polarity: string; findings: { line: number; column_utf16: number }[] }
    it('finds the dev corpus positives and reports nothing in its negatives', async function () {
      this.timeout(120_000);
      const corpus = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus');
      const target = path.join(workspaceRoot(), 'corpus-dev');
      fs.cpSync(path.join(corpus, 'dev'), target, { recursive: true });
      const labels: { files: Label[] } = JSON.parse(fs.readFileSync(path.join(corpus, 'dev.labels.json'), 'utf8'));
      const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('gogsKeyHygiene.scanWorkspace', { quiet: true });
      assert.ok(summary && !summary.cancelled);
      assert.ok(summary.files >= labels.files.length, `scanned too few files: ${JSON.stringify(summary)}`);
      let expected = 0;
      let found = 0;
      const falsePositives: string[] = [];
      for (const label of labels.files) {
        const uri = vscode.Uri.file(path.join(target, label.file));
        const got = ours(uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
        const want = new Set(label.findings.map((f) => `${f.line}:${f.column_utf16}`));
        expected += want.size;
        found += got.filter((g) => want.has(g)).length;
        falsePositives.push(...got.filter((g) => !want.has(g)).map((g) => `${label.file}:${g}`));
      }
      assert.deepEqual(falsePositives, [], 'findings that are not tokens');
      assert.ok(found / expected >= 0.98, `recall ${found}/${expected}`);
      console.log(`[host] [workspace scan] ${summary.files} files, ${found}/${expected} labelled tokens found, 0 false positives`);
      fs.rmSync(target, { recursive: true, force: true });
      vscode.languages.getDiagnostics().forEach(([u]) => u.fsPath.startsWith(target) && api.editor!.diagnostics.collection.delete(u));
    });
    it('reads files under the same file policy as the CLI (nested .gitignore, .git/info/exclude, UTF-16, binary sniff)', async () => {
      const root = workspaceRoot();
      assert.ok(!fs.existsSync(path.join(root, '.git')), 'the test workspace is not a git repository (this test writes .git/info/exclude)');
      const tree = writePolicyTree(root, 'policy-tree');
      try {
        const summary = await vscode.commands.executeCommand<{ cancelled: boolean }>('gogsKeyHygiene.scanWorkspace', { quiet: true });
        assert.ok(summary && !summary.cancelled);
        const withFindings = [...tree.expected, ...tree.notExpected].filter((rel) => ours(vscode.Uri.file(path.join(root, rel))).length > 0).sort();
        assert.deepEqual(withFindings, tree.expected);
      } finally {
        fs.rmSync(path.join(root, 'policy-tree'), { recursive: true, force: true });
        fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
        vscode.languages.getDiagnostics().forEach(([u]) => u.fsPath.includes('policy-tree') && api.editor!.diagnostics.collection.delete(u));
      }
    });
  });

  describe('git awareness', () => {
    const git = (cwd: string, ...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

    it('reports a token in a file tracked by git as an Error, and a commit id of the repository not at all', async () => {
      const repo = path.join(workspaceRoot(), 'gitrepo');
      fs.mkdirSync(repo, { recursive: true });
      git(repo, 'init', '-q');
      const token = newToken();
      fs.writeFileSync(path.join(repo, 'deploy.env'), `GOGS_TOKEN=${token}\n`);
      git(repo, 'add', 'deploy.env');
      git(repo, 'commit', '-q', '-m', 'add deploy settings');
      const head = git(repo, 'rev-parse', 'HEAD');
      const { uri } = await openWorkspaceFile('gitrepo/deploy.env', `GOGS_TOKEN=${token}\n`);
      const [d] = await diagnosticsOf(uri);
      await waitFor(() => ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Error, 5000, 'Error severity in a tracked file');
      assert.equal(d.range.start.line, 0);
      // An untracked file in the same repository keeps the configured severity (Warning).
      const { uri: untracked } = await openWorkspaceFile('gitrepo/local.env', `GOGS_TOKEN=${newToken()}\n`);
      const [u] = await diagnosticsOf(untracked);
      assert.equal(u.severity, vscode.DiagnosticSeverity.Warning);
      // The repository's own commit id in a token position is a commit id, not a token.
      const { uri: pinned } = await openWorkspaceFile('gitrepo/pinned.env', `GOGS_TOKEN=${head}\n`);
      const { uri: control } = await openWorkspaceFile('gitrepo/control.env', `GOGS_TOKEN=${newToken()}\n`);
      await diagnosticsOf(control);
      await new Promise((r) => setTimeout(r, 500)); // both checks (and their git look-ups) have run by now
      assert.equal(ours(pinned).length, 0, 'a git object id of the repository must not be reported');
    });

    it("never runs programs a repository's config names (core.fsmonitor), and asks git nothing in an untrusted workspace", async () => {
      const repo = path.join(workspaceRoot(), 'trap-repo');
      fs.mkdirSync(repo, { recursive: true });
      git(repo, 'init', '-q');
      const marker = path.join(repo, 'fsmonitor-ran');
      const hook = path.join(repo, 'hook.sh');
      fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(repo, 'deploy.env'), `GOGS_TOKEN=${newToken()}\n`);
      git(repo, 'add', 'deploy.env');
      git(repo, 'commit', '-q', '-m', 'add');
      git(repo, 'config', 'core.fsmonitor', hook);
      fs.rmSync(marker, { force: true });

      const { uri } = await openWorkspaceFile('trap-repo/deploy.env', fs.readFileSync(path.join(repo, 'deploy.env'), 'utf8'));
      await waitFor(() => ours(uri)[0]?.severity === vscode.DiagnosticSeverity.Error, 5000, 'Error severity (git was asked)');
      assert.equal(fs.existsSync(marker), false, 'the extension ran the repository\'s fsmonitor hook');

      // Untrusted: git is not asked at all, so the tracked file keeps the configured severity.
      const diagnostics = api.editor!.diagnostics;
      const trusted = diagnostics.gitAllowed;
      diagnostics.gitAllowed = () => false; // the host runs with --disable-workspace-trust: the trust check is swapped here
      try {
        const { uri: other } = await openWorkspaceFile('trap-repo/other.env', `GOGS_TOKEN=${newToken()}\n`);
        git(repo, 'add', 'other.env');
        const [d] = await diagnosticsOf(other);
        assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      } finally {
        diagnostics.gitAllowed = trusted;
      }
      // Positive control: a plain git call in that repository does run the hook.
      execFileSync('git', ['ls-files'], { cwd: repo });
      assert.equal(fs.existsSync(marker), true, 'the trap did not work, so the first check proves nothing');
    });
  });
});
