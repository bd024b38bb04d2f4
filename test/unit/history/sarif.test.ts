/**
 * `--format sarif` of the file scan, `scan --git` and `scan --staged`: the log has the structure SARIF 2.1.0
 * requires (test/unit/history/sarifShape.ts, checks written from the standard; validation against the official
 * JSON schema is not part of the suite, the schema file is not in the repository), rule metadata with README links,
 * one result per token and path with the token's fingerprint, and no token anywhere in the output.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fingerprint, RULES } from '../../../src/detection';
import { FINGERPRINT_KEY } from '../../../src/cli/sarif';
import { randomToken } from '../detection/helpers';
import { git, LeakRepo, makeLeakRepo, runCli } from './repo';
import { OASIS_SCHEMA_URI, sarifProblems } from './sarifShape';

const README = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

interface SarifResult {
  ruleId: string; ruleIndex: number; level: string; message: { text: string }; partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endColumn: number } } }[];
  properties: { commit?: string; pushed?: boolean; versions?: number; commits?: number };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; exitCode: number }[];
    properties: Record<string, unknown>;
  }[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('SARIF output', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: LeakRepo;
  /** The log of `scan --git --format sarif` on the generated repository. */
  let gitLog: SarifLog;
  let gitOut: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-sarif-'));
    repo = makeLeakRepo(tmp);
    const r = await runCli(['scan', '--git', '--format', 'sarif'], repo.work);
    assert.equal(r.code, 1, r.err);
    gitOut = r.out;
    gitLog = JSON.parse(r.out) as SarifLog;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Parses the output, asserts it has SARIF 2.1.0's structure, the 2-space layout, and holds no token. */
  const check = (out: string, tokens: readonly string[]): SarifLog => {
    const log = JSON.parse(out) as SarifLog;
    assert.deepEqual(sarifProblems(log), [], 'not SARIF 2.1.0');
    assert.equal(out, `${JSON.stringify(log, null, 2)}\n`, 'streamed as JSON.stringify(…, null, 2) lays it out');
    for (const t of tokens) assert.ok(!out.includes(t), 'a token in the SARIF output');
    return log;
  };

  it('the checks reject what SARIF 2.1.0 forbids (else passing proves nothing)', () => {
    assert.deepEqual(sarifProblems(gitLog), [], 'the unchanged log passes');
    assert.ok(gitLog.runs[0].results.length > 0);
    const broken: Array<[string, (l: SarifLog) => void, RegExp]> = [
      ['version', (l) => (l.version = '2.0.0'), /log\.version/],
      ['$schema', (l) => (l.$schema = 'https://example.test/sarif.json'), /log\.\$schema/],
      ['driver name', (l) => delete (l.runs[0].tool.driver as Partial<SarifLog['runs'][0]['tool']['driver']>).name, /driver\.name/],
      ['rule id', (l) => (l.runs[0].tool.driver.rules[1].id = l.runs[0].tool.driver.rules[0].id), /ids are unique|ruleIndex/],
      ['helpUri', (l) => (l.runs[0].tool.driver.rules[0].helpUri = 'README.md#rule x'), /helpUri/],
      ['level', (l) => (l.runs[0].results[0].level = 'fatal'), /results\[0\]\.level/],
      ['message text', (l) => delete (l.runs[0].results[0].message as Partial<{ text: string }>).text, /results\[0\]\.message\.text/],
      ['ruleIndex', (l) => (l.runs[0].results[0].ruleIndex = (l.runs[0].results[0].ruleIndex + 1) % RULES.length), /results\[0\]\.ruleIndex/],
      ['uri', (l) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'deploy/my file.env'), /artifactLocation\.uri/],
      ['startLine', (l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0), /region\.startLine/],
      ['startColumn', (l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 1.5), /region\.startColumn/],
      ['partialFingerprints', (l) => (l.runs[0].results[0].partialFingerprints = { [FINGERPRINT_KEY]: 42 as unknown as string }), /partialFingerprints/],
      ['unknown property', (l) => ((l.runs[0].results[0] as unknown as Record<string, unknown>).commit = 'abc'), /result has no property "commit"/],
      ['executionSuccessful', (l) => delete (l.runs[0].invocations[0] as Partial<{ executionSuccessful: boolean }>).executionSuccessful, /executionSuccessful/],
    ];
    for (const [what, mutate, expected] of broken) {
      const l = clone(gitLog);
      mutate(l);
      const problems = sarifProblems(l);
      assert.ok(problems.some((p) => expected.test(p)), `${what}: not caught (${JSON.stringify(problems)})`);
    }
  });

  it('scan --git --format sarif: rules with README links, one result per token and path, fingerprints, exit code', () => {
    const log = check(gitOut, Object.values(repo.tokens));
    assert.equal(log.$schema, OASIS_SCHEMA_URI);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'gogs-key-hygiene');
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id), RULES.map((x) => x.id));
    for (const rule of run.tool.driver.rules) {
      const anchor = rule.helpUri.slice(rule.helpUri.indexOf('#') + 1);
      assert.ok(README.includes(`<a id="${anchor}"></a>`), `README has the anchor ${anchor}`);
    }
    const removed = run.results.filter((x) => x.partialFingerprints[FINGERPRINT_KEY] === fingerprint(repo.tokens.removed));
    assert.deepEqual(removed.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine, x.properties.commit, x.properties.pushed]), [
      ['deploy/prod.env', 2, repo.commits.added, true], ['deploy/staging.env', 2, repo.commits.copied, true],
    ]);
    const edited = run.results.filter((x) => x.partialFingerprints[FINGERPRINT_KEY] === fingerprint(repo.tokens.edited));
    assert.deepEqual(edited.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, x.properties.commit, x.properties.versions, x.properties.commits]), [
      ['config/app.env', repo.commits.edited, 3, 3],
    ]);
    assert.match(edited[0].message.text, new RegExp(`added in commit ${repo.commits.edited} \\(pushed\\)$`));
    for (const x of run.results) {
      assert.equal(run.tool.driver.rules[x.ruleIndex].id, x.ruleId);
      const reg = x.locations[0].physicalLocation.region;
      assert.equal(reg.endColumn - reg.startColumn, 40);
      assert.equal(x.level, 'error', 'high-confidence findings fail a CI gate');
    }
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, exitCode: 1 }]);
    assert.equal(run.properties.mode, 'git');
  });

  it('scan --staged and the file scan --format sarif: paths as URI references, the fingerprint, mode and counts', async () => {
    const dir = path.join(tmp, 'staged');
    fs.mkdirSync(dir);
    git(dir, ['init', '-q']);
    const token = randomToken();
    fs.mkdirSync(path.join(dir, 'my dir'));
    fs.writeFileSync(path.join(dir, 'my dir', 'a#1.env'), `GITEA_TOKEN=${token}\n`);
    git(dir, ['add', '.']);
    for (const [args, mode] of [[['scan', '--staged', '--format', 'sarif'], 'staged'], [['scan', '.', '--format', 'sarif'], 'files']] as const) {
      const r = await runCli([...args], dir);
      assert.equal(r.code, 1, r.err);
      const log = check(r.out, [token]);
      assert.deepEqual(log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri), ['my%20dir/a%231.env']);
      assert.equal(log.runs[0].results[0].partialFingerprints[FINGERPRINT_KEY], fingerprint(token));
      assert.equal(log.runs[0].properties.mode, mode);
      // the file scan also reads .git/config (credentials in remote URLs); the index has one blob
      const [key, n] = mode === 'files' ? ['filesScanned', 2] : ['blobsScanned', 1];
      assert.equal(log.runs[0].properties[key], n);
    }
  });

  it('no finding: a log with no results, exit 0; an unreadable explicit path: exitCode 2 in the log', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'clean-'));
    fs.writeFileSync(path.join(dir, 'x.txt'), 'nothing\n');
    const r = await runCli(['scan', dir, '--format', 'sarif'], tmp);
    assert.equal(r.code, 0);
    const log = check(r.out, []);
    assert.deepEqual(log.runs[0].results, []);
    assert.deepEqual(log.runs[0].invocations, [{ executionSuccessful: true, exitCode: 0 }]);

    // /proc/self/mem cannot be read from offset 0 (EIO), whoever runs the test (root reads a mode-000 file)
    const u = await runCli(['scan', '/proc/self/mem', '--format', 'sarif'], tmp);
    assert.equal(u.code, 2, u.err);
    const failed = check(u.out, []);
    assert.deepEqual(failed.runs[0].invocations, [{ executionSuccessful: false, exitCode: 2 }]);
    assert.equal(failed.runs[0].properties.unreadable, 1);
  });
});
