// The test rig's servers (the createLead stand-in, the relay) are TypeScript
// shared with the demo and the package, and Node 20 cannot import .ts: each
// is bundled, with what it imports, into one ES module under
// node_modules/.cache/ and imported from there (then deleted: each run
// bundles afresh).
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/zappy-rig/', import.meta.url));

/**
 * Bundles `entry` (relative to the repository) synchronously, a few ms, and
 * returns a function that imports the bundle once and deletes the file.
 * @param {string} entry
 * @param {string} name
 * @returns {() => Promise<any>}
 */
export function bundleForNode(entry, name) {
  mkdirSync(cacheDir, { recursive: true });
  // One file per process: a watch-mode rebuild in another run cannot swap it under us.
  const outfile = `${cacheDir}${name}.${process.pid}.mjs`;
  buildSync({
    entryPoints: [`${root}${entry}`],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    absWorkingDir: root,
    logLevel: 'error',
  });
  // Deleted once imported; this covers a run that stops before its server starts.
  process.once('exit', () => rmSync(outfile, { force: true }));
  let loaded;
  return () =>
    (loaded ??= import(pathToFileURL(outfile).href).finally(() => rmSync(outfile, { force: true })));
}
