#!/usr/bin/env node
// Starts the local fake Gogs/Gitea/Forgejo server used by the tests and the demo workspace.
//   node scripts/gogs-server.mjs --mode gogs --port 3000
// Prints one JSON line (url, username, password, token of this throwaway server) and serves
// until Ctrl+C. Needs the compiled tests: run `npm run compile:tests` first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'test', 'gogs-server', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`gogs-server: ${cli} not found; run "npm run compile:tests" first.\n`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);
