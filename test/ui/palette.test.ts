/**
 * The extension seen from the workbench, the way a person finds it: F1, type the extension's
 * name, and its commands are listed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, Workbench } from './workbench';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const commands: ContributedCommand[] = manifest.contributes?.commands ?? [];
/** Commands that a `menus.commandPalette` entry hides or shows conditionally. */
const conditional = new Set<string>(
  (manifest.contributes?.menus?.commandPalette ?? []).map((m: { command: string }) => m.command),
);

describe('command palette (UI)', function () {
  this.timeout(90_000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await Workbench.open();
  });

  after(async () => {
    await wb?.close();
  });

  it('lists the extension\'s commands when you type "Gogs Key Hygiene"', async () => {
    assert.ok(wb);
    const expected = commands
      .filter((c) => !conditional.has(c.command))
      .map((c) => (c.category ? `${c.category}: ${c.title}` : c.title));
    assert.ok(expected.length > 0, 'package.json contributes no command that is always in the palette');

    const labels = await wb.findInCommandPalette(expected[0], 'Gogs Key Hygiene', 30_000);
    await wb.screenshot('ui-command-palette');
    for (const label of expected) {
      if (labels.some((l) => l.includes(label))) continue;
      // The palette renders only the rows that fit on screen: look for the others by their own name.
      await wb.press('Escape');
      const rows = await wb.findInCommandPalette(label, label, 15_000).catch(() => [] as string[]);
      assert.ok(rows.some((l) => l.includes(label)), `"${label}" not in the palette; rows: ${JSON.stringify(labels)} / ${JSON.stringify(rows)}`);
    }
    await wb.press('Escape');
  });
});
