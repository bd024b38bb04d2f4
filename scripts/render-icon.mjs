#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, transparent corners) with headless Chromium
// (Debian's package, driven by playwright-core). The PNG is committed; rerun this after editing
// the SVG:   node scripts/render-icon.mjs
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(ROOT, 'media', 'icon.svg'), 'utf8');
const SIZE = 128;

// Chromium's crash-report and cache folders go to a throw-away place, not ~/.config.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gkh-icon-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch },
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${SIZE}px;height:${SIZE}px" `)}</body></html>`,
  );
  await page.screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`media/icon.png written (${SIZE}x${SIZE})`);
} finally {
  await browser.close();
  fs.rmSync(scratch, { recursive: true, force: true });
}
