import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileMetadataBackend, metadataFile, writeFileAtomic } from '../../../src/keychain/fileMetadata';
import { METADATA_KEY, TokenStore } from '../../../src/keychain';
import { MemorySecrets } from '../../support/memoryBackends';

/** A memory keychain that keys by account, as the OS keychain backend does. */
class AccountSecrets extends MemorySecrets {
  readonly keying = 'account' as const;
}

describe('token metadata file (readable outside VS Code)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-meta-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lives in the per-OS config folder', () => {
    assert.equal(metadataFile({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/u'), '/x/cfg/gogs-key-hygiene/tokens.json');
    assert.equal(metadataFile({}, 'linux', '/home/u'), '/home/u/.config/gogs-key-hygiene/tokens.json');
    assert.equal(metadataFile({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.config/gogs-key-hygiene/tokens.json', 'a relative XDG_CONFIG_HOME is ignored (XDG spec)');
    assert.equal(metadataFile({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/gogs-key-hygiene/tokens.json');
    assert.equal(metadataFile({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), path.join('C:\\Users\\u\\AppData\\Roaming', 'gogs-key-hygiene', 'tokens.json'));
  });

  it('is written with mode 0600 in a 0700 folder, atomically, leaving no temporary file, and never holds the value', async () => {
    const file = path.join(dir, 'cfg', 'gogs-key-hygiene', 'tokens.json');
    const value = randomBytes(20).toString('hex');
    const store = new TokenStore(new AccountSecrets(), new FileMetadataBackend(file));
    await store.add({ value, envVar: 'GOGS_TOKEN', host: 'https://git.example.test', username: 'deploy' });
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['tokens.json']);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(value) && !text.includes(value.slice(0, 16)));
    const meta = JSON.parse(text)[METADATA_KEY][0];
    assert.equal(meta.username, 'deploy');
    assert.equal(meta.account, 'GOGS_TOKEN');
  });

  it('sees what another process (the CLI) wrote since the last read', async () => {
    const file = path.join(dir, 'tokens.json');
    const a = new FileMetadataBackend(file);
    const b = new FileMetadataBackend(file);
    assert.equal(a.get(METADATA_KEY), undefined);
    await b.update(METADATA_KEY, [{ id: '1', envVar: 'X' }]);
    assert.deepEqual(a.get(METADATA_KEY), [{ id: '1', envVar: 'X' }]);
  });

  it('refuses to overwrite a malformed file (reads it as empty)', async () => {
    const file = path.join(dir, 'tokens.json');
    fs.writeFileSync(file, '{ not json');
    const m = new FileMetadataBackend(file);
    assert.equal(m.get(METADATA_KEY), undefined);
    await assert.rejects(Promise.resolve(m.update(METADATA_KEY, [])));
    assert.equal(fs.readFileSync(file, 'utf8'), '{ not json');
  });

  it('a failed atomic write removes its temporary file and keeps the old content', () => {
    const file = path.join(dir, 'tokens.json');
    writeFileAtomic(file, '{"a":1}');
    fs.mkdirSync(path.join(dir, 'blocker'));
    assert.throws(() => writeFileAtomic(path.join(dir, 'blocker'), '{}'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['blocker', 'tokens.json']);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":1}');
  });
});

describe('TokenStore with a keychain keyed by account', () => {
  it('keys the item by env var, moves it on rename, moves the rotated one aside and back on rollback', async () => {
    const secrets = new AccountSecrets();
    const meta = new FileMetadataBackend(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-meta-')), 'tokens.json'));
    const store = new TokenStore(secrets, meta);
    const v1 = randomBytes(20).toString('hex');
    const v2 = randomBytes(20).toString('hex');
    const a = await store.add({ value: v1, envVar: 'GOGS_TOKEN' });
    assert.deepEqual([...secrets.data.entries()], [['GOGS_TOKEN', v1]]);
    await store.update(a.id, { envVar: 'DEPLOY_TOKEN' });
    assert.deepEqual([...secrets.data.entries()], [['DEPLOY_TOKEN', v1]]);
    assert.equal(await store.get(a.id), v1);
    // rotation: new token under the same variable, old one then pending revocation
    const b = await store.add({ value: v2, envVar: 'DEPLOY_TOKEN' });
    assert.equal(secrets.data.get('DEPLOY_TOKEN'), v2);
    assert.equal(secrets.data.get(`DEPLOY_TOKEN.replaced.${a.id.slice(0, 8)}`), v1);
    assert.equal(await store.get(a.id), v1);
    // rollback: the new one goes, the old one is active again and gets its name back
    await store.delete(b.id);
    await store.update(a.id, { state: 'active' });
    assert.deepEqual([...secrets.data.entries()], [['DEPLOY_TOKEN', v1]]);
  });

  it('a move whose read-back differs leaves the token where it was', async () => {
    const secrets = new AccountSecrets();
    const store = new TokenStore(secrets, new FileMetadataBackend(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-meta-')), 'tokens.json')));
    const v = randomBytes(20).toString('hex');
    const a = await store.add({ value: v, envVar: 'GOGS_TOKEN' });
    const realGet = secrets.get.bind(secrets);
    secrets.get = async (k: string) => (k === 'NEW_NAME' ? 'something else' : realGet(k));
    await assert.rejects(store.update(a.id, { envVar: 'NEW_NAME' }), /did not return the token just saved/);
    secrets.get = realGet;
    assert.equal(await store.get(a.id), v);
    assert.equal(secrets.data.get('GOGS_TOKEN'), v);
    assert.equal(secrets.data.has('NEW_NAME'), false, 'the stray copy is removed');
  });
});
