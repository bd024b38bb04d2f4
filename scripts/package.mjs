#!/usr/bin/env node
// `npm run package`: builds the production bundle, then one VSIX per platform target, each with
// only that target's keytar.node (dist/native/keytar.node, from @github/keytar's prebuilds), plus a
// universal VSIX without native code and without the CLI (there the `auto` keychain backend means VS
// Code SecretStorage).
// Output: vsix/gogs-key-hygiene-<target>.vsix and vsix/gogs-key-hygiene-universal.vsix; the VSIX
// for this machine is also copied to gogs-key-hygiene.vsix (what the host tests install).
//
//   node scripts/package.mjs [--targets linux-x64,darwin-arm64]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREBUILDS = path.join(ROOT, 'node_modules', '@github', 'keytar', 'prebuilds');
const OUT = path.join(ROOT, 'vsix');
/** vsce target → keytar prebuild folder. */
const TARGETS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-arm',
  'alpine-x64': 'linuxmusl-x64',
  'alpine-arm64': 'linuxmusl-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};
/** Built by default (`--targets all` builds every entry of TARGETS). */
const DEFAULT_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];
const arg = process.argv.indexOf('--targets');
const targets = arg > 0 ? (process.argv[arg + 1] === 'all' ? Object.keys(TARGETS) : process.argv[arg + 1].split(',')) : DEFAULT_TARGETS;
const vsce = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const native = path.join(ROOT, 'dist', 'native');

execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production'], { cwd: ROOT, stdio: 'inherit' });
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });

function pack(target, out) {
  execFileSync(vsce, ['package', '--no-dependencies', ...(target ? ['--target', target] : []), '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`[package] ${path.relative(ROOT, out)} ${(fs.statSync(out).size / 1024).toFixed(1)} KB`);
}

// The universal VSIX has no native code, so no OS keychain, so no use for the CLI (whose
// tokens/run/credential commands read the OS keychain): it carries the extension only.
fs.rmSync(native, { recursive: true, force: true });
const cli = path.join(ROOT, 'dist', 'cli.js');
const cliAside = path.join(ROOT, 'dist', '..', '.cli.js.aside');
fs.renameSync(cli, cliAside);
try {
  pack(undefined, path.join(OUT, 'gogs-key-hygiene-universal.vsix'));
} finally {
  fs.renameSync(cliAside, cli);
}
for (const t of targets) {
  const from = path.join(PREBUILDS, TARGETS[t], 'keytar.node');
  if (!fs.existsSync(from)) throw new Error(`no keytar prebuild for ${t} (${from})`);
  fs.mkdirSync(native, { recursive: true });
  fs.copyFileSync(from, path.join(native, 'keytar.node'));
  pack(t, path.join(OUT, `gogs-key-hygiene-${t}.vsix`));
}
const here = `${process.platform === 'linux' && fs.existsSync('/etc/alpine-release') ? 'alpine' : process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
const mine = targets.includes(here) ? path.join(OUT, `gogs-key-hygiene-${here}.vsix`) : path.join(OUT, 'gogs-key-hygiene-universal.vsix');
fs.copyFileSync(mine, path.join(ROOT, 'gogs-key-hygiene.vsix'));
// Leave dist/native as this machine's module, as `npm run build` does.
const own = path.join(PREBUILDS, TARGETS[here] ?? '', 'keytar.node');
if (TARGETS[here] && fs.existsSync(own)) fs.copyFileSync(own, path.join(native, 'keytar.node'));
else fs.rmSync(native, { recursive: true, force: true });
console.log(`[package] gogs-key-hygiene.vsix = ${path.basename(mine)}`);
