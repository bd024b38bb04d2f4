/**
 * The extension manifest (package.json) and the packaged VSIX, as the marketplace and a user's
 * VS Code see them. Builds the VSIX afresh (`npm run package`) and opens it as a zip.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { Commands, NS, Settings } from '../../src/constants';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(ROOT, 'gogs-key-hygiene.vsix');
/** VS Code version of the test host (code-server 4.100.3); engines.vscode may not be newer. */
const HOST_VSCODE_VERSION = '1.100.3';
const VSIX_MAX_BYTES = 250 * 1024;

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Entry names of a zip file, in archive order. */
function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('yauzl.open gave no zip'));
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Every file below `dir`, as paths relative to ROOT with forward slashes. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
}

/** [major, minor, patch] of a semver such as `^1.100.0` or `1.100.0`. */
function semver(v: string): number[] {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(v);
  assert.ok(m, `not a version: ${v}`);
  return m.slice(1, 4).map(Number);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

describe('package.json (extension manifest)', () => {
  it('carries the marketplace fields', () => {
    assert.equal(pkg.name, 'gogs-key-hygiene');
    assert.equal(pkg.displayName, 'Gogs Key Hygiene');
    for (const field of ['description', 'publisher', 'version', 'license']) {
      assert.ok(typeof pkg[field] === 'string' && pkg[field].length > 0, `${field} missing`);
    }
    assert.equal(pkg.license, 'MIT');
    assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.ok(Array.isArray(pkg.categories) && pkg.categories.length > 0, 'categories missing');
    assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length > 0, 'keywords missing');
    assert.ok(pkg.repository?.url, 'repository.url missing');
  });

  it('has a 128x128 PNG icon made from an SVG in media/', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    const png = fs.readFileSync(path.join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(fs.existsSync(path.join(ROOT, 'media', 'icon.svg')), 'media/icon.svg (the source) missing');
  });

  it('has a monochrome activity-bar icon that follows the theme', () => {
    const svg = fs.readFileSync(path.join(ROOT, 'media', 'activity.svg'), 'utf8');
    assert.match(svg, /currentColor/);
    assert.doesNotMatch(svg, /(fill|stroke)="#[0-9a-fA-F]{3,8}"/, 'fixed colours ignore the theme');
  });

  it(`targets VS Code no newer than the test host (${HOST_VSCODE_VERSION}), with @types/vscode pinned to the same minimum`, () => {
    const engine = pkg.engines?.vscode;
    assert.ok(engine, 'engines.vscode missing');
    assert.ok(compare(semver(engine), semver(HOST_VSCODE_VERSION)) <= 0, `engines.vscode ${engine} is newer than the host`);
    const types = pkg.devDependencies?.['@types/vscode'];
    assert.match(types, /^\d+\.\d+\.\d+$/, '@types/vscode must be pinned to an exact version');
    assert.deepEqual(semver(types), semver(engine));
  });

  it('activates on startup-finished, never on *, from the esbuild bundle', () => {
    assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('says what is limited in untrusted and virtual workspaces', () => {
    const caps = pkg.capabilities;
    assert.equal(caps?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(caps.untrustedWorkspaces.description?.length > 20, 'untrustedWorkspaces.description missing');
    assert.ok(caps.virtualWorkspaces !== undefined, 'virtualWorkspaces missing');
    if (caps.virtualWorkspaces?.supported === 'limited') {
      assert.ok(caps.virtualWorkspaces.description?.length > 20, 'virtualWorkspaces.description missing');
    }
  });

  it('declares every command id of src/constants.ts, and no other, in the one namespace', () => {
    const declared: { command: string; title: string; category?: string }[] = pkg.contributes?.commands ?? [];
    const ids = declared.map((c) => c.command);
    assert.equal(new Set(ids).size, ids.length, 'a command is declared twice');
    assert.deepEqual([...ids].sort(), [...Object.values(Commands)].sort());
    for (const c of declared) {
      assert.ok(c.command.startsWith(`${NS}.`), `${c.command} is outside the ${NS} namespace`);
      assert.ok(c.title, `${c.command} has no title`);
      assert.equal(c.category, 'Gogs Key Hygiene', `${c.command} category`);
    }
  });

  it('declares every setting of src/constants.ts with a scope and a markdownDescription', () => {
    const sections = [pkg.contributes?.configuration ?? []].flat();
    const props: Record<string, { scope?: string; markdownDescription?: string }> = Object.assign(
      {},
      ...sections.map((s: { properties?: object }) => s.properties ?? {}),
    );
    const expected = Object.entries(Settings)
      .filter(([k]) => k !== 'section')
      .map(([, v]) => `${NS}.${v}`);
    for (const key of expected) assert.ok(props[key], `${key} is not declared in contributes.configuration`);
    for (const [key, p] of Object.entries(props)) {
      assert.ok(key.startsWith(`${NS}.`), `${key} is outside the ${NS} namespace`);
      assert.ok(p.scope, `${key} has no scope`);
      assert.ok(p.markdownDescription, `${key} has no markdownDescription`);
    }
  });
});

describe('VSIX (npm run package)', function () {
  this.timeout(120_000);
  let entries: string[] = [];

  before(() => {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    entries = [];
  });

  it('holds exactly the bundle, media/, package.json, README, CHANGELOG and LICENSE', async () => {
    entries = await zipEntries(VSIX);
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      ...filesUnder('media').map((f) => `extension/${f}`),
    ].sort();
    assert.deepEqual([...entries].sort(), expected);
  });

  it(`is smaller than ${VSIX_MAX_BYTES / 1024} KB`, () => {
    const size = fs.statSync(VSIX).size;
    assert.ok(size < VSIX_MAX_BYTES, `VSIX is ${(size / 1024).toFixed(1)} KB`);
  });
});
