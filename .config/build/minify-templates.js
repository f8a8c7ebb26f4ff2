// Minifies the text of Lit's `css` and `html` tagged templates in our sources
// at build time. The JavaScript minifier cannot: to it a template's text is a
// string like any other, indentation and comments included, and the script
// build carries every byte of it to every visitor.
//
// - `css`: the stylesheet goes through lightningcss (the CSS minifier Vite
//   itself uses), with no targets, so no prefixes are added and no syntax is
//   lowered.
// - `html`: only the indentation between lines goes. A run of whitespace that
//   contains a line break is removed between two tags (`>` and `<`, or the
//   template's edge), where it would only make an empty text node; anywhere
//   else (next to text or a binding) it becomes one space, which renders the
//   same in HTML. Single spaces are never touched: the space in
//   `${label} <span class="optional">` is what keeps "Email (opcional)" two
//   words. Attribute bindings and the parts Lit reads between them (`?`, `.`,
//   `@` prefixes, quotes) are left as written.
//
// What this relies on: no `<pre>` or `<textarea>` in a template (checked: the
// build fails on one), and no line break inside a quoted attribute value
// (there would become one space).
import { transform as transformCss } from 'lightningcss';
import MagicString from 'magic-string';

/** Lit's template tags, by exported name. */
const TAGS = new Set(['html', 'css']);
/** Modules that export them. */
const LIT_MODULES = /^(?:lit|lit-html|lit-element)(?:\/|$)/;
/** HTML's whitespace (not `\s`: a no-break space in a template is text). */
const LINE_BREAK_RUN = /[ \t\f\r]*\n[ \t\n\f\r]*/g;
/** Elements whose whitespace is content. */
const WHITESPACE_KEEPERS = /<(?:pre|textarea)\b/i;

/**
 * Vite plugin: minifies `css` and `html` templates of the modules under `src`.
 * Runs after TypeScript is stripped, so it reads plain JavaScript.
 *
 * @param {string} srcDir Absolute path of the sources to minify.
 * @returns {import('vite').Plugin}
 */
export function minifyLitTemplates(srcDir) {
  return {
    name: 'zappy-minify-lit-templates',
    enforce: 'post',
    transform(code, id) {
      if (!id.startsWith(srcDir) || !/\.[cm]?[jt]s$/.test(id)) return null;
      if (!/\b(?:html|css)`/.test(code)) return null;
      const program = this.parse(code);
      const tags = litTags(program);
      if (tags.size === 0) return null;
      const output = new MagicString(code);
      for (const node of nodesOf(program, 'TaggedTemplateExpression')) {
        const kind = node.tag.type === 'Identifier' ? tags.get(node.tag.name) : undefined;
        if (!kind) continue;
        const quasis = node.quasi.quasis;
        for (const quasi of quasis) {
          if (code.slice(quasi.start, quasi.end) !== quasi.value.raw) {
            this.error(`${id}: unexpected template positions from the parser`);
          }
        }
        if (kind === 'css') minifyCss(this, id, quasis, output);
        else minifyHtml(this, id, quasis, output);
      }
      if (!output.hasChanged()) return null;
      return { code: output.toString(), map: output.generateMap({ source: id, hires: true }) };
    },
  };
}

/** Local names of `html` and `css` imported from Lit: `Map<local, 'html' | 'css'>`. */
function litTags(program) {
  const tags = new Map();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || !LIT_MODULES.test(statement.source.value)) continue;
    for (const specifier of statement.specifiers) {
      const imported = specifier.type === 'ImportSpecifier' ? specifier.imported.name : undefined;
      if (TAGS.has(imported)) tags.set(specifier.local.name, imported);
    }
  }
  return tags;
}

/** Every node of a type under `node`, depth first. */
function* nodesOf(node, type) {
  if (Array.isArray(node)) {
    for (const child of node) yield* nodesOf(child, type);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (node.type === type) yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'parent' && value && typeof value === 'object') yield* nodesOf(value, type);
  }
}

function minifyCss(context, id, quasis, output) {
  if (quasis.length > 1) {
    context.warn(`${id}: a css\`\` template with \${} values is left unminified`);
    return;
  }
  const [quasi] = quasis;
  let minified;
  try {
    minified = transformCss({ filename: id, code: Buffer.from(quasi.value.cooked), minify: true }).code.toString();
  } catch (error) {
    context.error(`${id}: lightningcss could not read a css\`\` template: ${error.message}`);
  }
  output.overwrite(quasi.start, quasi.end, asTemplateText(minified));
}

function minifyHtml(context, id, quasis, output) {
  const last = quasis.length - 1;
  quasis.forEach((quasi, index) => {
    const raw = quasi.value.raw;
    if (WHITESPACE_KEEPERS.test(raw)) context.error(`${id}: an html\`\` template with <pre> or <textarea> cannot be minified`);
    const minified = raw.replace(LINE_BREAK_RUN, (run, offset) => {
      const end = offset + run.length;
      // A template's edge counts as a tag; a binding (`${}`) counts as text.
      const afterTag = offset === 0 ? index === 0 : raw[offset - 1] === '>';
      const beforeTag = end === raw.length ? index === last : raw[end] === '<';
      return afterTag && beforeTag ? '' : ' ';
    });
    if (minified !== raw) output.overwrite(quasi.start, quasi.end, minified);
  });
}

/** `text` written inside a template literal: backslashes, backticks and `${` escaped. */
const asTemplateText = (text) => text.replace(/\\|`|\$\{/g, (match) => `\\${match}`);
