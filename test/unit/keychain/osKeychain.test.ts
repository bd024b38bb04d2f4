/**
 * The OS keychain backend (keytar) against a REAL gnome-keyring on a private D-Bus session
 * (test/support/privateBus.ts): round trip, items readable with `secret-tool`, the item moving
 * with a rename and a rotation, and the failures a user meets — a locked keyring, no Secret
 * Service on the bus, a hung daemon, a native module that does not load. Runs only when the
 * test command set GOGS_KEY_HYGIENE_KEYRING_TEST=1 (never against a developer's keyring).
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeytarBackend, loadKeytar, osKeychainName } from '../../../src/keychain/keytarBackend';
import { chooseBackend } from '../../../src/keychain/selection';
import type { ChildOp } from '../../support/keychainChild';
import { KEYRING_TESTS, PrivateBus, startPrivateBus } from '../../support/privateBus';

const CHILD = path.join(__dirname, '..', '..', 'support', 'keychainChild.js');
const newToken = (): string => randomBytes(20).toString('hex');
type Result = { ok: boolean; value?: unknown; error?: string; name?: string; ms: number };

async function run(bus: PrivateBus, ops: ChildOp[], timeoutMs = 3000): Promise<Result[]> {
  const r = await bus.exec(process.execPath, [CHILD], JSON.stringify(ops), 30_000);
  void timeoutMs;
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Result[];
}

async function lookup(bus: PrivateBus, account: string): Promise<string> {
  const r = await bus.exec('secret-tool', ['lookup', 'service', 'gogs-key-hygiene', 'account', account]);
  return r.code === 0 ? r.stdout : '';
}

(KEYRING_TESTS ? describe : describe.skip)('OS keychain backend (real gnome-keyring, private D-Bus)', function () {
  this.timeout(60_000);

  describe('unlocked keyring', () => {
    let bus: PrivateBus;
    before(async () => (bus = await startPrivateBus('unlocked')));
    after(async () => bus?.stop());

    it('stores the token as item service=gogs-key-hygiene account=<ENV>, readable by secret-tool; metadata file 0600 without the value', async () => {
      const value = newToken();
      const [add, get] = await run(bus, [
        { op: 'add', value, envVar: 'GOGS_TOKEN', host: 'https://git.example.test', username: 'deploy' },
        { op: 'get', envVar: 'GOGS_TOKEN' },
      ]);
      assert.ok(add.ok, add.error);
      assert.equal(get.value, value);
      console.log(`      keychain add (write + read back + metadata) ${add.ms} ms, get ${get.ms} ms`);
      assert.equal(await lookup(bus, 'GOGS_TOKEN'), value, 'secret-tool lookup returns exactly the token');
      const file = path.join(bus.env.XDG_CONFIG_HOME!, 'gogs-key-hygiene', 'tokens.json');
      const st = fs.statSync(file);
      assert.equal(st.mode & 0o777, 0o600);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes(value) && !text.includes(value.slice(0, 20)), 'the metadata file never holds the value');
      const meta = (JSON.parse(text) as Record<string, Array<Record<string, string>>>)['gogsKeyHygiene.tokens'][0];
      assert.equal(meta.account, 'GOGS_TOKEN');
      assert.equal(meta.username, 'deploy');
      assert.equal(meta.host, 'https://git.example.test');
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['tokens.json'], 'no temporary file is left beside it');
    });

    it('a rename of the variable moves the item (new account holds it, old one is gone); delete removes it', async () => {
      const value = newToken();
      const r = await run(bus, [
        { op: 'add', value, envVar: 'RENAME_ME' },
        { op: 'update', envVar: 'RENAME_ME', patch: { envVar: 'RENAMED_TOKEN' } },
        { op: 'get', envVar: 'RENAMED_TOKEN' },
      ]);
      assert.ok(r.every((x) => x.ok), JSON.stringify(r.map((x) => x.error)));
      assert.equal(r[2].value, value);
      assert.equal(await lookup(bus, 'RENAMED_TOKEN'), value);
      assert.equal(await lookup(bus, 'RENAME_ME'), '', 'the old item is gone');
      const [del] = await run(bus, [{ op: 'delete', envVar: 'RENAMED_TOKEN' }]);
      assert.ok(del.ok, del.error);
      assert.equal(await lookup(bus, 'RENAMED_TOKEN'), '');
    });

    it('rotation (a new token under the same variable) keeps both readable: the new one under <ENV>, the old one moved aside', async () => {
      const oldValue = newToken();
      const newValue = newToken();
      const r = await run(bus, [
        { op: 'add', value: oldValue, envVar: 'ROT_TOKEN' },
        { op: 'update', envVar: 'ROT_TOKEN', patch: { state: 'pending-revocation' } },
        { op: 'add', value: newValue, envVar: 'ROT_TOKEN' },
        { op: 'list' },
      ]);
      assert.ok(r.every((x) => x.ok), JSON.stringify(r.map((x) => x.error)));
      assert.equal(await lookup(bus, 'ROT_TOKEN'), newValue);
      const metas = r[3].value as Array<{ envVar: string; account: string; fingerprint: string }>;
      const old = metas.find((m) => m.envVar === 'ROT_TOKEN' && m.account !== 'ROT_TOKEN')!;
      assert.match(old.account, /^ROT_TOKEN\.replaced\.[0-9a-f]{8}$/);
      assert.equal(await lookup(bus, old.account), oldValue);
    });

    it('an item someone stored by hand under the same name is never overwritten', async () => {
      const mine = newToken();
      const theirs = newToken();
      // As the README says to store one by hand (libsecret lookups match on xdg:schema).
      await bus.exec('secret-tool', ['store', '--label=by hand', 'xdg:schema', 'org.freedesktop.Secret.Generic', 'service', 'gogs-key-hygiene', 'account', 'HAND_TOKEN'], theirs);
      const [add] = await run(bus, [{ op: 'add', value: mine, envVar: 'HAND_TOKEN' }]);
      assert.ok(add.ok, add.error);
      assert.equal(await lookup(bus, 'HAND_TOKEN'), theirs);
      const account = (add.value as { account: string }).account;
      assert.match(account, /^HAND_TOKEN\.[0-9a-f]{8}$/);
      assert.equal(await lookup(bus, account), mine);
    });

    it('a hung daemon (SIGSTOP) makes each call fail within the bound instead of blocking', async () => {
      const local = await startPrivateBus('unlocked');
      try {
        const value = newToken();
        assert.ok((await run(local, [{ op: 'add', value, envVar: 'HUNG_TOKEN' }]))[0].ok);
        process.kill(local.keyringPid!, 'SIGSTOP');
        const t0 = Date.now();
        const r = await local.exec(process.execPath, [CHILD], JSON.stringify([{ op: 'get', envVar: 'HUNG_TOKEN' }, { op: 'add', value: newToken(), envVar: 'OTHER' }]), 20_000);
        const [get, add] = JSON.parse(r.stdout) as Result[];
        assert.equal(get.ok, false);
        assert.match(get.error!, /did not answer within 3 s/);
        assert.equal(add.ok, false, 'a second call fails at once while the first is stuck');
        assert.match(add.error!, /OS keychain \(Secret Service\)/);
        assert.ok(!add.error!.includes(value));
        assert.ok(Date.now() - t0 < 10_000, `bounded: took ${Date.now() - t0} ms`);
        assert.ok(add.ms < 3500, `the second call did not wait again (${add.ms} ms)`);
      } finally {
        await local.stop();
      }
    });
  });

  it('locked keyring: the probe fails, adding fails with a clear error and records nothing, reading gives nothing', async () => {
    const bus = await startPrivateBus('unlocked');
    try {
      const value = newToken();
      assert.ok((await run(bus, [{ op: 'add', value, envVar: 'LOCKED_TOKEN' }]))[0].ok);
      await bus.lock();
      const [probe, add, list, raw] = await run(bus, [{ op: 'probe' }, { op: 'add', value: newToken(), envVar: 'NEW_TOKEN' }, { op: 'list' }, { op: 'rawGet', account: 'LOCKED_TOKEN' }]);
      assert.equal((probe.value as { ok: boolean }).ok, false);
      assert.equal(add.ok, false);
      assert.match(add.error!, /Could not save the token in the OS keychain \(Secret Service\).*locked/);
      assert.match(add.error!, /Nothing in your files was changed/);
      assert.deepEqual((list.value as Array<{ envVar: string }>).map((m) => m.envVar), ['LOCKED_TOKEN'], 'no metadata for the failed add');
      assert.equal(raw.value, null, 'keytar answers null on a locked keyring (the read-back catches it)');
    } finally {
      await bus.stop();
    }
  });

  it('no Secret Service on the bus: the probe fails quickly and adding fails with a clear error', async () => {
    const bus = await startPrivateBus('none');
    try {
      const t0 = Date.now();
      const [probe, add] = await run(bus, [{ op: 'probe' }, { op: 'add', value: newToken(), envVar: 'NONE_TOKEN' }]);
      assert.equal((probe.value as { ok: boolean }).ok, false);
      assert.equal(add.ok, false);
      assert.match(add.error!, /Could not save the token in the OS keychain \(Secret Service\)/);
      assert.ok(Date.now() - t0 < 8000);
      assert.ok(!fs.existsSync(path.join(bus.env.XDG_CONFIG_HOME!, 'gogs-key-hygiene', 'tokens.json')), 'no metadata written');
    } finally {
      await bus.stop();
    }
  });
});

describe('OS keychain backend: loading and choosing', () => {
  it('a native module that fails to load is reported, not thrown', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-badnode-'));
    const bad = path.join(dir, 'keytar.node');
    fs.writeFileSync(bad, 'not an ELF file');
    const r = loadKeytar([bad]);
    assert.equal(r.api, undefined);
    assert.match(r.error!, /invalid ELF header|not a valid|cannot open|file too short/i);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('auto without a loadable module falls back to SecretStorage with a one-time explanation', async () => {
    const choice = await chooseBackend({ setting: 'auto', keytar: { error: 'libsecret-1.so.0: cannot open shared object file' }, os: undefined, tokensInSecretStorage: 0 });
    assert.equal(choice.kind, 'secretStorage');
    assert.match(choice.notice!, /libsecret-1\.so\.0.*VS Code SecretStorage/);
  });

  it('auto with a keychain that fails the probe falls back; one that passes is chosen unless tokens wait in SecretStorage', async () => {
    const failing = new KeytarBackend({
      getPassword: async () => null,
      setPassword: async () => undefined,
      deletePassword: async () => true,
      findCredentials: async () => [],
    });
    const c1 = await chooseBackend({ setting: 'auto', keytar: { api: {} as never, from: 'x' }, os: failing, tokensInSecretStorage: 0 });
    assert.equal(c1.kind, 'secretStorage');
    assert.match(c1.notice!, /did not answer.*locked/);
    const items = new Map<string, string>();
    const working = new KeytarBackend({
      getPassword: async (_s, a) => items.get(a) ?? null,
      setPassword: async (_s, a, p) => void items.set(a, p),
      deletePassword: async (_s, a) => items.delete(a),
      findCredentials: async () => [],
    });
    assert.equal((await chooseBackend({ setting: 'auto', keytar: { api: {} as never, from: 'x' }, os: working, tokensInSecretStorage: 0 })).kind, 'os');
    assert.equal(items.size, 0, 'the probe item is deleted again');
    assert.equal((await chooseBackend({ setting: 'auto', keytar: { api: {} as never, from: 'x' }, os: working, tokensInSecretStorage: 2 })).kind, 'secretStorage');
    assert.equal((await chooseBackend({ setting: 'secretStorage', keytar: { api: {} as never, from: 'x' }, os: working, tokensInSecretStorage: 0 })).kind, 'secretStorage');
  });

  it('names the store per platform', () => {
    assert.equal(osKeychainName('linux'), 'OS keychain (Secret Service)');
    assert.equal(osKeychainName('darwin'), 'macOS Keychain');
    assert.equal(osKeychainName('win32'), 'Windows Credential Manager');
  });
});
