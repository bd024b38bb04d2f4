#!/usr/bin/env node
// Entry point of `npx gogs-key-hygiene`: runs the bundled CLI (dist/cli.js, built from src/cli/index.ts by esbuild.js).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher */
const fs = require('fs');
const path = require('path');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'gogs-key-hygiene: ' + bundle + ' is missing.\n' +
      'Build it first: `npm run build` (or `npm ci`, which runs the build through `prepare`).\n',
  );
  process.exit(2);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`gogs-key-hygiene: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 2;
  });
