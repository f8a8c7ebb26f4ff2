/**
 * The snippet builder's pure core: a {@link BuilderConfig} in, the code a
 * business pastes into its site out (plain HTML, a WordPress "Custom HTML"
 * block, or a Google Tag Manager Custom HTML tag). No DOM and no Lit:
 * `demo/builder.ts` is the page around it, `test/builder.test.ts` checks it.
 *
 * Attributes left at the element's defaults are omitted, every value is
 * HTML-escaped (or, in GTM's script, written as an escaped JavaScript string),
 * and the theme is a `<style>` block, never a `style=""` attribute, so the
 * markup stays valid on pages with a strict Content-Security-Policy.
 */
import { DEFAULT_FIELDS, FIELD_NAMES, type FieldName, type RequirableName } from '../src/form/config.js';
import type { Language } from '../src/i18n/messages.js';

/** Where the snippets load the widget from: the npm package's script build on jsDelivr. */
export const SCRIPT_URL = 'https://cdn.jsdelivr.net/npm/zappy-lead-form/dist/zappy-lead-form.js';

/** The stand-in of createLead that `npm start` serves: the preview posts there unless told otherwise. */
export const PREVIEW_ENDPOINT = '/4/clientes/createLead';

/** The account the demo pages use with the stand-in (its report opens on it). */
export const PREVIEW_ACCOUNT = 'demo-hash';

/** The GTM tag's container when none is given. */
export const DEFAULT_CONTAINER = '#formulario-zappy';

/** Where the snippet goes: each gets its own shape of the same form. */
export const SnippetFlavour = {
  Html: 'html',
  WordPress: 'wordpress',
  Gtm: 'gtm',
} as const;
/** One of {@link SnippetFlavour}. */
export type SnippetFlavour = (typeof SnippetFlavour)[keyof typeof SnippetFlavour];

/** How a preset that can also be a choice (`source`, `segment`) is set up. */
export const ChoiceMode = {
  /** Not sent at all. */
  None: 'none',
  /** One value, sent with every lead and never shown (`source="…"`). */
  Fixed: 'fixed',
  /** The visitor picks one of a list (`sources="…"`). */
  List: 'list',
} as const;
/** One of {@link ChoiceMode}. */
export type ChoiceMode = (typeof ChoiceMode)[keyof typeof ChoiceMode];

/** A preset that can be fixed or chosen by the visitor: `source`/`sources`, `segment`/`segments`. */
export interface ChoiceSetting {
  mode: ChoiceMode;
  /** The fixed value (mode `fixed`). */
  value: string;
  /** The options, one per line, as typed (mode `list`). */
  options: string;
}

/** The theme colours (`#rrggbb`, as `<input type="color">` gives them) and the corner radius in px. */
export interface Theme {
  accent: string;
  text: string;
  background: string;
  border: string;
  error: string;
  radius: number;
}

/** Everything the builder lets a business choose. Text is kept as typed; the snippet trims it. */
export interface BuilderConfig {
  /** The field groups shown, in order (`name` is put first when missing, as the element does). */
  fields: FieldName[];
  /** Fields that must be filled; only those shown (and the choices and birthday year in use) count. */
  required: RequirableName[];
  /** `''` follows the page's language, as the element does without `lang`. */
  lang: '' | Language;
  accountHash: string;
  /** Advanced: a proxy of the business's own; empty means Zappy's createLead. */
  endpoint: string;
  formId: string;
  campaignName: string;
  source: ChoiceSetting;
  segment: ChoiceSetting;
  custom1Label: string;
  custom1Placeholder: string;
  custom2Label: string;
  custom2Placeholder: string;
  submitLabel: string;
  successMessage: string;
  successUrl: string;
  consentText: string;
  privacyUrl: string;
  /** ISO 3166 code; `PT` is the element's default. */
  defaultCountry: string;
  theme: Theme;
  /** GTM only: the CSS selector of the page element the form goes into. */
  container: string;
}

/** The element's own theme defaults (README, "Styling"); radius 6 px is its `0.375rem`. */
export const DEFAULT_THEME: Readonly<Theme> = Object.freeze({
  accent: '#1d4ed8',
  text: '#1f2328',
  background: '#ffffff',
  border: '#6e7781',
  error: '#b3261e',
  radius: 6,
});

/** The custom property behind each theme setting. */
export const THEME_PROPERTIES: Readonly<Record<keyof Theme, string>> = Object.freeze({
  accent: '--zappy-accent',
  text: '--zappy-text',
  background: '--zappy-background',
  border: '--zappy-border',
  error: '--zappy-error',
  radius: '--zappy-radius',
});

/** Every attribute {@link configToAttributes} can produce, so a preview can clear the ones no longer set. */
export const ATTRIBUTE_NAMES = [
  'account-hash',
  'endpoint',
  'form-id',
  'campaign-name',
  'source',
  'sources',
  'segment',
  'segments',
  'fields',
  'required',
  'lang',
  'default-country',
  'custom-1-label',
  'custom-1-placeholder',
  'custom-2-label',
  'custom-2-placeholder',
  'submit-label',
  'success-message',
  'success-url',
  'consent-text',
  'privacy-url',
] as const;

/** One attribute of the snippet's element, unescaped. */
export type SnippetAttribute = readonly [name: (typeof ATTRIBUTE_NAMES)[number], value: string];

/**
 * A fresh configuration at the element's defaults: the snippet it gives is a
 * bare `<zappy-lead-form></zappy-lead-form>`.
 */
export function defaultConfig(): BuilderConfig {
  const choice = (): ChoiceSetting => ({ mode: ChoiceMode.None, value: '', options: '' });
  return {
    fields: [...DEFAULT_FIELDS],
    required: [],
    lang: '',
    accountHash: '',
    endpoint: '',
    formId: '',
    campaignName: '',
    source: choice(),
    segment: choice(),
    custom1Label: '',
    custom1Placeholder: '',
    custom2Label: '',
    custom2Placeholder: '',
    submitLabel: '',
    successMessage: '',
    successUrl: '',
    consentText: '',
    privacyUrl: '',
    defaultCountry: 'PT',
    theme: { ...DEFAULT_THEME },
    container: DEFAULT_CONTAINER,
  };
}

/**
 * Text as an attribute carries it: control characters (line breaks, tabs,
 * NUL, which the HTML parser would rewrite) become one space, and the ends are
 * trimmed. Empty means "leave the attribute out".
 *
 * @example
 * cleanText('  Serviço\r\npretendido '); // 'Serviço pretendido'
 */
export function cleanText(value: string): string {
  return value.replace(/\p{Cc}+/gu, ' ').trim();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML attribute value or text node: `&`, `<`, `>` and
 * both quotes, so no value can end the attribute or open a tag.
 *
 * @example
 * escapeHtml('"><script>'); // '&quot;&gt;&lt;script&gt;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * The fields shown: known names only, without repeats, `name` first when
 * missing (createLead requires it, and the element adds it the same way).
 */
export function shownFields(config: Pick<BuilderConfig, 'fields'>): FieldName[] {
  const known = [...new Set(config.fields)].filter((field) => (FIELD_NAMES as readonly string[]).includes(field));
  return known.includes('name') ? known : ['name', ...known];
}

/** The options of a choice list: one per line, cleaned, without empties or repeats. */
export function choiceOptions(setting: ChoiceSetting): string[] {
  if (setting.mode !== ChoiceMode.List) return [];
  return [...new Set(setting.options.split(/\r\n|\r|\n/).map(cleanText).filter(Boolean))];
}

/**
 * What `required` may name for this configuration, in form order: the shown
 * fields but `name` (always required), `birthday-year` after `birthday`, then
 * the choices that are shown.
 */
export function requirableNames(config: BuilderConfig): RequirableName[] {
  const names: RequirableName[] = [];
  for (const field of shownFields(config)) {
    if (field === 'name') continue;
    names.push(field);
    if (field === 'birthday') names.push('birthday-year');
  }
  if (choiceOptions(config.source).length > 0) names.push('source');
  if (choiceOptions(config.segment).length > 0) names.push('segment');
  return names;
}

/**
 * The value of `sources`/`segments` for a list of options: comma-separated
 * when that reads back the same, otherwise a JSON array (an option with a
 * comma, or brackets at the ends that the element's reader would take for one).
 *
 * @example
 * choiceListValue(['Instagram', 'Google']);        // 'Instagram, Google'
 * choiceListValue(['Amigos, família', 'Google']); // '["Amigos, família", "Google"]'
 */
export function choiceListValue(options: readonly string[]): string {
  const json = options.some((option) => option.includes(',')) || options[0]?.startsWith('[') || options.at(-1)?.endsWith(']');
  return json ? `[${options.map((option) => JSON.stringify(option)).join(', ')}]` : options.join(', ');
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * The attributes of the configured element, in a fixed readable order, with
 * values cleaned but not escaped. Empty values and values equal to the
 * element's defaults are left out; labels of a custom field that is not shown
 * are too.
 *
 * @example
 * configToAttributes({ ...defaultConfig(), formId: ' 28842 ', lang: 'en' });
 * // [['form-id', '28842'], ['lang', 'en']]
 */
export function configToAttributes(config: BuilderConfig): SnippetAttribute[] {
  const attributes: SnippetAttribute[] = [];
  const add = (name: SnippetAttribute[0], value: string) => {
    const cleaned = cleanText(value);
    if (cleaned) attributes.push([name, cleaned]);
  };
  const addChoice = (single: 'source' | 'segment', list: 'sources' | 'segments', setting: ChoiceSetting) => {
    if (setting.mode === ChoiceMode.Fixed) add(single, setting.value);
    const options = choiceOptions(setting);
    if (options.length > 0) add(list, choiceListValue(options));
  };

  add('account-hash', config.accountHash);
  add('endpoint', config.endpoint);
  add('form-id', config.formId);
  add('campaign-name', config.campaignName);
  addChoice('source', 'sources', config.source);
  addChoice('segment', 'segments', config.segment);
  const fields = shownFields(config);
  if (!sameList(fields, DEFAULT_FIELDS)) add('fields', fields.join(' '));
  const requirable = requirableNames(config);
  add('required', requirable.filter((name) => config.required.includes(name)).join(' '));
  add('lang', config.lang);
  const country = cleanText(config.defaultCountry).toUpperCase();
  if (country !== 'PT') add('default-country', country);
  if (fields.includes('custom_1')) {
    add('custom-1-label', config.custom1Label);
    add('custom-1-placeholder', config.custom1Placeholder);
  }
  if (fields.includes('custom_2')) {
    add('custom-2-label', config.custom2Label);
    add('custom-2-placeholder', config.custom2Placeholder);
  }
  add('submit-label', config.submitLabel);
  add('success-message', config.successMessage);
  add('success-url', config.successUrl);
  add('consent-text', config.consentText);
  add('privacy-url', config.privacyUrl);
  return attributes;
}

/**
 * The attributes of the builder's live preview: the snippet's, pointed at the
 * local stand-in (endpoint and `demo-hash`) unless the business gave its own,
 * and without `success-url`, which would take the builder page away.
 */
export function previewAttributes(config: BuilderConfig): SnippetAttribute[] {
  const attributes = configToAttributes(config).filter(([name]) => name !== 'success-url');
  const has = (name: string) => attributes.some(([own]) => own === name);
  if (!has('endpoint')) attributes.unshift(['endpoint', PREVIEW_ENDPOINT]);
  if (!has('account-hash')) attributes.unshift(['account-hash', PREVIEW_ACCOUNT]);
  return attributes;
}

/**
 * The theme's custom properties that differ from the defaults, as
 * `[property, value]`. A colour that is not `#rrggbb`, or a radius that is not
 * a number from 0 to 100, is left out: these go into CSS verbatim.
 *
 * @example
 * themeDeclarations({ ...DEFAULT_THEME, accent: '#7A1F5C', radius: 12 });
 * // [['--zappy-accent', '#7a1f5c'], ['--zappy-radius', '12px']]
 */
export function themeDeclarations(theme: Theme): [property: string, value: string][] {
  const declarations: [string, string][] = [];
  for (const key of ['accent', 'text', 'background', 'border', 'error'] as const) {
    const colour = String(theme[key]).trim().toLowerCase();
    if (/^#[0-9a-f]{6}$/.test(colour) && colour !== DEFAULT_THEME[key]) declarations.push([THEME_PROPERTIES[key], colour]);
  }
  const radius = Number(theme.radius);
  if (Number.isFinite(radius) && radius >= 0 && radius <= 100 && radius !== DEFAULT_THEME.radius) {
    declarations.push([THEME_PROPERTIES.radius, `${Math.round(radius * 100) / 100}px`]);
  }
  return declarations;
}

/** The theme as a `<style>` block for the page, or `''` when it is the default. */
export function themeStyle(theme: Theme): string {
  const declarations = themeDeclarations(theme);
  if (declarations.length === 0) return '';
  const lines = declarations.map(([property, value]) => `    ${property}: ${value};`);
  return ['<style>', '  zappy-lead-form {', ...lines, '  }', '</style>'].join('\n');
}

/** The element's markup, one escaped attribute per line. */
export function elementMarkup(attributes: readonly SnippetAttribute[]): string {
  if (attributes.length === 0) return '<zappy-lead-form></zappy-lead-form>';
  const lines = attributes.map(([name, value]) => `  ${name}="${escapeHtml(value)}"`);
  return ['<zappy-lead-form', ...lines, '></zappy-lead-form>'].join('\n');
}

/**
 * A JavaScript string literal that is safe inside an inline `<script>` and
 * inside a GTM Custom HTML tag: `<`, `>` and `&` are escaped so no value can
 * close the script, `{` and `}` so GTM never reads `{{…}}` as one of its
 * variables, U+2028/U+2029 for older parsers.
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[<>&{}\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function htmlSnippet(config: BuilderConfig): string {
  return [`<script src="${SCRIPT_URL}" defer></script>`, themeStyle(config.theme), elementMarkup(configToAttributes(config))]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * GTM's Custom HTML tag: GTM re-creates the tag's scripts itself and drops
 * unknown elements in some setups, so the widget's script is injected with
 * `document.createElement('script')` and the element is created the same way
 * in the container the business chose. ES5 only: GTM's compiler rejects newer
 * syntax in Custom HTML. Sent leads are pushed to `dataLayer` without personal
 * data (README, "Events").
 */
function gtmSnippet(config: BuilderConfig): string {
  const selector = cleanText(config.container) || DEFAULT_CONTAINER;
  const setAttributes = configToAttributes(config).map(([name, value]) => `    form.setAttribute(${jsString(name)}, ${jsString(value)});`);
  const script = [
    '<script>',
    '  (function () {',
    `    var src = ${jsString(SCRIPT_URL)};`,
    "    if (!window.customElements.get('zappy-lead-form') && !document.querySelector('script[src=\"' + src + '\"]')) {",
    "      var script = document.createElement('script');",
    '      script.src = src;',
    '      document.head.appendChild(script);',
    '    }',
    `    var container = document.querySelector(${jsString(selector)});`,
    '    if (!container) {',
    `      console.warn('zappy-lead-form: no element matches ' + ${jsString(selector)});`,
    '      return;',
    '    }',
    "    if (container.querySelector('zappy-lead-form')) return;",
    "    var form = document.createElement('zappy-lead-form');",
    ...setAttributes,
    "    form.addEventListener('zappy-lead-sent', function (event) {",
    '      window.dataLayer = window.dataLayer || [];',
    "      window.dataLayer.push({ event: 'zappy_lead_sent', formId: event.detail.lead.form_id });",
    '    });',
    '    container.appendChild(form);',
    '  })();',
    '</script>',
  ].join('\n');
  return [themeStyle(config.theme), script].filter(Boolean).join('\n\n');
}

/** The note at the top of the WordPress snippet. */
export const WORDPRESS_NOTE = '<!-- Cole este código num bloco «HTML personalizado» (Custom HTML) do WordPress. -->';

/**
 * The snippet for a flavour, ending with a line break:
 * - `html`: the script tag (deferred), the theme's `<style>` if any, the element;
 * - `wordpress`: the same, under a comment saying where it goes;
 * - `gtm`: the theme's `<style>` and a script that loads the widget, puts the
 *   element into `config.container` and pushes `zappy_lead_sent` to `dataLayer`.
 *
 * @example
 * buildSnippet({ ...defaultConfig(), formId: '28842' }, 'html');
 * // '<script src="https://cdn.jsdelivr.net/…/zappy-lead-form.js" defer></script>\n\n'
 * // + '<zappy-lead-form\n  form-id="28842"\n></zappy-lead-form>\n'
 */
export function buildSnippet(config: BuilderConfig, flavour: SnippetFlavour): string {
  switch (flavour) {
    case SnippetFlavour.Html:
      return `${htmlSnippet(config)}\n`;
    case SnippetFlavour.WordPress:
      return `${WORDPRESS_NOTE}\n${htmlSnippet(config)}\n`;
    case SnippetFlavour.Gtm:
      return `${gtmSnippet(config)}\n`;
  }
}
