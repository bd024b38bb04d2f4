import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/detection';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('README', () => {
  it('has the section each diagnostic code links to (#rule-<id>) for every rule', () => {
    const missing = RULES.filter((r) => !readme.includes(`<a id="rule-${r.id}"></a>`)).map((r) => r.id);
    assert.deepEqual(missing, []);
  });

  it('documents every contributed command and setting', () => {
    const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    const settings = Object.keys(manifest.contributes.configuration.properties);
    const missing = [...commands, ...settings].filter((id) => !readme.includes(`\`${id}\``));
    assert.deepEqual(missing, []);
  });

  it('shows screenshots that exist in the repository', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).filter((p) => !/^https?:/.test(p));
    assert.ok(images.length >= 2, 'the README shows the real workbench');
    for (const img of images) assert.ok(fs.existsSync(path.join(ROOT, img)), `${img} is missing`);
  });

  it('lists every folder of src/ in its layout table, and ARCHITECTURE.md names each one', () => {
    const layout = readme.slice(readme.indexOf('### Layout'), readme.indexOf('### Building'));
    const architecture = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const folders = fs.readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    assert.ok(folders.length >= 10, 'src/ has its feature folders');
    assert.deepEqual(folders.filter((f) => !layout.includes(`\`src/${f}/\``)), [], 'folders missing from README → Layout');
    assert.deepEqual(folders.filter((f) => !architecture.includes(`\`src/${f}/\``)), [], 'folders missing from ARCHITECTURE.md');
  });
});
