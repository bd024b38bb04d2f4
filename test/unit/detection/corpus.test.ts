/**
 * The detector over the dev corpus (a copy of ../shared/corpus in test/fixtures/corpus, so the test runs without
 * ../shared), scored by the corpus' own scorer. Targets from issue 3: precision ≥ 0.99 and recall ≥ 0.98.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, scanPaths } from '../../../src/cli';

const CORPUS = path.resolve(__dirname, '../../../../test/fixtures/corpus');

interface CategoryReport { tp: number; fp: number; fn: number; precision: number | null; recall: number | null; negativeFilesWithFp: number }
interface Report { totals: { tp: number; fp: number; fn: number; precision: number; recall: number }; categories: Record<string, CategoryReport> }

describe('dev corpus (scored by score.mjs)', function () {
  this.timeout(60_000);
  let report: Report;
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-corpus-'));
    // the CLI's walk, as `npx gogs-key-hygiene scan dev --format json` does it (default confidence threshold)
    const result = scanPaths(parseArgs(['dev', '--format', 'json']), CORPUS);
    assert.equal(result.filesScanned, 84, 'every corpus file is scanned (hidden files, .log files included)');
    const findingsPath = path.join(tmp, 'findings.json');
    fs.writeFileSync(findingsPath, JSON.stringify({ findings: result.findings }));
    const reportPath = path.join(tmp, 'report.json');
    execFileSync(process.execPath, [path.join(CORPUS, 'score.mjs'), path.join(CORPUS, 'dev'), findingsPath, '--quiet', '--json', reportPath]);
    report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as Report;
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reaches precision ≥ 0.99 and recall ≥ 0.98 overall', () => {
    const t = report.totals;
    assert.ok(t.precision >= 0.99, `precision ${t.precision} (FP ${t.fp})`);
    assert.ok(t.recall >= 0.98, `recall ${t.recall} (FN ${t.fn})`);
  });

  it('finds every labelled token of each positive category', () => {
    for (const [name, c] of Object.entries(report.categories)) {
      if (c.recall !== null) assert.ok(c.recall >= 0.98, `${name}: recall ${c.recall} (FN ${c.fn})`);
    }
  });

  it('reports nothing in negative files (lockfiles, git metadata, webhooks, checksums, other services)', () => {
    const noisy = Object.entries(report.categories).filter(([, c]) => c.negativeFilesWithFp > 0).map(([n]) => n);
    assert.deepEqual(noisy, []);
  });

  it('never prints a token: findings carry fingerprints and last 4 characters only', () => {
    const result = scanPaths(parseArgs(['dev', '--min-confidence', 'low']), CORPUS);
    const json = JSON.stringify(result);
    const labels = JSON.parse(fs.readFileSync(path.join(CORPUS, 'dev.labels.json'), 'utf8')) as { files: Array<{ findings: Array<{ token: string }> }> };
    for (const f of labels.files) for (const l of f.findings) assert.ok(!json.includes(l.token), 'a token leaked into the report');
  });
});
