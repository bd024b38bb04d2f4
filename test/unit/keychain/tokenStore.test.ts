import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { KeychainError, METADATA_KEY, SECRET_PREFIX, TokenStore } from '../../../src/keychain';
import { MemoryMemento, MemorySecrets } from '../../support/memoryBackends';

const newToken = (): string => randomBytes(20).toString('hex');

describe('TokenStore', () => {
  let secrets: MemorySecrets;
  let memento: MemoryMemento;
  let store: TokenStore;
  const fixedNow = new Date('2026-03-01T10:00:00Z');

  beforeEach(() => {
    secrets = new MemorySecrets();
    memento = new MemoryMemento();
    store = new TokenStore(secrets, memento, () => fixedNow);
  });

  it('stores the value as one secret and only metadata in global state', async () => {
    const value = newToken();
    const meta = await store.add({ value, envVar: 'GOGS_TOKEN', host: 'https://git.example.test', foundIn: { uri: 'file:///w/.env', line: 3 } });
    assert.equal(await store.get(meta.id), value);
    assert.equal(secrets.data.get(SECRET_PREFIX + meta.id), value);
    assert.equal(meta.fingerprint, createHash('sha256').update(value).digest('hex'));
    assert.equal(meta.last4, value.slice(-4));
    assert.equal(meta.createdAt, fixedNow.toISOString());
    assert.equal(meta.label, 'GOGS_TOKEN');
    assert.equal(meta.state, 'active');
    const persisted = JSON.stringify(memento.data.get(METADATA_KEY));
    assert.ok(!persisted.includes(value), 'metadata must never hold the value');
    assert.ok(!persisted.includes(value.slice(0, 36)), 'metadata must not hold a prefix of the value');
  });

  it('masks 40-hex runs (a token in a file or host name) in the label, host and found-in URI it stores', async () => {
    const value = newToken();
    const inName = newToken();
    const inHost = newToken();
    const meta = await store.add({
      value, envVar: 'GOGS_TOKEN', label: `GOGS_TOKEN (${inHost}.example.test)`, host: `https://${inHost}.example.test`,
      foundIn: { uri: `file:///w/${value}/${inName.toUpperCase()}.env`, line: 2 },
    });
    assert.equal(meta.label, `GOGS_TOKEN (****${inHost.slice(-4)}.example.test)`);
    assert.equal(meta.host, `https://****${inHost.slice(-4)}.example.test`);
    assert.deepEqual(meta.foundIn, { uri: `file:///w/****${value.slice(-4)}/****${inName.slice(-4).toUpperCase()}.env`, line: 2 });
    await store.update(meta.id, { foundIn: { uri: `file:///w/${inName}.env`, line: 1 } });
    await store.rename(meta.id, `moved from ${inName}`);
    const persisted = JSON.stringify(memento.data.get(METADATA_KEY));
    for (const t of [value, inName, inName.toUpperCase(), inHost]) assert.ok(!persisted.includes(t), `stored: ${persisted}`);
    assert.ok(persisted.includes(`moved from ****${inName.slice(-4)}`));
  });

  it('uses the given creation date', async () => {
    const meta = await store.add({ value: newToken(), envVar: 'T', createdAt: new Date('2025-01-02T00:00:00Z') });
    assert.equal(meta.createdAt, '2025-01-02T00:00:00.000Z');
  });

  it('returns the existing entry for a token stored twice', async () => {
    const value = newToken();
    const a = await store.add({ value, envVar: 'A' });
    const b = await store.add({ value, envVar: 'B' });
    assert.equal(b.id, a.id);
    assert.equal(store.list().length, 1);
  });

  it('titles name the kind of store in use: VS Code SecretStorage when that is the backend, else the OS keychain', () => {
    const named = (name: string): TokenStore => new TokenStore(Object.assign(new MemorySecrets(), { name }), new MemoryMemento());
    assert.equal(named('VS Code SecretStorage (this browser only)').storeKind, 'VS Code SecretStorage');
    assert.equal(named('VS Code SecretStorage').storeKind, 'VS Code SecretStorage');
    assert.equal(named('OS keychain (Secret Service)').storeKind, 'OS keychain');
    assert.equal(named('macOS Keychain').storeKind, 'OS keychain');
  });

  describe('a token recorded already whose secret is gone or wrong (metadata outlived the keychain item)', () => {
    it('writes the secret again when it was deleted behind the store\'s back, and reads it back', async () => {
      const value = newToken();
      const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
      secrets.data.delete(SECRET_PREFIX + meta.id); // keyring reset, failed delete, another profile
      assert.equal(await store.get(meta.id), undefined);
      const again = await store.add({ value, envVar: 'GOGS_TOKEN' });
      assert.equal(again.id, meta.id, 'the same entry: metadata kept');
      assert.equal(secrets.data.get(SECRET_PREFIX + meta.id), value, 'the secret is back');
      assert.equal(await store.get(meta.id), value);
      assert.equal(store.list().length, 1);
    });

    it('replaces a different value under the key with the token', async () => {
      const value = newToken();
      const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
      secrets.data.set(SECRET_PREFIX + meta.id, newToken());
      await store.add({ value, envVar: 'GOGS_TOKEN' });
      assert.equal(await store.get(meta.id), value);
    });

    it('fails with a KeychainError (no value in the message) when the secret cannot be written again', async () => {
      const value = newToken();
      const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
      secrets.data.delete(SECRET_PREFIX + meta.id);
      secrets.failStore = new Error(`locked collection ${value}`);
      const err = await store.add({ value, envVar: 'GOGS_TOKEN' }).then(
        () => assert.fail('add should fail while the secret is missing'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof KeychainError);
      assert.equal(err.operation, 'write');
      assert.ok(!err.message.includes(value));
      assert.equal(store.list().length, 1, 'the metadata stays, so the token is still listed');
    });

    it('fails when the rewritten secret does not read back the same', async () => {
      const value = newToken();
      const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
      secrets.data.delete(SECRET_PREFIX + meta.id);
      secrets.corruptReadBack = newToken();
      await assert.rejects(store.add({ value, envVar: 'GOGS_TOKEN' }), (e: unknown) => e instanceof KeychainError && e.operation === 'read-back');
    });

    it('fails with a read error when the keychain cannot be read, without writing', async () => {
      const value = newToken();
      const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
      secrets.data.delete(SECRET_PREFIX + meta.id);
      secrets.failGet = new Error('org.freedesktop.DBus.Error.ServiceUnknown');
      await assert.rejects(store.add({ value, envVar: 'GOGS_TOKEN' }), (e: unknown) => e instanceof KeychainError && e.operation === 'read');
      assert.equal(secrets.data.has(SECRET_PREFIX + meta.id), false);
    });
  });

  it('finds by fingerprint and by env var, and picks unique env var names', async () => {
    const value = newToken();
    const meta = await store.add({ value, envVar: 'GOGS_TOKEN' });
    assert.equal(store.findByFingerprint(meta.fingerprint)?.id, meta.id);
    assert.equal(store.findByFingerprint('0'.repeat(64)), undefined);
    assert.equal(store.findByEnvVar('GOGS_TOKEN')?.id, meta.id);
    assert.equal(store.uniqueEnvVar('GOGS_TOKEN'), 'GOGS_TOKEN_2');
    assert.equal(store.uniqueEnvVar('OTHER'), 'OTHER');
  });

  it('renames, updates and deletes, firing onDidChange each time', async () => {
    const events: string[] = [];
    store.onDidChange((e) => events.push(e.kind));
    const meta = await store.add({ value: newToken(), envVar: 'GOGS_TOKEN' });
    await store.rename(meta.id, 'work server');
    assert.equal(store.meta(meta.id)?.label, 'work server');
    await store.update(meta.id, { state: 'pending-revocation' });
    assert.equal(store.findByEnvVar('GOGS_TOKEN'), undefined, 'pending tokens are not the active holder of the env var');
    await store.delete(meta.id);
    assert.equal(store.list().length, 0);
    assert.equal(secrets.data.size, 0);
    assert.equal(await store.get(meta.id), undefined);
    assert.deepEqual(events, ['added', 'updated', 'updated', 'deleted']);
  });

  it('rejects updates of unknown ids', async () => {
    await assert.rejects(store.update('nope', { label: 'x' }), /No stored token/);
  });

  it('serializes concurrent adds without losing any', async () => {
    const values = Array.from({ length: 20 }, newToken);
    await Promise.all(values.map((value, i) => store.add({ value, envVar: `T${i}` })));
    assert.equal(store.list().length, 20);
    for (const m of store.list()) assert.equal(await store.get(m.id), values[Number(m.envVar.slice(1))]);
  });

  describe('when the keychain fails', () => {
    it('a failing write throws KeychainError naming the cause and leaves nothing stored', async () => {
      const value = newToken();
      secrets.failStore = new Error(`Cannot create an item in a locked collection (value ${value})`);
      const err = await store.add({ value, envVar: 'GOGS_TOKEN' }).then(
        () => assert.fail('add should fail'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof KeychainError);
      assert.equal(err.operation, 'write');
      assert.match(err.message, /locked collection/);
      assert.match(err.message, /Nothing in your files was changed/);
      assert.match(err.message, /gnome-keyring|KWallet/);
      assert.ok(!err.message.includes(value), 'the error message must not contain the token');
      assert.ok(!String(err.stack).includes(value), 'the stack must not contain the token');
      assert.equal(store.list().length, 0);
    });

    it('a read-back that differs is an error and the bad secret is removed', async () => {
      secrets.corruptReadBack = newToken();
      await assert.rejects(store.add({ value: newToken(), envVar: 'T' }), (e: unknown) => e instanceof KeychainError && e.operation === 'read-back');
      assert.equal(store.list().length, 0);
      assert.equal(secrets.data.size, 0);
    });

    it('a failing metadata write removes the secret again', async () => {
      memento.failUpdate = new Error('disk full');
      await assert.rejects(store.add({ value: newToken(), envVar: 'T' }), (e: unknown) => e instanceof KeychainError && e.operation === 'metadata');
      assert.equal(secrets.data.size, 0);
    });

    it('a failing read is a KeychainError', async () => {
      const meta = await store.add({ value: newToken(), envVar: 'T' });
      secrets.failGet = new Error('org.freedesktop.DBus.Error.ServiceUnknown');
      await assert.rejects(store.get(meta.id), (e: unknown) => e instanceof KeychainError && e.operation === 'read');
    });

    it('a failing delete keeps the metadata so the token is not lost from view', async () => {
      const meta = await store.add({ value: newToken(), envVar: 'T' });
      secrets.failDelete = new Error('locked');
      await assert.rejects(store.delete(meta.id), KeychainError);
      assert.equal(store.list().length, 1);
    });
  });
});
