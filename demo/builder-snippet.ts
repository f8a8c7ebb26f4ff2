/**
 * The snippet builder's pure core: a {@link BuilderConfig} in, the code a
 * business pastes into its site out (plain HTML, a WordPress "Custom HTML"
 * block, or a Google Tag Manager Custom HTML tag), and, when leads go through
 * the business's own relay, that relay's configuration (Cloudflare Workers or
 * Node behind nginx). No DOM and no Lit: `demo/builder.ts` is the page around
 * it, `test/builder.test.ts` checks it.
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

/**
 * How the form's leads reach Zappy. Through the relay (the default) the page
 * holds no account hash: the relay on the business's own domain adds it. Direct
 * puts the hash in the page, and works only if Zappy's API accepts calls from
 * browsers (CORS), which nothing Zappy publishes promises.
 */
export const Delivery = {
  /** `endpoint` is the relay on the site's own domain; no `account-hash` in the page. */
  Relay: 'relay',
  /** `account-hash` in the page, posting to Zappy (or to `endpoint`, when given). */
  Direct: 'direct',
} as const;
/** One of {@link Delivery}. */
export type Delivery = (typeof Delivery)[keyof typeof Delivery];

/** Where the relay runs: each gets its own configuration files and commands. */
export const RelayRuntime = {
  Workers: 'workers',
  Node: 'node',
} as const;
/** One of {@link RelayRuntime}. */
export type RelayRuntime = (typeof RelayRuntime)[keyof typeof RelayRuntime];

/** The relay's path on the site when none is given: routes match on the last segment, `leads`. */
export const DEFAULT_RELAY_PATH = '/api/leads';

/** Where `npx zappy-lead-form relay` listens unless told otherwise (`PORT`). */
export const RELAY_PORT = 8787;

/** The Worker build inside the npm package, as wrangler.toml's `main` names it. */
export const WORKER_MAIN = 'node_modules/zappy-lead-form/dist/zappy-lead-relay.worker.js';

/** The Workers runtime version the relay's Worker is built and tested for. */
export const WORKER_COMPATIBILITY_DATE = '2026-04-01';

/** Where the Node relay's environment file goes. */
export const NODE_ENV_FILE = '/etc/zappy-lead-relay.env';

/** Why a site address cannot be used for the relay. */
export const SiteProblem = {
  /** Nothing typed. */
  Missing: 'site-missing',
  /** Not a site's address: no host with a dot, an IP address, a port, a user name. */
  Invalid: 'site-invalid',
  /** `http://`: leads carry personal data, so the relay's address is https. */
  Insecure: 'site-insecure',
} as const;
/** One of {@link SiteProblem}. */
export type SiteProblem = (typeof SiteProblem)[keyof typeof SiteProblem];

/** Why a relay path cannot be used. */
export const PathProblem = {
  /** Characters other than letters, digits, `-`, `_`, `.`, `~` in a segment, or an empty or dot segment. */
  Invalid: 'path-invalid',
  /** The last segment is not `leads`, the only one the relay answers with leads. */
  NotLeads: 'path-not-leads',
  /** `/leads` at the root: the relay's folder would be the whole site. */
  AtRoot: 'path-at-root',
} as const;
/** One of {@link PathProblem}. */
export type PathProblem = (typeof PathProblem)[keyof typeof PathProblem];

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
  /** Through the business's relay (the default) or directly, with the hash in the page. */
  delivery: Delivery;
  /** Relay only: the site's address, `https://www.salao.pt` (a page's full address works too). */
  siteUrl: string;
  /** Relay only: where on the site the relay answers; empty means {@link DEFAULT_RELAY_PATH}. */
  relayPath: string;
  /** Direct only: the hash goes into the page. Never written in relay mode. */
  accountHash: string;
  /** Direct only, advanced: a proxy of the business's own; empty means Zappy's createLead. */
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
 * A fresh configuration at the element's defaults, delivering through the
 * relay: until a site address is given, the snippet it gives is a bare
 * `<zappy-lead-form></zappy-lead-form>`.
 */
export function defaultConfig(): BuilderConfig {
  const choice = (): ChoiceSetting => ({ mode: ChoiceMode.None, value: '', options: '' });
  return {
    fields: [...DEFAULT_FIELDS],
    required: [],
    lang: '',
    delivery: Delivery.Relay,
    siteUrl: '',
    relayPath: DEFAULT_RELAY_PATH,
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

// The second-level suffixes a Portuguese business's site is likely to sit
// under (salao.com.pt). A short list, not the Public Suffix List: it only
// decides the www twin and the Cloudflare zone, which the builder shows.
const SECOND_LEVEL = new Set(['com.pt', 'org.pt', 'edu.pt', 'gov.pt', 'nome.pt', 'publ.pt', 'com.br', 'org.br', 'com.es', 'org.es', 'co.uk', 'org.uk', 'co.ao', 'co.mz']);

// Host names only: labels of letters, digits and inner hyphens, a top-level
// label starting with a letter (so no IP address), at least one dot.
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?$/;

/** A site address that the relay can serve. */
export interface SiteAddress {
  /** `https://www.salao.pt`: scheme and host, lower-case, no port. */
  origin: string;
  /** `www.salao.pt` (international names in their `xn--` form). */
  host: string;
}

/**
 * Reads the site's address as a business types it: with or without
 * `https://`, with or without a page path (only the origin is kept). Gives a
 * {@link SiteProblem} code rather than a message.
 *
 * @example
 * parseSiteAddress('www.Salao.pt/contactos'); // { ok: true, origin: 'https://www.salao.pt', host: 'www.salao.pt' }
 * parseSiteAddress('http://salao.pt');        // { ok: false, problem: 'site-insecure' }
 */
export function parseSiteAddress(value: string): ({ ok: true } & SiteAddress) | { ok: false; problem: SiteProblem } {
  const text = cleanText(value);
  if (!text) return { ok: false, problem: SiteProblem.Missing };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: SiteProblem.Invalid };
  }
  if (url.protocol === 'http:') return { ok: false, problem: SiteProblem.Insecure };
  const host = url.hostname;
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !HOST_NAME.test(host) || SECOND_LEVEL.has(host)) {
    return { ok: false, problem: SiteProblem.Invalid };
  }
  return { ok: true, origin: url.origin, host };
}

/**
 * Reads the relay's path on the site: a leading `/` is added and trailing ones
 * dropped; empty means {@link DEFAULT_RELAY_PATH}. The relay answers leads on
 * a last segment `leads` (and `health` beside it), and everything in its folder
 * is routed to it, so the folder cannot be the site's root.
 *
 * @example
 * parseRelayPath('api/zappy/leads/'); // { ok: true, path: '/api/zappy/leads', folder: '/api/zappy/' }
 * parseRelayPath('/leads');           // { ok: false, problem: 'path-at-root' }
 */
export function parseRelayPath(value: string): { ok: true; path: string; folder: string } | { ok: false; problem: PathProblem } {
  const text = cleanText(value) || DEFAULT_RELAY_PATH;
  const segments = text.replace(/^\//, '').replace(/\/+$/, '').split('/');
  if (segments.some((segment) => !/^[A-Za-z0-9._~-]+$/.test(segment) || segment === '.' || segment === '..')) {
    return { ok: false, problem: PathProblem.Invalid };
  }
  if (segments.at(-1) !== 'leads') return { ok: false, problem: PathProblem.NotLeads };
  if (segments.length < 2) return { ok: false, problem: PathProblem.AtRoot };
  return { ok: true, path: `/${segments.join('/')}`, folder: `/${segments.slice(0, -1).join('/')}/` };
}

/**
 * The registrable domain of a host: its last two labels, or three under a
 * known second-level suffix (`salao.com.pt`). It is the Cloudflare zone.
 *
 * @example
 * registrableDomain('www.salao.pt');     // 'salao.pt'
 * registrableDomain('loja.salao.com.pt'); // 'salao.com.pt'
 */
export function registrableDomain(host: string): string {
  const labels = host.split('.');
  const take = labels.length > 2 && SECOND_LEVEL.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Everything the relay's configuration and the embed's `endpoint` are derived from. */
export interface RelaySite extends SiteAddress {
  /** The Cloudflare zone: the {@link registrableDomain} of the host. */
  zone: string;
  /** The origins whose pages may post: the site's, and its www or bare twin when it is one of the two. */
  allowedOrigins: string[];
  /** `/api/leads`. */
  path: string;
  /** `/api/`: everything under it goes to the relay. */
  folder: string;
  /** `https://www.salao.pt/api/leads`: the embed's `endpoint`. */
  endpoint: string;
}

/**
 * The relay derived from the site address and path, or `undefined` when
 * either cannot be used ({@link parseSiteAddress}, {@link parseRelayPath} say why).
 *
 * @example
 * relaySite({ siteUrl: 'https://www.salao.pt', relayPath: '/api/leads' })?.allowedOrigins;
 * // ['https://www.salao.pt', 'https://salao.pt']
 */
export function relaySite(config: Pick<BuilderConfig, 'siteUrl' | 'relayPath'>): RelaySite | undefined {
  const site = parseSiteAddress(config.siteUrl);
  const path = parseRelayPath(config.relayPath);
  if (!site.ok || !path.ok) return undefined;
  const zone = registrableDomain(site.host);
  const twin = site.host === zone ? `www.${zone}` : site.host === `www.${zone}` ? zone : undefined;
  return {
    origin: site.origin,
    host: site.host,
    zone,
    allowedOrigins: twin ? [site.origin, `https://${twin}`] : [site.origin],
    path: path.path,
    folder: path.folder,
    endpoint: `${site.origin}${path.path}`,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * The attributes of the configured element, in a fixed readable order, with
 * values cleaned but not escaped. Empty values and values equal to the
 * element's defaults are left out; labels of a custom field that is not shown
 * are too. Through the relay, `endpoint` is the relay's address (left out
 * until the site address and path are valid) and `account-hash` is never
 * written; directly, both are as typed.
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

  if (config.delivery === Delivery.Relay) {
    // The hash stays with the relay, whatever was typed in direct mode.
    add('endpoint', relaySite(config)?.endpoint ?? '');
  } else {
    add('account-hash', config.accountHash);
    add('endpoint', config.endpoint);
  }
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
 * local stand-in (endpoint and `demo-hash`) unless the business gave its own
 * in direct mode, and without `success-url`, which would take the builder page
 * away. Through the relay the preview always posts to the stand-in: the relay
 * may not be deployed yet, and it refuses pages outside the business's site,
 * this builder's among them.
 */
export function previewAttributes(config: BuilderConfig): SnippetAttribute[] {
  const relay = config.delivery === Delivery.Relay;
  const attributes = configToAttributes(config).filter(([name]) => name !== 'success-url' && !(relay && name === 'endpoint'));
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

/** One file or command list of the relay's configuration, named for the page to label it. */
export interface RelayBlock {
  name: 'wrangler' | 'worker-commands' | 'node-env' | 'node-commands' | 'nginx';
  /** The text, ending with a line break. */
  text: string;
}

// Hosts, origins and paths reaching the files below are validated to plain
// ASCII (parseSiteAddress, parseRelayPath), so a JSON string is a valid TOML
// basic string and nothing needs quoting in the env file or nginx.

/**
 * The Worker's `wrangler.toml`: the package's Worker build, a route for the
 * relay's folder on the site's host in its zone, the allowed origins, and the
 * optional Rate Limiting binding (10 per 60 s, the relay's default). The hash
 * is not in it: it is a secret, put with `wrangler secret put`.
 */
export function wranglerToml(site: RelaySite): string {
  return [
    '# wrangler.toml: o relay do zappy-lead-form no Cloudflare Workers.',
    '# A chave da conta não vai neste ficheiro: é um segredo (npx wrangler secret put ZAPPY_ACCOUNT_HASH).',
    'name = "zappy-lead-relay"',
    `main = ${JSON.stringify(WORKER_MAIN)}`,
    `compatibility_date = ${JSON.stringify(WORKER_COMPATIBILITY_DATE)}`,
    `routes = [{ pattern = ${JSON.stringify(`${site.host}${site.folder}*`)}, zone_name = ${JSON.stringify(site.zone)} }]`,
    '',
    '[vars]',
    `ZAPPY_ALLOWED_ORIGINS = ${JSON.stringify(site.allowedOrigins.join(','))}`,
    '',
    '# Opcional: conta o limite de envios em todo o local da Cloudflare, não só num isolate.',
    '# namespace_id: um número à sua escolha, único na sua conta Cloudflare.',
    '[[ratelimits]]',
    'name = "ZAPPY_RATE_LIMITER"',
    'namespace_id = "1001"',
    'simple = { limit = 10, period = 60 }',
    '',
  ].join('\n');
}

/** The commands that deploy the Worker, run where `wrangler.toml` is; the hash is typed at a prompt, never into a file. */
export function workerCommands(): string {
  return [
    '# Na pasta do wrangler.toml:',
    'npm install zappy-lead-form',
    'npx wrangler secret put ZAPPY_ACCOUNT_HASH   # cole a chave quando for pedida: nunca fica num ficheiro',
    'npx wrangler deploy',
    '',
  ].join('\n');
}

/**
 * The Node relay's environment file: the hash left empty for the business to
 * fill in on the server, the allowed origins, the proxy trusted for the
 * visitor's address (nginx is in front), and listening on this machine only,
 * so nobody reaches the relay around nginx with a made-up `X-Forwarded-For`.
 */
export function nodeEnvFile(site: RelaySite): string {
  return [
    `# ${NODE_ENV_FILE}: a configuração do relay (npx zappy-lead-form relay).`,
    '# Preencha a chave da conta que o suporte do Zappy ativou e mantenha o ficheiro privado: chmod 600.',
    'ZAPPY_ACCOUNT_HASH=',
    `ZAPPY_ALLOWED_ORIGINS=${site.allowedOrigins.join(',')}`,
    '# O nginx está à frente: o endereço do visitante (para o limite de envios) vem de X-Forwarded-For.',
    'ZAPPY_TRUST_PROXY=1',
    '# Só nesta máquina: os visitantes chegam ao relay através do nginx.',
    'HOST=127.0.0.1',
    `PORT=${RELAY_PORT}`,
    '',
  ].join('\n');
}

/** The commands that install and start the Node relay with the environment file's variables. */
export function nodeCommands(): string {
  return [
    'npm install zappy-lead-form',
    `chmod 600 ${NODE_ENV_FILE}   # do utilizador que corre o relay; mais ninguém o lê`,
    `set -a; . ${NODE_ENV_FILE}; set +a   # as variáveis do ficheiro no ambiente`,
    'npx zappy-lead-form relay',
    `# Como serviço (systemd): EnvironmentFile=${NODE_ENV_FILE} e ExecStart=/usr/bin/npx zappy-lead-form relay`,
    '',
  ].join('\n');
}

/**
 * The nginx `location` that puts the Node relay at the site's relay folder:
 * `/api/leads` reaches the relay as `/leads` (it matches the last segment).
 * The relay (`ZAPPY_TRUST_PROXY=1`) counts the address nginx appends to
 * `X-Forwarded-For`, never what the visitor wrote before it.
 */
export function nginxLocation(site: RelaySite): string {
  return [
    `# No bloco server { } de ${site.host} (o que serve HTTPS):`,
    `location ${site.folder} {`,
    `    proxy_pass http://127.0.0.1:${RELAY_PORT}/;`,
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '}',
    '',
  ].join('\n');
}

/**
 * The relay's configuration for a runtime, as copyable blocks:
 * - `workers`: `wrangler.toml` and the commands that deploy it;
 * - `node`: the environment file, the commands, the nginx `location`.
 *
 * None holds the account hash: the business types it on its own server.
 *
 * @example
 * relaySetup(relaySite({ siteUrl: 'https://www.salao.pt', relayPath: '/api/leads' })!, 'workers').map((b) => b.name);
 * // ['wrangler', 'worker-commands']
 */
export function relaySetup(site: RelaySite, runtime: RelayRuntime): RelayBlock[] {
  switch (runtime) {
    case RelayRuntime.Workers:
      return [
        { name: 'wrangler', text: wranglerToml(site) },
        { name: 'worker-commands', text: workerCommands() },
      ];
    case RelayRuntime.Node:
      return [
        { name: 'node-env', text: nodeEnvFile(site) },
        { name: 'node-commands', text: nodeCommands() },
        { name: 'nginx', text: nginxLocation(site) },
      ];
  }
}
