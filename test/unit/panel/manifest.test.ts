import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Settings, Views } from '../../../src/constants';
import type { AgeState } from '../../../src/panel/agePolicy';
import { StateColors, tokenContextValue } from '../../../src/panel/presentation';

/** The panel's contributions in package.json, checked against the code that relies on them. */
describe('panel/package.json contributions', () => {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const c = pkg.contributes;
  const declared = new Map<string, { title: string; category?: string; icon?: string }>(c.commands.map((x: { command: string }) => [x.command, x]));
  const panelCommands = [
    Commands.showTokens,
    Commands.refreshTokens,
    Commands.addToken,
    Commands.copyToken,
    Commands.renameToken,
    Commands.setTokenCreationDate,
    Commands.deleteToken,
    Commands.openTokenSource,
    Commands.rotateToken,
    Commands.openTerminal,
  ];
  const states: AgeState[] = ['ok', 'due-soon', 'overdue', 'pending-revocation', 'unknown'];

  it('declares every panel command with the category, and an icon for those shown in the view', () => {
    for (const id of panelCommands) {
      const cmd = declared.get(id);
      assert.ok(cmd, `${id} is not declared`);
      assert.equal(cmd.category, 'Gogs Key Hygiene', id);
    }
    const shownInView = [...c.menus['view/title'], ...c.menus['view/item/context']].filter((m: { when: string }) => m.when.includes(Views.tokens));
    for (const m of shownInView) assert.ok(declared.get(m.command)?.icon, `${m.command} needs an icon`);
  });

  it('puts the view in its own activity-bar container with an existing monochrome SVG icon', () => {
    const container = c.viewsContainers.activitybar.find((v: { id: string }) => v.id === Views.container);
    assert.ok(container, 'activity-bar container missing');
    assert.match(container.icon, /\.svg$/);
    const svg = fs.readFileSync(path.join(root, container.icon), 'utf8');
    assert.match(svg, /currentColor/, 'the icon should follow the theme (currentColor)');
    const view = c.views[Views.container].find((v: { id: string }) => v.id === Views.tokens);
    assert.equal(view?.name, 'Gogs Tokens');
  });

  it('welcome content offers Scan Workspace and Add Token', () => {
    const welcome = c.viewsWelcome.find((w: { view: string }) => w.view === Views.tokens);
    assert.ok(welcome);
    assert.ok(welcome.contents.includes(`(command:${Commands.scanWorkspace})`));
    assert.ok(welcome.contents.includes(`(command:${Commands.addToken})`));
  });

  it('view title has Scan Workspace, Add Token and Refresh', () => {
    const cmds = c.menus['view/title'].filter((m: { when: string }) => m.when === `view == ${Views.tokens}`).map((m: { command: string }) => m.command);
    assert.deepEqual(cmds.sort(), [Commands.addToken, Commands.refreshTokens, Commands.scanWorkspace].sort());
  });

  it('item actions follow the contextValue: no rotate, terminal or set-date on a token pending revocation', () => {
    const offered = (state: AgeState): string[] =>
      c.menus['view/item/context']
        .filter((m: { when: string }) => {
          const re = /viewItem =~ \/(.+)\/$/.exec(m.when);
          assert.ok(re && m.when.startsWith(`view == ${Views.tokens} && `), m.when);
          return new RegExp(re[1]).test(tokenContextValue(state));
        })
        .map((m: { command: string }) => m.command);
    for (const s of ['ok', 'due-soon', 'overdue', 'unknown'] as AgeState[]) {
      const cmds = new Set(offered(s));
      for (const id of [Commands.rotateToken, Commands.openTerminal, Commands.copyToken, Commands.renameToken, Commands.setTokenCreationDate, Commands.deleteToken])
        assert.ok(cmds.has(id), `${id} missing for ${s}`);
    }
    const pending = new Set(offered('pending-revocation'));
    assert.deepEqual([...pending].sort(), [Commands.copyToken, Commands.deleteToken, Commands.renameToken].sort());
  });

  it('declares a theme color for every state', () => {
    for (const s of states) {
      const color = c.colors.find((x: { id: string }) => x.id === StateColors[s]);
      assert.ok(color?.defaults?.dark && color.defaults.light && color.defaults.highContrast, `${StateColors[s]}`);
    }
  });

  it('declares maxAgeDays (90) and remindDaysBefore (7) with scope and markdownDescription', () => {
    const props = c.configuration.properties;
    for (const [key, dflt] of [[Settings.maxAgeDays, 90], [Settings.remindDaysBefore, 7]] as const) {
      const p = props[`${Settings.section}.${key}`];
      assert.equal(p?.default, dflt, key);
      assert.equal(p.type, 'integer');
      assert.ok(p.scope, `${key} scope`);
      assert.ok(p.markdownDescription?.length > 20, `${key} markdownDescription`);
    }
  });
});
