/**
 * Results must not keep the scanned document alive: findings' strings (key names, hosts, messages) are copies,
 * not views into the text, and the key-class cache holds copies too. Otherwise an editor keeping the last result
 * of each document would keep every version of every document it scanned.
 */
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { scan, ScanResult } from '../../../src/detection';
import { randomToken } from './helpers';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function settledHeap(): number {
  // V8 remembers the last regex subject (RegExp.input) and caches the last split: point both at something small
  /x/.exec('x');
  'a,b'.split(',');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Scans a ~2 MB text in its own frame (so that no interpreter register of the test keeps the text). */
function scanLargeText(k: number): ScanResult {
  const filler = `${'lorem ipsum '.repeat(40)}\n`.repeat(2000); // ~1 MB
  // long key names and hosts (13+ characters) are what V8 would otherwise share with the text
  const text = `${filler}production_gitea_api_token_${k} = "${randomToken()}"\nurl = https://gitea.production-${k}.example.test\n${filler}`;
  return scan(text, { maxBytes: 0 });
}

describe('memory', () => {
  it('results of scans do not keep the scanned texts alive', () => {
    scan(`warm up\ngitea_token_for_warm_up = "${randomToken()}"\nurl = https://gitea.warm-up.example.test\n`, { maxBytes: 0 });
    const base = settledHeap();
    const kept: ScanResult[] = [];
    for (let k = 0; k < 4; k++) kept.push(scanLargeText(k));
    const grown = settledHeap() - base;
    assert.equal(kept.length, 4);
    assert.equal(kept[3].findings.length, 1);
    assert.equal(kept[3].findings[0].keyName, 'production_gitea_api_token_3');
    assert.equal(kept[3].findings[0].host, 'gitea.production-3.example.test');
    // four ~2 MB texts went out of scope: what the results keep must be small
    assert.ok(grown < 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB while holding 4 results`);
  });
});
