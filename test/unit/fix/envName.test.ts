import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { envVarNameFrom, isValidEnvVarName } from '../../../src/fix';

describe('fix/envVarNameFrom', () => {
  const cases: Array<[string | undefined, string | undefined, string | undefined]> = [
    // key name decides
    ['GOGS_TOKEN', undefined, 'GOGS_TOKEN'],
    ['gogs_token', undefined, 'GOGS_TOKEN'],
    ['gogsToken', undefined, 'GOGS_TOKEN'],
    ['GogsToken', undefined, 'GOGS_TOKEN'],
    ['GOGSToken', undefined, 'GOGS_TOKEN'],
    ['gogs-token', undefined, 'GOGS_TOKEN'],
    ['gogs.token', undefined, 'GOGS_TOKEN'],
    ['$gogs_token', undefined, 'GOGS_TOKEN'],
    ['  GITEA_ACCESS_TOKEN ', 'git.example.test', 'GITEA_ACCESS_TOKEN'],
    ['apiToken2', undefined, 'API_TOKEN2'],
    ['2fa_token', undefined, 'GOGS_2FA_TOKEN'],
    // generic or reserved key names: the host decides, else GOGS_TOKEN
    ['token', 'git.example.test', 'GIT_EXAMPLE_TEST_TOKEN'],
    ['password', 'git.example.test', 'GIT_EXAMPLE_TEST_TOKEN'],
    ['Authorization', undefined, 'GOGS_TOKEN'],
    ['access_token', undefined, 'GOGS_TOKEN'],
    ['PATH', undefined, 'GOGS_TOKEN'],
    ['pwd', 'git.example.test', 'GIT_EXAMPLE_TEST_TOKEN'],
    // host decides
    [undefined, 'git.example.test', 'GIT_EXAMPLE_TEST_TOKEN'],
    [undefined, 'Git.Example.Test.', 'GIT_EXAMPLE_TEST_TOKEN'],
    [undefined, 'git.example.test:3000', 'GIT_EXAMPLE_TEST_TOKEN'],
    [undefined, 'https://alice@git.example.test:3000/alice/repo.git', 'GIT_EXAMPLE_TEST_TOKEN'],
    [undefined, '10.0.0.5', 'GOGS_10_0_0_5_TOKEN'],
    [undefined, '[::1]:3000', 'GOGS_1_TOKEN'],
    [undefined, 'localhost', 'LOCALHOST_TOKEN'],
    ['---', 'my-gogs.internal', 'MY_GOGS_INTERNAL_TOKEN'],
    // nothing sensible: the caller asks
    [undefined, undefined, undefined],
    ['', '', undefined],
    ['***', undefined, undefined],
    ['токен', undefined, undefined],
    ['x'.repeat(80), undefined, undefined],
  ];
  for (const [keyName, host, expected] of cases) {
    it(`${JSON.stringify(keyName)} + ${JSON.stringify(host)} -> ${String(expected)}`, () => {
      assert.equal(envVarNameFrom(keyName, host), expected);
    });
  }

  it('only ever returns valid POSIX names', () => {
    fc.assert(fc.property(fc.option(fc.string({ maxLength: 40 })), fc.option(fc.string({ maxLength: 40 })), (k, h) => {
      const name = envVarNameFrom(k ?? undefined, h ?? undefined);
      if (name !== undefined) {
        assert.ok(isValidEnvVarName(name), name);
        assert.match(name, /^[A-Z_][A-Z0-9_]*$/);
        assert.ok(name.length <= 64);
      }
    }), { numRuns: 2000 });
  });
});
