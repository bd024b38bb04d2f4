import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chooseToken, findToken, refOf, unknownTokenMessage } from '../../../src/tokens/resolve';
import type { TokenMeta } from '../../../src/keychain/types';

const meta = (id: string, envVar: string, extra: Partial<TokenMeta> = {}): TokenMeta => ({
  id,
  label: `label-${id}`,
  envVar,
  createdAt: '2026-01-01T00:00:00.000Z',
  fingerprint: 'f'.repeat(64),
  last4: 'abcd',
  state: 'active',
  ...extra,
});

describe('tokens/resolve', () => {
  const a = meta('a', 'GOGS_TOKEN');
  const b = meta('b', 'GITEA_TOKEN');
  const old = meta('old', 'GOGS_TOKEN', { state: 'pending-revocation', replacedBy: 'a' });

  it('skips the pick when exactly one token can be handed out (a token pending revocation does not count)', () => {
    assert.deepEqual(chooseToken([old, a], undefined), { kind: 'token', meta: a });
  });

  it('asks when several are active, and says so when none is', () => {
    assert.deepEqual(chooseToken([a, b], undefined), { kind: 'pick', candidates: [a, b] });
    assert.deepEqual(chooseToken([old], undefined), { kind: 'none' });
    assert.deepEqual(chooseToken([], undefined), { kind: 'none' });
  });

  it('takes the token named by id, env var or label; an unknown name is reported, not guessed', () => {
    assert.deepEqual(chooseToken([a, b], 'b'), { kind: 'token', meta: b });
    assert.deepEqual(chooseToken([old, a, b], 'GOGS_TOKEN'), { kind: 'token', meta: a }, 'env var → the active token, not the old one');
    assert.deepEqual(chooseToken([a, b], 'label-b'), { kind: 'token', meta: b });
    assert.deepEqual(chooseToken([a, b], 'old'), { kind: 'unknown', ref: 'old' });
    assert.equal(findToken([old, a], 'old'), old, 'an explicit id reaches a token pending revocation');
  });

  it('uses the env var the configuration puts the token under to choose without asking', () => {
    assert.deepEqual(chooseToken([a, b], undefined, ['GITEA_TOKEN']), { kind: 'token', meta: b });
    assert.deepEqual(chooseToken([a, b], undefined, ['OTHER']), { kind: 'pick', candidates: [a, b] });
    assert.deepEqual(chooseToken([a, b], undefined, ['GITEA_TOKEN', 'GOGS_TOKEN']), { kind: 'pick', candidates: [a, b] });
  });
});

describe('tokens/resolve: refOf and unknownTokenMessage', () => {
  it('reads a reference from every argument shape a command receives', () => {
    assert.equal(refOf('  GOGS_TOKEN '), 'GOGS_TOKEN');
    assert.equal(refOf({ tokenId: 'id-1', username: 'alice' }), 'id-1');
    assert.equal(refOf({ id: 'id-2' }), 'id-2');
    assert.equal(refOf({ token: { id: 'id-3' } }), 'id-3');
    for (const none of [undefined, '', '   ', [], 42, {}, { id: 7 }]) assert.equal(refOf(none), undefined, JSON.stringify(none));
  });
  it('never echoes a token-shaped reference whole', () => {
    const value = randomBytes(20).toString('hex');
    const msg = unknownTokenMessage(value);
    assert.ok(!msg.includes(value));
    assert.match(msg, new RegExp(`…${value.slice(-4)}`));
    assert.match(unknownTokenMessage('GOGS_OTHER'), /No stored Gogs token is called “GOGS_OTHER”.*no longer stored/);
  });
});
