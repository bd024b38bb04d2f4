import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FaultInjectingBackend } from '../../../src/keychain/faultInjecting';
import type { SecretBackend } from '../../../src/keychain/types';

describe('keychain/FaultInjectingBackend', () => {
  function memory(): SecretBackend & { map: Map<string, string> } {
    const map = new Map<string, string>();
    return { name: 'memory store', keying: 'account', map, get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
  }

  it('forwards every call and the store\'s name and keying while no fault is set', async () => {
    const inner = memory();
    const b = new FaultInjectingBackend(inner);
    const v = randomBytes(20).toString('hex');
    await b.store('K', v);
    assert.equal(await b.get('K'), v);
    await b.delete('K');
    assert.equal(inner.map.size, 0);
    assert.equal(b.name, 'memory store');
    assert.equal(b.keying, 'account');
  });

  it('fails only the operations named by the fault, without touching the store, until cleared', async () => {
    const inner = memory();
    const b = new FaultInjectingBackend(inner);
    const v = randomBytes(20).toString('hex');
    b.fault = { operations: ['store'], message: 'keyring locked' };
    await assert.rejects(b.store('K', v), /keyring locked/);
    assert.equal(inner.map.size, 0, 'a failed write wrote nothing');
    assert.equal(await b.get('K'), undefined, 'reads still pass');
    b.fault = undefined;
    await b.store('K', v);
    assert.equal(inner.map.get('K'), v);
  });
});
