import * as assert from 'node:assert/strict';
import { PRODUCT_PREFIX, withProductPrefix } from '../../../src/ui/prefix';

describe('ui/prefix: one product prefix on every notification', () => {
  it('adds "Gogs Key Hygiene: " once, and never twice', () => {
    assert.equal(withProductPrefix('No stored Gogs token to rotate.'), 'Gogs Key Hygiene: No stored Gogs token to rotate.');
    assert.equal(withProductPrefix('Gogs Key Hygiene: moved GOGS_TOKEN.'), 'Gogs Key Hygiene: moved GOGS_TOKEN.');
    assert.equal(withProductPrefix(withProductPrefix('x')), `${PRODUCT_PREFIX}x`);
  });
});
