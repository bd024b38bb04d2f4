/**
 * One file policy for the CLI and the workspace scan (src/detection/filePolicy.ts, src/util/gitignore.ts): what is
 * ignored, what is binary, how UTF-16 is read. The host test "workspace scan … file policy" checks the editor against
 * the same tree.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, scanPaths } from '../../../src/cli';
import { BINARY_SAMPLE_BYTES, decodeFileBytes } from '../../../src/detection/filePolicy';
import { byDepth, ignoreLayer, isIgnoredEntry, isIgnoredPath } from '../../../src/util/gitignore';
import { writePolicyTree } from '../../support/filePolicyTree';

describe('file policy (CLI and workspace scan)', () => {
  it('applies .gitignore files as git does: deeper files re-include, nothing below an ignored folder comes back', () => {
    const layers = byDepth([ignoreLayer('a/b', '!keep.log\n'), ignoreLayer('', '*.log\nbuild/\n'), ignoreLayer('build', '!x.log\n')]);
    assert.equal(isIgnoredPath(layers, 'top.log'), true);
    assert.equal(isIgnoredPath(layers, 'a/b/keep.log'), false, 'a deeper !pattern re-includes');
    assert.equal(isIgnoredPath(layers, 'a/b/other.log'), true);
    assert.equal(isIgnoredPath(layers, 'a/keep.log'), true, 'the re-include applies only below its folder');
    assert.equal(isIgnoredPath(layers, 'build/x.log'), true, 'git never enters an ignored folder');
    assert.equal(isIgnoredEntry(layers, 'build', true), true);
    assert.equal(isIgnoredEntry(layers, 'build', false), false, 'build/ matches folders only');
    assert.equal(isIgnoredPath([], 'anything'), false);
  });

  it('decodes UTF-16 with a BOM, strips a UTF-8 BOM, calls a NUL in the first 8 KiB binary', () => {
    assert.equal(decodeFileBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')])), 'héllo');
    assert.equal(decodeFileBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), 'a');
    assert.equal(decodeFileBytes(Buffer.concat([Buffer.alloc(BINARY_SAMPLE_BYTES - 1, 0x61), Buffer.from([0])])), undefined);
    assert.equal(decodeFileBytes(Buffer.concat([Buffer.alloc(BINARY_SAMPLE_BYTES, 0x61), Buffer.from([0])])), 'a'.repeat(BINARY_SAMPLE_BYTES) + '\0');
    assert.equal(decodeFileBytes(new Uint8Array([0x61, 0x62])), 'ab', 'a plain Uint8Array (what workspace.fs gives) works too');
  });

  it('the CLI reports exactly the policy tree\'s expected files (nested .gitignore, .git/info/exclude, UTF-16, late NUL)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-policy-'));
    try {
      const tree = writePolicyTree(root, 'tree');
      const result = scanPaths(parseArgs(['.', '--format', 'json']), root);
      const files = [...new Set(result.findings.map((f) => f.file))].sort();
      assert.deepEqual(files, tree.expected);
      assert.equal(result.findings.length, tree.expected.length);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
