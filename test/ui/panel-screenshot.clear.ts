/**
 * Extension-host side of the token panel screenshot's cleanup: removes the sample tokens that
 * panel-screenshot.seed.ts stored, so later UI tests start from an empty keychain.
 */
import { testingApi } from './panel-screenshot.seed';

/** Deletes every stored token. */
export async function run(): Promise<void> {
  const { store } = (await testingApi()).services;
  for (const m of store.list()) await store.delete(m.id);
  await new Promise((r) => setTimeout(r, 2000));
}
