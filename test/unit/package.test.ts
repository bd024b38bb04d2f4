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
  this.timeout(180_000);
  const VSIX_DIR = path.join(ROOT, 'vsix');
  const UNIVERSAL_MAX_BYTES = VSIX_MAX_BYTES;
  const LINUX_X64_MAX_BYTES = 400 * 1024;
  const common = (): string[] => [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    ...filesUnder('media').map((f) => `extension/${f}`),
  ];

  before(() => {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  });

  it('universal: exactly the bundle, media/, package.json, README, CHANGELOG and LICENSE (no native code, no CLI)', async () => {
    const entries = await zipEntries(path.join(VSIX_DIR, 'gogs-key-hygiene-universal.vsix'));
    assert.deepEqual([...entries].sort(), common().sort());
  });

  it(`universal is smaller than ${UNIVERSAL_MAX_BYTES / 1024} KB`, () => {
    const size = fs.statSync(path.join(VSIX_DIR, 'gogs-key-hygiene-universal.vsix')).size;
    assert.ok(size < UNIVERSAL_MAX_BYTES, `universal VSIX is ${(size / 1024).toFixed(1)} KB`);
  });

  for (const [target, magic] of [
    ['linux-x64', '7f454c46'],
    ['linux-arm64', '7f454c46'],
    ['darwin-x64', 'cffaedfe'],
    ['darwin-arm64', 'cffaedfe'],
    ['win32-x64', '4d5a'],
  ] as const) {
    it(`${target}: the same files plus the CLI and only its own keytar.node`, async () => {
      const file = path.join(VSIX_DIR, `gogs-key-hygiene-${target}.vsix`);
      const entries = await zipEntries(file);
      assert.deepEqual([...entries].sort(), [...common(), 'extension/dist/cli.js', 'extension/dist/native/keytar.node'].sort());
      const head = (await zipEntryBytes(file, 'extension/dist/native/keytar.node')).subarray(0, magic.length / 2).toString('hex');
      assert.equal(head, magic, `keytar.node of ${target} has the wrong binary format`);
      const manifest = (await zipEntryBytes(file, 'extension.vsixmanifest')).toString('utf8');
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
    });
  }

  it(`linux-x64 is smaller than ${LINUX_X64_MAX_BYTES / 1024} KB; gogs-key-hygiene.vsix is this machine's`, () => {
    const size = fs.statSync(path.join(VSIX_DIR, 'gogs-key-hygiene-linux-x64.vsix')).size;
    assert.ok(size < LINUX_X64_MAX_BYTES, `linux-x64 VSIX is ${(size / 1024).toFixed(1)} KB`);
    if (process.platform === 'linux' && process.arch === 'x64') {
      assert.deepEqual(fs.readFileSync(VSIX), fs.readFileSync(path.join(VSIX_DIR, 'gogs-key-hygiene-linux-x64.vsix')));
    }
  });
});

/** The bytes of one zip entry. */
function zipEntryBytes(file: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('yauzl.open gave no zip'));
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2 ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${file}`)));
      zip.readEntry();
    });
  });
}
