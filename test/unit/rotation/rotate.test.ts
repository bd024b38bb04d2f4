/**
 * The rotation flow against the fake server (gogs, gitea, forgejo) with the real TokenStore over
 * in-memory backends. Every injected failure must leave the old token stored, active, unchanged
 * and still accepted by the server, and no secret may appear in any error, result or step text.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { GogsClient } from '../../../src/gogs';
import type { GogsUser, RequestExtras } from '../../../src/gogs';
import { TokenStore } from '../../../src/keychain';
import {
  ManualRevocationInfo,
  ROTATION_STEPS,
  RotationDeps,
  RotationError,
  RotationInput,
  RotationResult,
  RotationStepEvent,
  RotationStore,
  rotateToken,
  rotationTokenName,
} from '../../../src/rotation/rotate';
import { GogsServerHandle, ServerMode, startGogsServer } from '../../gogs-server/server';
import { MemoryMemento, MemorySecrets } from '../../support/memoryBackends';

const NOW = new Date(2026, 10, 1, 15, 30); // local time, for the token name
const CREATED = new Date(2026, 7, 1, 9, 0);
const PASSWORD = 'a long passphrase 7';

/** Store wrapper with fault switches the memory backends cannot express. */
class FaultyStore implements RotationStore {
  failMarkPending?: Error;
  wrongReadBackFor?: (id: string) => boolean;
  constructor(readonly inner: TokenStore) {}
  get(id: string): Promise<string | undefined> {
    if (this.wrongReadBackFor?.(id)) return Promise.resolve('0'.repeat(40));
    return this.inner.get(id);
  }
  add(input: Parameters<TokenStore['add']>[0]): Promise<{ id: string }> {
    return this.inner.add(input);
  }
  async update(id: string, patch: Parameters<TokenStore['update']>[1]): Promise<unknown> {
    if (this.failMarkPending && patch.state === 'pending-revocation') throw this.failMarkPending;
    return this.inner.update(id, patch);
  }
  delete(id: string): Promise<void> {
    return this.inner.delete(id);
  }
}

interface Harness {
  srv: GogsServerHandle;
  mode: ServerMode;
  oldToken: string;
  oldId: string;
  secrets: MemorySecrets;
  tokenStore: TokenStore;
  store: FaultyStore;
  client: GogsClient;
  events: RotationStepEvent[];
  confirms: ManualRevocationInfo[];
  confirmUrls: string[];
  refreshes: number;
  deps: RotationDeps;
  input: RotationInput;
  /** What the simulated user does when asked to delete the old token in the Gogs web UI. */
  userDeletesInWebUi: boolean | 'lie';
  run(signal?: AbortSignal, onStep?: (e: RotationStepEvent) => void): Promise<RotationResult>;
  /** Every secret of this run (old token, password, OTP, every token the server created). */
  allSecrets(): string[];
  createdTokens: string[];
}

async function setup(mode: ServerMode, opts: { otp?: string; oldScopes?: string[] } = {}): Promise<Harness> {
  const srv = await startGogsServer({ mode, password: PASSWORD, otp: opts.otp });
  const oldToken = srv.state.seedToken('laptop', mode === 'gogs' ? {} : { scopes: opts.oldScopes ?? ['write:repository', 'read:user'] });
  const secrets = new MemorySecrets();
  const tokenStore = new TokenStore(secrets, new MemoryMemento(), () => NOW);
  const meta = await tokenStore.add({ value: oldToken, label: 'laptop', envVar: 'GOGS_TOKEN', host: srv.url, username: 'alice', createdAt: CREATED });
  const store = new FaultyStore(tokenStore);
  const client = new GogsClient(srv.url, { timeoutMs: 1500 });
  const createdTokens: string[] = [];
  // Spy on created tokens so the secret checks know every value.
  const spyClient = Object.create(client) as GogsClient;
  spyClient.createToken = async (...args: Parameters<GogsClient['createToken']>) => {
    const c = await client.createToken(...args);
    createdTokens.push(c.token);
    return c;
  };
  const h: Harness = {
    srv,
    mode,
    oldToken,
    oldId: meta.id,
    secrets,
    tokenStore,
    store,
    client: spyClient,
    events: [],
    confirms: [],
    confirmUrls: [],
    refreshes: 0,
    createdTokens,
    userDeletesInWebUi: true,
    deps: undefined as unknown as RotationDeps,
    input: {
      tokenId: meta.id,
      label: 'laptop',
      envVar: 'GOGS_TOKEN',
      host: srv.url,
      username: 'alice',
      password: PASSWORD,
      otp: opts.otp,
      now: NOW,
    },
    run(signal, onStep) {
      return rotateToken(h.deps, h.input, (e) => {
        h.events.push(e);
        onStep?.(e);
      }, signal);
    },
    allSecrets() {
      return [oldToken, PASSWORD, ...(opts.otp ? [opts.otp] : []), ...createdTokens];
    },
  };
  h.deps = {
    client: spyClient,
    store,
    refreshInjection: async () => {
      h.refreshes++;
    },
    confirmManualRevocation: async (url, info) => {
      h.confirmUrls.push(url);
      h.confirms.push(info);
      if (h.userDeletesInWebUi === true) {
        // As the user would: delete it on the applications page.
        const res = await fetch(`${srv.url}/__test/delete-token`, { method: 'POST', body: JSON.stringify({ name: info.oldTokenName }) });
        assert.deepEqual(await res.json(), { deleted: true });
        return true;
      }
      return h.userDeletesInWebUi === 'lie';
    },
  };
  return h;
}

function assertNoSecretIn(values: unknown[], secrets: string[]): void {
  for (const v of values) {
    const views = v instanceof Error ? [v.message, v.stack ?? '', JSON.stringify(v), inspect(v, { depth: 6 })] : [JSON.stringify(v)];
    for (const s of secrets) for (const view of views) assert.ok(!view.includes(s), `secret in ${view.slice(0, 200)}`);
  }
}

/** The old token is still stored, active, unchanged, the only token for its env var, and accepted by the server. */
async function assertOldIntact(h: Harness, opts: { newStored?: boolean } = {}): Promise<void> {
  assert.equal(await h.tokenStore.get(h.oldId), h.oldToken, 'old value still stored');
  const meta = h.tokenStore.meta(h.oldId);
  assert.ok(meta, 'old metadata still there');
  assert.notEqual(meta.state, 'pending-revocation');
  assert.equal(meta.replacedBy, undefined);
  assert.equal(h.tokenStore.findByEnvVar('GOGS_TOKEN')?.id, h.oldId, 'GOGS_TOKEN still resolves to the old token');
  if (!opts.newStored) assert.equal(h.tokenStore.list().length, 1, 'no new token left in the store');
  assert.ok(h.srv.state.isAccepted(h.oldToken), 'server still accepts the old token');
  const user = await new GogsClient(h.srv.url).getUser(h.oldToken);
  assert.equal(user.username, 'alice');
}

async function expectRotationError(h: Harness, p: Promise<unknown>, step: string, kind: string): Promise<RotationError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof RotationError, `expected RotationError, got ${inspect(caught)}`);
  assert.equal(caught.step, step, caught.message);
  assert.equal(caught.kind, kind, caught.message);
  assert.equal(caught.oldTokenIntact, true, caught.message);
  assert.match(caught.message, /old token is still stored and still works/);
  assert.equal(h.events.at(-1)?.phase, 'failed');
  assert.equal(h.events.at(-1)?.step, step);
  assertNoSecretIn([caught, h.events], h.allSecrets());
  return caught;
}

const MODES: ServerMode[] = ['gogs', 'gitea', 'forgejo'];

for (const mode of MODES) {
  describe(`rotateToken (${mode})`, function () {
    this.timeout(20000);
    let h: Harness;
    beforeEach(async () => {
      h = await setup(mode);
    });
    afterEach(() => h.srv.close());

    it('rotates: new token stored under the same env var and verified, old one revoked and forgotten, age reset', async () => {
      const result = await h.run();
      assert.equal(result.outcome, 'revoked');
      assert.equal(result.flavor, mode);
      assert.equal(result.login, 'alice');
      assert.equal(result.newTokenName, rotationTokenName('laptop', NOW));
      assert.equal(result.newTokenName, 'laptop-20261101-1530');
      assert.equal(result.oldTokenForgotten, true);

      const [meta] = h.tokenStore.list();
      assert.equal(h.tokenStore.list().length, 1);
      assert.equal(meta.id, result.newTokenId);
      assert.equal(meta.envVar, 'GOGS_TOKEN');
      assert.equal(meta.state, 'active');
      assert.equal(meta.createdAt, NOW.toISOString(), 'age reset');
      assert.equal(meta.rotatedAt, NOW.toISOString());
      assert.equal(meta.serverName, result.newTokenName);
      assert.equal(meta.replaces, h.oldId);
      const newValue = await h.tokenStore.get(meta.id);
      assert.ok(newValue && /^[0-9a-f]{40}$/.test(newValue));
      assert.equal(result.newTokenLast4, newValue.slice(-4));
      assert.equal((await new GogsClient(h.srv.url).getUser(newValue)).username, 'alice');
      assert.ok(!h.srv.state.isAccepted(h.oldToken), 'old token rejected by the server');
      assert.deepEqual(h.srv.state.tokenNames(), [result.newTokenName]);
      assert.equal(h.refreshes, 1);

      const done = h.events.filter((e) => e.phase === 'done').map((e) => e.step);
      assert.deepEqual(done, [...ROTATION_STEPS]);
      assert.ok(h.events.every((e) => e.total === 7 && e.index === ROTATION_STEPS.indexOf(e.step) + 1));
      if (mode === 'gogs') {
        assert.deepEqual(h.confirms, [{ oldTokenName: 'laptop', attempt: 1, stillAccepted: false }]);
        assert.deepEqual(h.confirmUrls, [`${h.srv.url}/user/settings/applications`]);
        assert.ok(!h.srv.state.requests.some((r) => r.method === 'DELETE'), 'Gogs: no delete API call');
      } else {
        assert.deepEqual(h.confirms, [], 'Gitea/Forgejo revoke through the API');
        assert.ok(h.srv.state.requests.some((r) => r.method === 'DELETE' && r.status === 204));
        assert.deepEqual(h.srv.state.tokens[0].scopes, ['write:repository', 'read:user'], 'scopes copied from the old token');
      }
      assertNoSecretIn([result, h.events], h.allSecrets());
    });

    it('picks a free name when <label>-<yyyymmdd-hhmm> is taken', async () => {
      h.srv.state.seedToken('laptop-20261101-1530');
      const result = await h.run();
      assert.equal(result.newTokenName, 'laptop-20261101-1530-2');
    });

    it('wrong password: stops at check, nothing created', async () => {
      h.input.password = 'wrong password';
      await expectRotationError(h, h.run(), 'check', 'unauthorized');
      assert.deepEqual(h.srv.state.tokenNames(), ['laptop']);
      await assertOldIntact(h);
    });

    it("another account's credentials: stops at check (login mismatch), nothing created", async () => {
      h.srv.state.addUser('bob', 'bob password');
      h.input.username = 'bob';
      h.input.password = 'bob password';
      const err = await expectRotationError(h, h.run(), 'check', 'login-mismatch');
      assert.match(err.message, /belongs to "alice"/);
      assert.deepEqual(h.srv.state.tokenNames('bob'), []);
      await assertOldIntact(h);
    });

    it('server down before starting: stops at check with a network error', async () => {
      await h.srv.suspend();
      await expectRotationError(h, h.run(), 'check', 'network');
      await h.srv.resume();
      await assertOldIntact(h);
    });

    it('create fails (500): nothing created, old token intact', async () => {
      h.srv.setFault('tokens.create', { status500: true });
      const err = await expectRotationError(h, h.run(), 'create', 'server');
      assert.equal(err.strayServerToken, undefined);
      assert.deepEqual(h.srv.state.tokenNames(), ['laptop']);
      await assertOldIntact(h);
    });

    it('create times out (slow server): stops at create', async () => {
      h.srv.setFault('tokens.create', { slowMs: 4000 });
      await expectRotationError(h, h.run(), 'create', 'timeout');
      await assertOldIntact(h);
    });

    it('create answer lost after the server created it: the stray token is found and removed or named', async () => {
      h.srv.setFault('tokens.create', { dropConnection: 'after' });
      const err = await expectRotationError(h, h.run(), 'create', 'network');
      assert.ok(err.strayServerToken, 'stray found by name');
      assert.equal(err.strayServerToken.name, 'laptop-20261101-1530');
      if (mode === 'gogs') {
        assert.equal(err.strayServerToken.deleted, false);
        assert.match(err.message, /"laptop-20261101-1530" is still on the server and unused: delete it at http:\/\/127\.0\.0\.1:\d+\/user\/settings\/applications/);
        assert.deepEqual(h.srv.state.tokenNames(), ['laptop', 'laptop-20261101-1530']);
      } else {
        assert.equal(err.strayServerToken.deleted, true);
        assert.match(err.message, /was deleted again on the server/);
        assert.deepEqual(h.srv.state.tokenNames(), ['laptop']);
      }
      await assertOldIntact(h);
    });

    it('verify fails (server error on GET /api/v1/user with the new token): stray removed/named, old intact', async () => {
      const err = await expectRotationError(
        h,
        h.run(undefined, (e) => {
          if (e.step === 'verify' && e.phase === 'start') h.srv.setFault('user', { status500: true });
        }),
        'verify',
        'server',
      );
      h.srv.clearFaults();
      assert.equal(err.strayServerToken?.deleted, mode !== 'gogs');
      assert.equal(h.srv.state.tokenNames().includes('laptop-20261101-1530'), mode === 'gogs');
      await assertOldIntact(h);
    });

    it('verify fails (the new token answers for another login): stray removed/named, old intact', async () => {
      const realGetUser = h.client.getUser.bind(h.client);
      h.client.getUser = async (t: string, extras?: RequestExtras): Promise<GogsUser> => {
        const u = await realGetUser(t, extras);
        return t === h.oldToken ? u : { ...u, username: 'mallory' };
      };
      const err = await expectRotationError(h, h.run(), 'verify', 'login-mismatch');
      assert.match(err.message, /belongs to "mallory", not to "alice"/);
      assert.equal(err.strayServerToken?.deleted, mode !== 'gogs');
      await assertOldIntact(h);
    });

    it('server down right after create: verify fails, cleanup impossible, the stray is named', async () => {
      const err = await expectRotationError(
        h,
        h.run(undefined, (e) => {
          if (e.step === 'create' && e.phase === 'done') void h.srv.suspend();
        }),
        'verify',
        'network',
      );
      assert.equal(err.strayServerToken?.deleted, false);
      assert.match(err.message, /still on the server and unused/);
      await h.srv.resume();
      await assertOldIntact(h);
    });

    it('keychain write fails (SecretStorage throws): stops at store, stray removed/named, old intact', async () => {
      const err = await expectRotationError(
        h,
        h.run(undefined, (e) => {
          if (e.step === 'store' && e.phase === 'start') h.secrets.failStore = new Error('Cannot create an item in a locked collection');
        }),
        'store',
        'keychain',
      );
      assert.match(err.message, /OS keychain/);
      assert.equal(err.strayServerToken?.deleted, mode !== 'gogs');
      h.secrets.failStore = undefined;
      await assertOldIntact(h);
    });

    it('keychain returns something else on read-back: stops at store, old intact', async () => {
      h.store.wrongReadBackFor = (id) => id !== h.oldId;
      await expectRotationError(h, h.run(), 'store', 'keychain');
      h.store.wrongReadBackFor = undefined;
      await assertOldIntact(h);
    });

    it('marking the old token pending fails: the new one is removed from the store again, old intact', async () => {
      h.store.failMarkPending = new Error('globalState update failed');
      await expectRotationError(h, h.run(), 'store', 'keychain');
      h.store.failMarkPending = undefined;
      await assertOldIntact(h);
    });

    it('cancelled before create: nothing created', async () => {
      const ac = new AbortController();
      await expectRotationError(
        h,
        h.run(ac.signal, (e) => {
          if (e.step === 'create' && e.phase === 'start') ac.abort();
        }),
        'create',
        'cancelled',
      );
      assert.deepEqual(h.srv.state.tokenNames(), ['laptop']);
      await assertOldIntact(h);
    });

    it('cancelled during verify: the new token is removed/named, old intact', async () => {
      const ac = new AbortController();
      const err = await expectRotationError(
        h,
        h.run(ac.signal, (e) => {
          if (e.step === 'verify' && e.phase === 'start') ac.abort();
        }),
        'verify',
        'cancelled',
      );
      assert.equal(err.strayServerToken?.deleted, mode !== 'gogs');
      await assertOldIntact(h);
    });

    it('cancelled after the switch: ends pending revocation, both tokens work, old kept and marked', async () => {
      const ac = new AbortController();
      const result = await h.run(ac.signal, (e) => {
        if (e.step === 'switch' && e.phase === 'start') ac.abort();
      });
      assert.equal(result.outcome, 'pending-revocation');
      assert.equal(h.tokenStore.meta(h.oldId)?.state, 'pending-revocation');
      assert.equal(h.tokenStore.meta(h.oldId)?.replacedBy, result.newTokenId);
      assert.equal(h.tokenStore.findByEnvVar('GOGS_TOKEN')?.id, result.newTokenId);
      assert.equal(await h.tokenStore.get(h.oldId), h.oldToken);
      assert.ok(h.srv.state.isAccepted(h.oldToken));
    });

    it('refreshing terminals fails: the old token is not revoked and stays pending', async () => {
      h.deps.refreshInjection = async () => {
        throw new Error('terminal gone');
      };
      const result = await h.run();
      assert.equal(result.outcome, 'pending-revocation');
      assert.match(result.message, /Terminals could not be switched/);
      assert.ok(h.events.some((e) => e.step === 'revoke' && e.phase === 'skipped'));
      assert.ok(h.srv.state.isAccepted(h.oldToken));
      assert.deepEqual(h.confirms, []);
      assert.equal(await h.tokenStore.get(h.oldId), h.oldToken);
    });

    it('old token already revoked on the server: rotation still gives a working token and forgets the dead one', async () => {
      h.srv.state.deleteToken('laptop');
      const result = await h.run();
      assert.equal(result.outcome, 'revoked');
      assert.ok(h.events.some((e) => e.step === 'revoke' && e.phase === 'skipped'));
      assert.deepEqual(h.confirms, []);
      assert.equal(h.tokenStore.list().length, 1);
      assert.equal(h.tokenStore.list()[0].id, result.newTokenId);
    });

    if (mode === 'gogs') {
      it('Gogs: "I Deleted It" while the server still accepts the token → asked again, then left pending', async () => {
        h.userDeletesInWebUi = 'lie';
        h.input.maxManualAttempts = 2;
        const result = await h.run();
        assert.equal(result.outcome, 'pending-revocation');
        assert.deepEqual(h.confirms, [
          { oldTokenName: 'laptop', attempt: 1, stillAccepted: false },
          { oldTokenName: 'laptop', attempt: 2, stillAccepted: true },
        ]);
        assert.match(result.message, /still accepts the old token: delete "laptop" at http/);
        assert.ok(h.srv.state.isAccepted(h.oldToken));
        assert.equal(h.tokenStore.meta(h.oldId)?.state, 'pending-revocation');
        assert.equal(h.tokenStore.meta(h.oldId)?.serverName, 'laptop');
      });

      it('Gogs: the user declines to delete it now → pending, old token kept and working', async () => {
        h.userDeletesInWebUi = false;
        const result = await h.run();
        assert.equal(result.outcome, 'pending-revocation');
        assert.equal(h.confirms.length, 1);
        assert.ok(h.srv.state.isAccepted(h.oldToken));
        assert.equal(await h.tokenStore.get(h.oldId), h.oldToken);
      });
    } else {
      it('revoke through the API fails (500): ends pending revocation, old token still stored and accepted', async () => {
        h.srv.setFault('tokens.delete', { status500: true });
        const result = await h.run();
        assert.equal(result.outcome, 'pending-revocation');
        assert.match(result.message, /Revoking the old token failed/);
        assert.ok(h.srv.state.isAccepted(h.oldToken));
        assert.equal(h.tokenStore.meta(h.oldId)?.state, 'pending-revocation');
        assertNoSecretIn([result, h.events], h.allSecrets());
      });

      it('server down while revoking: ends pending revocation; back up, the old token still works', async () => {
        const result = await h.run(undefined, (e) => {
          if (e.step === 'revoke' && e.phase === 'start') void h.srv.suspend();
        });
        assert.equal(result.outcome, 'pending-revocation');
        assert.match(result.message, /Could not reach/);
        await h.srv.resume();
        assert.ok(h.srv.state.isAccepted(h.oldToken));
        assert.equal(await h.tokenStore.get(h.oldId), h.oldToken);
        assert.equal(h.tokenStore.findByEnvVar('GOGS_TOKEN')?.id, result.newTokenId);
      });

      it('an old token without a user scope (403 on /user): same scopes for the new one, owner proven by the token list', async () => {
        await h.srv.close();
        h = await setup(mode, { oldScopes: ['read:repository'] });
        const result = await h.run();
        assert.equal(result.outcome, 'revoked');
        assert.equal(result.login, 'alice');
        assert.deepEqual(h.srv.state.tokens.map((t) => [t.name, t.scopes]), [['laptop-20261101-1530', ['read:repository']]]);
      });

      it("an old token without a user scope and another account's credentials: stops at check", async () => {
        await h.srv.close();
        h = await setup(mode, { oldScopes: ['read:repository'] });
        h.srv.state.addUser('bob', 'bob password');
        h.input.username = 'bob';
        h.input.password = 'bob password';
        const err = await expectRotationError(h, h.run(), 'check', 'login-mismatch');
        assert.match(err.message, /not one of the tokens of "bob"/);
        assert.deepEqual(h.srv.state.tokenNames('bob'), []);
      });
    }
  });
}

for (const mode of ['gitea', 'forgejo'] as const) {
  describe(`rotateToken with 2FA (${mode})`, function () {
    this.timeout(20000);
    it('uses the one-time code, and asks for a fresh one when the server no longer takes it', async () => {
      const h = await setup(mode, { otp: '111111' });
      try {
        let asked = 0;
        h.deps.askOtp = async () => {
          asked++;
          return '222222';
        };
        const result = await h.run(undefined, (e) => {
          if (e.step === 'revoke' && e.phase === 'start') h.srv.state.defaultUser.otp = '222222'; // the code rolled over
        });
        assert.equal(result.outcome, 'revoked');
        assert.equal(asked, 1);
        assert.ok(!h.srv.state.isAccepted(h.oldToken));
        assertNoSecretIn([result, h.events], [...h.allSecrets(), '222222']);
      } finally {
        await h.srv.close();
      }
    });

    it('without a code and without askOtp: stops at check (otp-required), old intact', async () => {
      const h = await setup(mode, { otp: '111111' });
      try {
        h.input.otp = undefined;
        await expectRotationError(h, h.run(), 'check', 'otp-required');
        await assertOldIntact(h);
      } finally {
        await h.srv.close();
      }
    });
  });
}

describe('rotateToken: missing token', () => {
  it('fails at check when the stored token is gone, without calling the server', async () => {
    const h = await setup('gogs');
    try {
      await h.tokenStore.delete(h.oldId);
      const n = h.srv.state.requests.length;
      let caught: unknown;
      try {
        await h.run();
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof RotationError);
      assert.equal(caught.kind, 'missing-token');
      assert.equal(caught.oldTokenIntact, false);
      assert.equal(h.srv.state.requests.length, n);
    } finally {
      await h.srv.close();
    }
  });
});

describe('rotationTokenName', () => {
  it('is <label>-<yyyymmdd-hhmm> in local time, whitespace turned into dashes', () => {
    assert.equal(rotationTokenName('ci bot', new Date(2026, 0, 5, 7, 3)), 'ci-bot-20260105-0703');
    assert.equal(rotationTokenName('  ', new Date(2026, 11, 31, 23, 59)), 'token-20261231-2359');
  });
});

describe('RotationStore compatibility', () => {
  it('the real TokenStore satisfies the interface the flow needs', () => {
    const s: RotationStore = new TokenStore(new MemorySecrets(), new MemoryMemento());
    assert.equal(typeof s.add, 'function');
  });
});
