// @custom-elements-manifest/analyzer configuration: `npm run build` writes
// dist/custom-elements.json from the element's JSDoc (@summary, @fires,
// @csspart, @cssproperty) and its `static properties` (the `litelement`
// handling reads them without decorators).
import { posix } from 'node:path';

/**
 * The shipped ES module of a source module named the ways the analyzer names
 * them (`src/x.ts`, `/src/x.js`, `./x.js` relative to `from`):
 * `dist/esm/x.js`.
 */
function shippedModule(reference, from) {
  const path = reference.startsWith('.') ? posix.join(posix.dirname(from), reference) : reference.replace(/^\//, '');
  return path.replace(/^src\/(.*)\.[jt]s$/, 'dist/esm/$1.js');
}

/** Applies `rewrite` to every `module` reference under `node`. */
function rewriteModules(node, rewrite) {
  if (Array.isArray(node)) node.forEach((child) => rewriteModules(child, rewrite));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'module' && typeof value === 'string') node[key] = rewrite(value);
      else rewriteModules(value, rewrite);
    }
  }
}

export default {
  // The public surface only: the element, its events, and the two entries.
  globs: ['src/index.ts', 'src/define.ts', 'src/zappy-lead-form.ts', 'src/events.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself (`customElements`).
  packagejson: false,
  plugins: [
    {
      name: 'zappy-manifest',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          const source = module.path;
          rewriteModules(module, (reference) => shippedModule(reference, source));
          module.path = shippedModule(source, source);
          for (const declaration of module.declarations ?? []) {
            // `state: true` properties are private state, not attributes; the
            // analyzer lists every static property as one.
            const hidden = new Set(
              (declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name),
            );
            if (!declaration.attributes) continue;
            declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName));
            for (const member of declaration.members) if (hidden.has(member.name)) delete member.attribute;
          }
        }
      },
    },
  ],
};
