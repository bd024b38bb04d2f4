/**
 * Injection in a real extension host: a terminal opened with a token, tokens injected into new
 * terminals (and stopped), the `${command:gogsKeyHygiene.tokenValue}` variable with its
 * per-workspace approvals, a real shell task resolving it, and the `gogs-token` task type masking
 * the token in its output.
 *
 * A shell never writes a token to a file here: it writes `sha256sum` of `$VAR`, which is compared
 * with the stored fingerprint (SHA-256 of the token).
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InjectionTesting } from '../../src/inject';
import type { NewToken, TokenMeta } from '../../src/keychain';
import type { TestingApi } from '../../src/testing';
import type { ShownPrompt } from '../../src/ui/prompts';
import { getExtensionApi, sleep, waitFor, workspaceRoot } from './helpers';

const CMD = {
  openTerminal: 'gogsKeyHygiene.openTerminal',
  start: 'gogsKeyHygiene.startInjection',
  stop: 'gogsKeyHygiene.stopInjection',
  tokenValue: 'gogsKeyHygiene.tokenValue',
  forget: 'gogsKeyHygiene.forgetTaskApprovals',
};
const VARIABLE = '${command:gogsKeyHygiene.tokenValue}';
/** The button of the question "Inject Gogs Tokens into New Terminals" asks before it starts. */
const INJECT = 'Inject into New Terminals';
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** A fresh random token (never copied from anywhere). */
const newToken = (): string => randomBytes(20).toString('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe('injection', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let hooks: InjectionTesting;
  let tmp: string;
  const terminals: vscode.Terminal[] = [];

  const store = () => api.services.store;
  const env = () => api.services.context.environmentVariableCollection;
  const shown = (kind: string, re: RegExp) => api.prompts.shown.filter((p) => p.kind === kind && re.test(p.text));

  async function add(extra: Partial<NewToken> = {}): Promise<{ meta: TokenMeta; value: string }> {
    const value = newToken();
    const meta = await store().add({ value, envVar: store().uniqueEnvVar('GOGS_INJECT_TEST'), label: `inject test ${value.slice(-4)}`, ...extra });
    return { meta, value };
  }

  async function removeAllTokens(): Promise<void> {
    for (const m of store().list()) await store().delete(m.id);
  }

  /**
   * Has `terminal`'s shell write `sha256sum` of `$name` to a new file; resolves with the hex digest.
   * The token itself is never written anywhere.
   */
  async function shellDigest(terminal: vscode.Terminal, name: string): Promise<string> {
    const file = path.join(tmp, `digest-${randomBytes(6).toString('hex')}.txt`);
    terminal.sendText(`printf %s "$${name}" | sha256sum > ${shellQuote(file)}.part && mv ${shellQuote(file)}.part ${shellQuote(file)}`);
    const text = await waitFor(() => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''), 20_000, `the shell to write ${path.basename(file)}`);
    return text.trim().split(/\s+/)[0];
  }

  function newTerminal(options: vscode.TerminalOptions): vscode.Terminal {
    const t = vscode.window.createTerminal(options);
    terminals.push(t);
    return t;
  }

  before(async () => {
    api = (await getExtensionApi<{ testing: TestingApi }>()).testing;
    assert.ok(api.inject, 'the injection feature did not register');
    hooks = api.inject;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-inject-'));
  });

  beforeEach(async () => {
    api.prompts.reset();
    hooks.setTrusted(undefined);
    await removeAllTokens();
  });

  afterEach(async () => {
    hooks.setTrusted(undefined);
    if (hooks.injectedEnvVars().length) await vscode.commands.executeCommand(CMD.stop);
    for (const t of terminals.splice(0)) t.dispose();
    api.prompts.reset();
  });

  after(async () => {
    await removeAllTokens();
    await vscode.commands.executeCommand(CMD.forget);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('Open Terminal with Gogs Token', () => {
    it('opens a transient terminal with a key icon whose shell has the token under its env var (sha256 = fingerprint)', async () => {
      await add(); // a second token, so the command has to use the id it is given
      const { meta } = await add();
      const before = vscode.window.terminals.length;
      const terminal = (await vscode.commands.executeCommand<vscode.Terminal | undefined>(CMD.openTerminal, meta.id))!;
      assert.ok(terminal, 'no terminal returned');
      terminals.push(terminal);
      assert.equal(vscode.window.terminals.length, before + 1);
      assert.equal(terminal.name, `Gogs: ${meta.envVar}`);
      const opts = terminal.creationOptions as vscode.TerminalOptions;
      assert.equal(opts.isTransient, true, 'a terminal carrying a token must not be restored by persistent sessions');
      assert.ok(opts.iconPath instanceof vscode.ThemeIcon && opts.iconPath.id === 'key', 'key icon');
      assert.equal(await shellDigest(terminal, meta.envVar), meta.fingerprint);
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'pick').length, 0, 'no pick when an id is given');
    });

    it('skips the pick when one token is stored, and asks when there are several', async () => {
      const { meta: only } = await add();
      const t1 = await vscode.commands.executeCommand<vscode.Terminal | undefined>(CMD.openTerminal);
      assert.ok(t1);
      terminals.push(t1);
      assert.equal(t1.name, `Gogs: ${only.envVar}`);
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'pick').length, 0);

      const { meta: second } = await add();
      api.prompts.answer(second.label);
      const t2 = await vscode.commands.executeCommand<vscode.Terminal | undefined>(CMD.openTerminal);
      assert.ok(t2);
      terminals.push(t2);
      const picks = api.prompts.shown.filter((p) => p.kind === 'pick');
      assert.equal(picks.length, 1);
      assert.deepEqual([...picks[0].items].sort(), [only.label, second.label].sort());
      assert.equal(t2.name, `Gogs: ${second.envVar}`);
      assert.equal(await shellDigest(t2, second.envVar), second.fingerprint);
    });
    it('uses the user-level shell and environment only (strictEnv), and asks first when the workspace sets terminal.integrated.*', async () => {
      const { meta } = await add();
      const marker = path.join(tmp, `trap-shell-ran-${meta.last4}`);
      const trap = path.join(tmp, `trap-shell-${meta.last4}.sh`);
      fs.writeFileSync(trap, `#!/bin/sh\ntouch ${shellQuote(marker)}\nexec /bin/sh "$@"\n`, { mode: 0o755 });
      const term = vscode.workspace.getConfiguration('terminal.integrated');
      const ws = vscode.ConfigurationTarget.Workspace;
      await term.update('env.linux', { GKH_WORKSPACE_PROBE: 'from the workspace' }, ws);
      await term.update('profiles.linux', { 'gkh-trap': { path: trap } }, ws);
      await term.update('defaultProfile.linux', 'gkh-trap', ws);
      try {
        await waitFor(() => vscode.workspace.getConfiguration('terminal.integrated').inspect('defaultProfile.linux')?.workspaceValue === 'gkh-trap', 5000, 'the workspace settings');
        const before = vscode.window.terminals.length;
        // Not confirmed: no terminal.
        assert.equal(await vscode.commands.executeCommand(CMD.openTerminal, meta.id), undefined);
        assert.equal(vscode.window.terminals.length, before);
        const asked = shown('warning', /this workspace sets/);
        assert.equal(asked.length, 1);
        assert.equal(asked[0].modal, true);
        for (const id of ['terminal.integrated.env.linux', 'terminal.integrated.profiles.linux', 'terminal.integrated.defaultProfile.linux']) {
          assert.ok(asked[0].text.includes(id), `the question names ${id}: ${asked[0].text}`);
        }
        assert.deepEqual(asked[0].items, ['Open Anyway']);

        api.prompts.answer('Open Anyway');
        const terminal = (await vscode.commands.executeCommand<vscode.Terminal | undefined>(CMD.openTerminal, meta.id))!;
        assert.ok(terminal, 'no terminal after "Open Anyway"');
        terminals.push(terminal);
        const opts = terminal.creationOptions as vscode.TerminalOptions;
        assert.equal(opts.strictEnv, true, 'the environment is exactly what the extension passes');
        assert.ok(opts.shellPath && opts.shellPath !== trap, `an explicit user-level shell, not the workspace profile: ${opts.shellPath}`);
        assert.equal(await shellDigest(terminal, meta.envVar), meta.fingerprint);
        assert.equal(await shellDigest(terminal, 'GKH_WORKSPACE_PROBE'), EMPTY_SHA256, 'workspace terminal.integrated.env reached the token terminal');
        assert.equal(fs.existsSync(marker), false, 'the workspace default profile ran as the token terminal');
      } finally {
        for (const k of ['defaultProfile.linux', 'profiles.linux', 'env.linux']) await term.update(k, undefined, ws);
      }
    });
  });

  describe('Inject Gogs Tokens into New Terminals', () => {
    it('gives new terminals the token through a non-persistent, described collection, and stops', async () => {
      const { meta, value } = await add();
      api.prompts.answer(INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), true);
      const mutator = env().get(meta.envVar);
      assert.ok(mutator, 'collection has the variable');
      assert.equal(mutator.type, vscode.EnvironmentVariableMutatorType.Replace);
      assert.equal(sha256(mutator.value), meta.fingerprint);
      assert.equal(env().persistent, false, 'a persistent collection is written to workspace storage');
      const description = String(typeof env().description === 'string' ? env().description : (env().description as vscode.MarkdownString)?.value);
      assert.match(description, new RegExp(`\\$${meta.envVar}`));
      assert.ok(description.includes(`…${meta.last4}`) && !description.includes(value), 'description shows the last 4 only');
      assert.deepEqual(hooks.injectedEnvVars(), [meta.envVar]);
      assert.equal(shown('info', new RegExp(`new terminals get \\$${meta.envVar}`)).length, 1);

      const t1 = newTerminal({ name: 'inject probe 1' });
      assert.equal(await shellDigest(t1, meta.envVar), meta.fingerprint);

      await vscode.commands.executeCommand(CMD.stop);
      assert.equal(env().get(meta.envVar), undefined);
      assert.deepEqual(hooks.injectedEnvVars(), []);
      assert.equal(shown('info', /stopped injecting/).length, 1);
      const t2 = newTerminal({ name: 'inject probe 2' });
      assert.equal(await shellDigest(t2, meta.envVar), EMPTY_SHA256, 'a terminal opened after stop has no token');
    });

    it('without an id and with several tokens, offers "All stored tokens" first and injects each', async () => {
      const { meta: a } = await add();
      const { meta: b } = await add();
      api.prompts.answer('All stored tokens', INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start), true);
      const pick = api.prompts.shown.find((p) => p.kind === 'pick');
      assert.ok(pick);
      assert.equal(pick.items[0], 'All stored tokens');
      assert.deepEqual([...hooks.injectedEnvVars()].sort(), [a.envVar, b.envVar].sort());
      assert.equal(sha256(env().get(a.envVar)!.value), a.fingerprint);
      assert.equal(sha256(env().get(b.envVar)!.value), b.fingerprint);
    });

    it('scopes a token found in a workspace folder to that folder', async () => {
      const folder = vscode.workspace.workspaceFolders![0];
      const { meta } = await add({ foundIn: { uri: vscode.Uri.file(path.join(workspaceRoot(), '.env')).toString(), line: 1 } });
      api.prompts.answer(INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), true);
      const scoped = env().getScoped({ workspaceFolder: folder });
      assert.ok(scoped.get(meta.envVar), 'the folder-scoped collection has it');
      assert.equal(env().get(meta.envVar), undefined, 'the window-wide collection does not');
      assert.equal(scoped.persistent, false);
      assert.match(String(scoped.description), new RegExp(`\\$${meta.envVar}`));
      const t = newTerminal({ name: 'scoped probe', cwd: folder.uri });
      assert.equal(await shellDigest(t, meta.envVar), meta.fingerprint);
      await vscode.commands.executeCommand(CMD.stop);
      assert.equal(scoped.get(meta.envVar), undefined);
    });

    it('re-applies the new value when the token under the env var changes (refreshInjection)', async () => {
      const { meta: old } = await add();
      api.prompts.answer(INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start, old.id), true);
      // What rotation does: the old token waits for revocation, a new one takes its env var.
      await store().update(old.id, { state: 'pending-revocation' });
      const fresh = await store().add({ value: newToken(), envVar: old.envVar, label: 'rotated', replaces: old.id });
      // What the rotation feature calls (src/inject refreshInjection → the live controller).
      await hooks.refresh();
      const m = env().get(old.envVar);
      assert.ok(m && sha256(m.value) === fresh.fingerprint, 'the collection carries the rotated token');
      assert.deepEqual(hooks.injectedEnvVars(), [old.envVar]);
      const t = newTerminal({ name: 'rotated probe' });
      assert.equal(await shellDigest(t, old.envVar), fresh.fingerprint);
    });

    it('stops, saying why, when the injected token is deleted from the keychain', async () => {
      const { meta } = await add();
      api.prompts.answer(INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), true);
      assert.ok(env().get(meta.envVar));
      await store().delete(meta.id);
      await waitFor(() => hooks.injectedEnvVars().length === 0 && shown('info', /no stored token left/).length === 1, 5000, 'injection to stop');
      assert.equal(env().get(meta.envVar), undefined);
    });

    it('stops by itself after gogsKeyHygiene.injection.autoStopMinutes', async () => {
      const cfg = vscode.workspace.getConfiguration('gogsKeyHygiene');
      await cfg.update('injection.autoStopMinutes', 0.02, vscode.ConfigurationTarget.Global); // 1.2 s
      try {
        const { meta } = await add();
        api.prompts.answer(INJECT);
        assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), true);
        assert.ok(env().get(meta.envVar));
        await waitFor(() => hooks.injectedEnvVars().length === 0, 10_000, 'auto-stop');
        assert.equal(env().get(meta.envVar), undefined);
        assert.equal(shown('info', /stopped injecting .* after 1 second \(setting gogsKeyHygiene\.injection\.autoStopMinutes\)/).length, 1);
      } finally {
        await cfg.update('injection.autoStopMinutes', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('untrusted workspace', () => {
    // The host test window runs with --disable-workspace-trust (a trust dialog cannot be answered
    // in tests), so vscode.workspace.isTrusted is always true there; the extension's trust check
    // is switched through the testing API to reach the untrusted paths.
    it('injects nothing, opens no terminal, and the variable command refuses — each saying why', async () => {
      const { meta } = await add();
      hooks.setTrusted(false);
      const before = vscode.window.terminals.length;

      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), false);
      assert.equal(env().get(meta.envVar), undefined);
      assert.equal(await vscode.commands.executeCommand(CMD.openTerminal, meta.id), undefined);
      assert.equal(vscode.window.terminals.length, before);
      assert.equal(await vscode.commands.executeCommand(CMD.tokenValue, meta.id), undefined);
      const launch = { type: 'node', request: 'launch', name: 'untrusted', env: { [meta.envVar]: VARIABLE } };
      assert.equal(await vscode.commands.executeCommand(CMD.tokenValue, launch), undefined);

      assert.equal(shown('warning', /not trusted/).length, 2, 'start and open terminal explain');
      assert.equal(shown('error', /refused to hand a token .* not trusted/).length, 2, 'the variable command explains');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'pick').length, 0, 'nothing was asked');
    });
  });

  describe('${command:gogsKeyHygiene.tokenValue}', () => {
    /**
     * Starts a real debug session of `config` (js-debug's `node` type, built into VS Code): VS Code
     * substitutes its variables, calling the variable command through the workbench as it does for
     * a launch.json. A `*` provider then takes the substituted configuration and returns
     * `undefined`, which ends the launch before any debugger runs.
     * @returns the substituted configuration (a refused variable stays unresolved in it: VS Code
     *   1.100 goes on with the launch), or undefined when the launch stopped before
     */
    async function launchAndCapture(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
      let captured: vscode.DebugConfiguration | undefined;
      const reg = vscode.debug.registerDebugConfigurationProvider('*', {
        resolveDebugConfigurationWithSubstitutedVariables: (_folder, resolved) => {
          captured = resolved;
          return undefined;
        },
      });
      try {
        assert.equal(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config), false, 'the capture ends the launch');
        return captured;
      } finally {
        reg.dispose();
      }
    }

    it('asks once per configuration, remembers "Allow", asks again for a changed configuration and after Forget', async () => {
      const { meta } = await add();
      const launch = { type: 'node', request: 'launch', name: `Deploy ${meta.last4}`, program: 'deploy.js', env: { [meta.envVar]: VARIABLE } };
      const approvals = () => shown('warning', /asks for the stored token/);

      // What the launched configuration's env holds for the token variable (VS Code leaves the variable unresolved when refused).
      const launched = async (cfg: vscode.DebugConfiguration): Promise<string> => String((await launchAndCapture(cfg))?.env?.[meta.envVar]);

      api.prompts.answer('Allow');
      const v1 = await launched(launch);
      assert.equal(sha256(v1), meta.fingerprint, 'the launched configuration got the token in its env');
      assert.equal(approvals().length, 1);
      assert.match(approvals()[0].text, new RegExp(`launch configuration "Deploy ${meta.last4}"`));
      assert.deepEqual(approvals()[0].items, ['Allow Once', 'Allow'], 'the one-time answer is the default (first) button');
      assert.match(approvals()[0].detail ?? '', new RegExp(`env\\.${meta.envVar}`), 'the prompt says which key asks');

      assert.equal(sha256(await launched({ ...launch })), meta.fingerprint);
      assert.equal(approvals().length, 1, 'the same configuration is not asked again');
      const stored = JSON.stringify(api.services.context.workspaceState.get('gogsKeyHygiene.injection.approvals'));
      assert.ok(!stored.includes(v1) && !stored.includes(v1.slice(0, 20)), 'approvals hold hashes, never the token');

      // A changed configuration (say, after a git pull) is asked again; dismissing refuses.
      assert.equal(await launched({ ...launch, program: 'exfiltrate.js' }), VARIABLE, 'the changed configuration got the token');
      assert.equal(approvals().length, 2);
      // So is one with an extra "__" key of its own (the debug adapter receives it).
      assert.equal(await launched({ ...launch, __debugAdapterArgs: '--evil' }), VARIABLE, 'a configuration with its own __ key got the token');
      assert.equal(approvals().length, 3);

      // Another extension calling the command with the very configuration is asked, and cannot be remembered.
      const direct = await vscode.commands.executeCommand<string | undefined>(CMD.tokenValue, launch);
      assert.equal(direct, undefined, 'a direct executeCommand matched the launch approval');
      assert.equal(approvals().length, 4);
      assert.match(approvals()[3].text, /direct call of gogsKeyHygiene\.tokenValue by an extension/);
      assert.deepEqual(approvals()[3].items, ['Allow Once']);

      assert.equal(await vscode.commands.executeCommand(CMD.forget), 1);
      assert.equal(hooks.approvalCount(), 0);
      assert.equal(await launched(launch), VARIABLE, 'after Forget the prompt comes back (dismissed here)');
      assert.equal(approvals().length, 5);
    });

    it('refuses a configuration that would put the token on a command line', async () => {
      const { meta } = await add();
      const launch = { type: 'node', request: 'launch', name: 'bad', runtimeArgs: ['--token', VARIABLE] };
      api.prompts.answer('Allow');
      assert.equal(await vscode.commands.executeCommand(CMD.tokenValue, launch), undefined);
      assert.equal(shown('error', /runtimeArgs\[1\].*command line is echoed/).length, 1);
      assert.equal(shown('warning', /asks for the stored token/).length, 0, 'refused before asking');
      void meta;
    });
  });

  describe('tasks', () => {
    const tasksFile = () => path.join(workspaceRoot(), '.vscode', 'tasks.json');
    let saved: string | undefined;

    before(() => {
      saved = fs.existsSync(tasksFile()) ? fs.readFileSync(tasksFile(), 'utf8') : undefined;
    });
    after(() => {
      if (saved === undefined) fs.rmSync(tasksFile(), { force: true });
      else fs.writeFileSync(tasksFile(), saved);
    });

    async function writeTasks(tasks: object[]): Promise<void> {
      fs.mkdirSync(path.dirname(tasksFile()), { recursive: true });
      fs.writeFileSync(tasksFile(), JSON.stringify({ version: '2.0.0', tasks }, null, 2));
    }

    async function findTask(label: string): Promise<vscode.Task> {
      return waitFor(async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === label), 15_000, `task "${label}" to appear`, 250);
    }

    async function runToEnd(task: vscode.Task): Promise<void> {
      const ended = new Promise<void>((resolve) => {
        const d = vscode.tasks.onDidEndTask((e) => {
          if (e.execution.task.name === task.name) {
            d.dispose();
            resolve();
          }
        });
      });
      await vscode.tasks.executeTask(task);
      await Promise.race([ended, sleep(30_000).then(() => Promise.reject(new Error(`task "${task.name}" did not end`)))]);
    }

    it('a shell task gets the token in options.env through the variable, after one approval', async () => {
      const { meta } = await add();
      await add(); // two tokens: the env var name in options.env chooses, without a pick
      const file = path.join(tmp, `task-digest-${meta.last4}.txt`);
      const label = `gkh env task ${meta.last4}`;
      await writeTasks([
        {
          label,
          type: 'shell',
          command: `printf %s "$${meta.envVar}" | sha256sum > ${shellQuote(file)}`,
          options: { env: { [meta.envVar]: VARIABLE } },
          presentation: { reveal: 'never', close: true },
        },
      ]);
      const task = await findTask(label);
      api.prompts.answer('Allow');
      await runToEnd(task);
      const digest = await waitFor(() => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0] : ''), 10_000, 'the task to write its digest');
      assert.equal(digest, meta.fingerprint);
      const asked = shown('warning', /asks for the stored token/);
      assert.equal(asked.length, 1);
      assert.match(asked[0].text, new RegExp(`task "${label}"`), 'the prompt names the task');
      assert.equal(api.prompts.shown.filter((p) => p.kind === 'pick').length, 0);

      fs.rmSync(file);
      await runToEnd(task);
      await waitFor(() => fs.existsSync(file), 10_000, 'the second run');
      assert.equal(shown('warning', /asks for the stored token/).length, 1, 'the second run is not asked again');
    });

    /** Runs `task` and waits for the variable command's approval prompt; the task does not start while it is unanswered. */
    async function runUntilAsked(task: vscode.Task, before: number): Promise<ShownPrompt> {
      await vscode.tasks.executeTask(task);
      return waitFor(() => shown('warning', /asks for the stored token/)[before], 15_000, `task "${task.name}" to ask`);
    }

    it('a pulled top-level options.env reaching a new task is asked again (naming file and key), and a direct call never matches the approval', async () => {
      const { meta } = await add();
      const digestOf = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split(/\s+/)[0] : '');
      const approvedFile = path.join(tmp, `approved-${meta.last4}.txt`);
      const newFile = path.join(tmp, `new-task-${meta.last4}.txt`);
      const approved = {
        label: `gkh approved ${meta.last4}`,
        type: 'shell',
        command: `printf %s "$${meta.envVar}" | sha256sum > ${shellQuote(approvedFile)}`,
        options: { env: { [meta.envVar]: VARIABLE } },
        presentation: { reveal: 'never', close: true },
      };
      await writeTasks([approved]);
      api.prompts.answer('Allow');
      await runToEnd(await findTask(approved.label));
      assert.equal(await waitFor(() => digestOf(approvedFile), 10_000, 'the approved task'), meta.fingerprint);
      assert.equal(shown('warning', /asks for the stored token/).length, 1);

      // Another extension passing exactly what VS Code passes for that task is asked, with no "Allow".
      const direct = await vscode.commands.executeCommand<string | undefined>(CMD.tokenValue, [VARIABLE, workspaceRoot()]);
      assert.equal(direct, undefined, "a direct executeCommand reused the task's approval");
      const asked = shown('warning', /asks for the stored token/);
      assert.equal(asked.length, 2);
      assert.match(asked[1].text, /direct call of gogsKeyHygiene\.tokenValue by an extension/);
      assert.deepEqual(asked[1].items, ['Allow Once']);

      // A pull adds a top-level options.env and a task that does not mention the variable.
      const newTask = { label: `gkh new ${meta.last4}`, type: 'shell', command: `printf %s "$${meta.envVar}" | sha256sum > ${shellQuote(newFile)}`, presentation: { reveal: 'never', close: true } };
      fs.writeFileSync(tasksFile(), JSON.stringify({ version: '2.0.0', options: { env: { [meta.envVar]: VARIABLE } }, tasks: [approved, newTask] }, null, 2));
      const task = await findTask(newTask.label);
      const prompt = await runUntilAsked(task, 2);
      assert.match(prompt.text, new RegExp(`task "${newTask.label}"`), 'the prompt names the new task');
      assert.match(prompt.detail ?? '', new RegExp(`\\.vscode/tasks\\.json: top level → options\\.env\\.${meta.envVar}`), 'the prompt names the file and the top-level key');
      await sleep(1500);
      assert.equal(digestOf(newFile), '', 'the new task ran with the token although nobody allowed it');
    });

    it('"Inject into New Terminals" says that task and debug terminals get the token too, asks first, and tells when a task starts', async () => {
      const { meta } = await add();
      // Dismissed: nothing is injected.
      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), false);
      const question = shown('warning', /every new terminal of this window gets/);
      assert.equal(question.length, 1);
      assert.equal(question[0].modal, true);
      assert.match(question[0].text, new RegExp(`gets \\$${meta.envVar} — also the terminals VS Code opens to run tasks and debug sessions`));
      assert.deepEqual(question[0].items, [INJECT, 'Open One Terminal Instead']);
      assert.equal(env().get(meta.envVar), undefined);
      assert.deepEqual(hooks.injectedEnvVars(), []);

      api.prompts.answer(INJECT);
      assert.equal(await vscode.commands.executeCommand(CMD.start, meta.id), true);
      const file = path.join(tmp, `injected-task-${meta.last4}.txt`);
      const label = `gkh injected task ${meta.last4}`;
      await writeTasks([{ label, type: 'shell', command: `printf %s "$${meta.envVar}" | sha256sum > ${shellQuote(file)}`, presentation: { reveal: 'never', close: true } }]);
      await runToEnd(await findTask(label));
      // What VS Code does (and the question said): the task terminal has the token ...
      const digest = await waitFor(() => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0] : ''), 10_000, 'the task digest');
      assert.equal(digest, meta.fingerprint);
      // ... and the user is told.
      await waitFor(() => shown('warning', new RegExp(`task "${label}" started while \\$${meta.envVar} is injected`)).length === 1, 5000, 'the notice');
    });

    it('a gogs-token task shows ****last4 instead of the token, even when the command prints it in pieces', async () => {
      const { meta, value } = await add();
      const label = `gkh masked task ${meta.last4}`;
      const v = `"$${meta.envVar}"`;
      await writeTasks([
        {
          label,
          type: 'gogs-token',
          token: meta.envVar,
          command: `echo "value=$${meta.envVar}"; printf %s ${v} | head -c 17; sleep 0.3; printf '%s\\n' ${v} | tail -c +18; echo "stderr=$${meta.envVar}" >&2`,
          presentation: { reveal: 'never' },
        },
      ]);
      const task = await findTask(label);
      assert.equal(task.definition.type, 'gogs-token');
      const capture = hooks.captureTaskOutput();
      try {
        api.prompts.answer('Allow');
        await runToEnd(task);
        const out = await waitFor(() => (capture.text(label).includes('stderr=') ? capture.text(label) : ''), 10_000, 'task output');
        const masked = `****${meta.last4}`;
        assert.ok(!out.includes(value), 'the token appeared in the task output');
        assert.ok(!out.includes(value.slice(0, 17)), 'the first piece of the token appeared in the task output');
        assert.ok(out.includes(`value=${masked}\r\n`), 'echoed token is masked');
        assert.ok(out.includes(`\r\n${masked}\r\n`), 'token printed in two pieces is masked as one');
        assert.ok(out.includes(`stderr=${masked}`), 'stderr is masked too');
        assert.match(out, new RegExp(`running with \\$${meta.envVar}`));
        assert.equal(shown('warning', new RegExp(`task "${label}" asks for the stored token`)).length, 1);
      } finally {
        capture.dispose();
      }
    });
  });
});
