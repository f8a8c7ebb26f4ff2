// Shortens the names of our classes' TypeScript-private members in the script
// build (`renderErrorSummary` → `a`). The minifier renames local variables
// but leaves every property name as written, because in general it cannot
// know who else reads a property; for members only their own class can
// reach, we can tell it. Rolldown's own minifier does the renaming
// (`mangleProps`); this plugin only picks the names, conservatively:
//
// - declared `private` in a class under src/ (methods, fields, accessors,
//   constructor parameter properties);
// - everywhere in src/ written only as `this.name` or as that declaration:
//   a name that also appears as an object key, in destructuring, as a
//   property of anything else or as a string (`changed.has('status')`) is
//   left alone. That keeps Lit's reactive properties (keys of `static
//   properties`) and every stored or sent key as they are;
// - found nowhere in the third-party code of the bundle, nor in TypeScript's
//   declarations of the DOM and JavaScript built-ins (as a whole word), so no
//   library's or browser's property is ever renamed with it.
//
// After the build, none of the names may remain in the script: one that does
// would mean an occurrence the minifier did not rename, and the build fails.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/**
 * Vite plugin for a single-chunk build (`mangleProps` needs one chunk).
 *
 * @param {string} srcDir Absolute path of our sources.
 * @returns {import('vite').Plugin}
 */
export function manglePrivateMembers(srcDir) {
  /** Code of every module outside src/ in the bundle. */
  const thirdParty = [];
  let names = [];
  return {
    name: 'zappy-mangle-private-members',
    transform(code, id) {
      if (!id.startsWith(srcDir)) thirdParty.push(code);
      return null;
    },
    outputOptions(options) {
      if (!options.minify) return null;
      const foreign = [...thirdParty, ...builtinDeclarations()];
      names = privateOnlyNames(srcDir).filter((name) => !foreign.some((code) => wordIn(name, code)));
      if (names.length === 0) return null;
      const minify = typeof options.minify === 'object' ? options.minify : {};
      return { ...options, minify: { ...minify, mangleProps: { include: new RegExp(`^(?:${names.join('|')})$`) } } };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Still read as a property (`.name`) or defined as a method (`}name(`):
        // an occurrence the minifier did not rename.
        const left = names.filter((name) => new RegExp(`\\.${name}(?![\\w$])|[{};]${name}\\(`).test(chunk.code));
        if (left.length > 0) this.error(`private member names left unmangled in ${chunk.fileName}: ${left.join(', ')}`);
      }
    },
  };
}

/** `name` as a whole word in `code`. */
const wordIn = (name, code) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(code);

/** TypeScript's declarations of the DOM and the JavaScript built-ins. */
function builtinDeclarations() {
  const lib = dirname(require.resolve('typescript/lib/lib.d.ts'));
  return readdirSync(lib)
    .filter((file) => /^lib\..*\.d\.ts$/.test(file))
    .map((file) => readFileSync(join(lib, file), 'utf8'));
}

/** Names declared `private` in src/ and used nowhere but as `this.name`. */
function privateOnlyNames(srcDir) {
  const files = readdirSync(srcDir, { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => {
      const path = join(srcDir, file);
      return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    });

  const declarations = new Set();
  const candidates = new Set();
  for (const file of files) {
    visit(file, (node) => {
      const isMember =
        ts.isMethodDeclaration(node) ||
        ts.isPropertyDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node) ||
        (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent));
      if (isMember && ts.isIdentifier(node.name) && ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private) {
        candidates.add(node.name.text);
        declarations.add(node.name);
      }
    });
  }

  const disqualified = new Set();
  for (const file of files) {
    visit(file, (node) => {
      const text = ts.isIdentifier(node) || ts.isStringLiteralLike(node) ? node.text : undefined;
      if (text === undefined || !candidates.has(text) || declarations.has(node)) return;
      const onThis =
        ts.isIdentifier(node) &&
        ts.isPropertyAccessExpression(node.parent) &&
        node.parent.name === node &&
        node.parent.expression.kind === ts.SyntaxKind.ThisKeyword;
      if (!onThis) disqualified.add(text);
    });
  }
  return [...candidates].filter((name) => !disqualified.has(name)).sort();
}

function visit(node, callback) {
  callback(node);
  ts.forEachChild(node, (child) => visit(child, callback));
}
