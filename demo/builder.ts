// The snippet builder page (demo/builder.html): a business chooses how leads
// reach Zappy (through its relay, the default, or directly), fields, presets,
// texts and colours, sees a live <zappy-lead-form>, and copies the code for its
// site and, through the relay, the relay's configuration. All that text comes
// from the pure ./builder-snippet.ts; this file is only the page around it,
// rendered with lit-html into the light DOM so demo/builder.css styles it.
// Everything typed here is rendered through Lit text and property bindings,
// never as HTML.
import { html, nothing, render, type TemplateResult } from 'lit';
import '../src/define.js';
import { FIELD_NAMES, type FieldName, type RequirableName } from '../src/form/config.js';
import type { Language } from '../src/i18n/messages.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import {
  ATTRIBUTE_NAMES,
  type BuilderConfig,
  ChoiceMode,
  type ChoiceSetting,
  DEFAULT_RELAY_PATH,
  DEFAULT_THEME,
  Delivery,
  NODE_ENV_FILE,
  PREVIEW_ACCOUNT,
  PREVIEW_ENDPOINT,
  PathProblem,
  RELAY_PORT,
  type RelayBlock,
  RelayRuntime,
  type RelaySite,
  SiteProblem,
  SnippetFlavour,
  THEME_PROPERTIES,
  type Theme,
  buildSnippet,
  cleanText,
  defaultConfig,
  parseRelayPath,
  parseSiteAddress,
  previewAttributes,
  relaySetup,
  relaySite,
  requirableNames,
  shownFields,
  themeDeclarations,
} from './builder-snippet.js';

/** The field groups as the builder names them (the form's own labels, and what each group holds). */
const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Nome',
  email: 'Email',
  mobile: 'Telemóvel',
  birthday: 'Data de nascimento (dia, mês, ano)',
  address: 'Morada (rua, código postal, localidade)',
  vat: 'NIF',
  cc: 'N.º do Cartão de Cidadão',
  ref: 'Referência',
  custom_1: 'Campo personalizado 1',
  custom_2: 'Campo personalizado 2',
};

/** What `required` can name besides the field groups. */
const EXTRA_LABELS: Record<Exclude<RequirableName, FieldName>, string> = {
  'birthday-year': 'Ano de nascimento',
  source: 'Origem (a lista)',
  segment: 'Segmento (a lista)',
};

const LANGUAGES: [value: '' | Language, label: string][] = [
  ['', 'Automático (o idioma da página)'],
  ['pt', 'Português'],
  ['en', 'Inglês (English)'],
  ['es', 'Espanhol (Español)'],
];

// Where a Portuguese business's clients come from: the curated countries of
// the phone metadata (.config/build/phone-metadata.js) and a few more.
const COUNTRY_CODES = ['PT', 'ES', 'FR', 'GB', 'DE', 'IT', 'CH', 'LU', 'BE', 'NL', 'BR', 'US', 'CA', 'AO', 'MZ', 'CV'];

const THEME_LABELS: Record<keyof Theme, string> = {
  accent: 'Destaque (botão e ligações)',
  text: 'Texto',
  background: 'Fundo dos campos',
  border: 'Contorno dos campos',
  error: 'Erros',
  radius: 'Cantos arredondados (px)',
};

const FLAVOUR_LABELS: Record<SnippetFlavour, string> = {
  html: 'HTML',
  wordpress: 'WordPress',
  gtm: 'Google Tag Manager',
};

const FLAVOUR_NOTES: Record<SnippetFlavour, string> = {
  html: 'Cole o código onde quer que o formulário apareça. Com vários formulários na mesma página, basta um <script>.',
  wordpress:
    'No editor de blocos, acrescente um bloco «HTML personalizado» (Custom HTML) e cole o código. O WordPress só guarda <script> a administradores: se não o for, peça ao administrador ou use o Google Tag Manager.',
  gtm: 'No GTM, crie uma etiqueta «HTML personalizado» (Custom HTML) com o acionador «DOM pronto» (DOM Ready). O formulário entra no elemento da página indicado abaixo e cada contacto enviado faz dataLayer.push({ event: "zappy_lead_sent" }), sem dados pessoais.',
};

const DELIVERY_LABELS: Record<Delivery, string> = {
  relay: 'Através do seu relay (recomendado)',
  direct: 'Diretamente para o Zappy',
};

const RUNTIME_LABELS: Record<RelayRuntime, string> = {
  workers: 'Cloudflare Workers',
  node: 'Node.js (servidor próprio, com nginx)',
};

/** Each block of the relay's configuration: its label, and its copy button's text (distinct, for screen readers). */
const RELAY_BLOCKS: Record<RelayBlock['name'], { label: string; copy: string }> = {
  wrangler: { label: 'wrangler.toml', copy: 'Copiar o wrangler.toml' },
  'worker-commands': { label: 'Comandos (Cloudflare Workers)', copy: 'Copiar os comandos' },
  'node-env': { label: NODE_ENV_FILE, copy: 'Copiar o ficheiro de ambiente' },
  'node-commands': { label: 'Comandos (Node.js)', copy: 'Copiar os comandos' },
  nginx: { label: 'nginx', copy: 'Copiar a configuração do nginx' },
};

/** What to say about a site address that cannot be used (an empty one is said in the code panel instead). */
const SITE_ERRORS: Record<Exclude<SiteProblem, typeof SiteProblem.Missing>, string> = {
  'site-invalid': 'Este endereço não é o de um site: escreva-o como https://www.salao.pt (sem porta nem endereço IP).',
  'site-insecure': 'O endereço tem de começar por https://: os contactos levam dados pessoais e não devem viajar sem cifra.',
};

const PATH_ERRORS: Record<PathProblem, string> = {
  'path-invalid': 'Este caminho não é válido: use letras, algarismos, - e _ entre barras, como /api/leads.',
  'path-not-leads': 'O caminho tem de acabar em /leads: é nesse endereço que o relay recebe os contactos.',
  'path-at-root': 'Ponha o relay numa pasta, como /api/leads: tudo o que estiver na pasta vai para o relay, e a raiz é o site inteiro.',
};

type TextKey = {
  [K in keyof BuilderConfig]: BuilderConfig[K] extends string ? (K extends 'lang' | 'delivery' ? never : K) : never;
}[keyof BuilderConfig];

/** Which copy button spoke last, and what it said. */
interface CopyStatus {
  /** `snippet`, or the name of a relay block. */
  block: string;
  text: string;
}

let instances = 0;

const valueOf = (event: Event) => (event.currentTarget as HTMLInputElement).value;
const checkedOf = (event: Event) => (event.currentTarget as HTMLInputElement).checked;

/**
 * The snippet builder mounted in a container: options, live preview and
 * snippet. Made by {@link mountBuilder}; the page's state lives here and every
 * change re-renders synchronously.
 */
export class SnippetBuilder {
  /** The live `<zappy-lead-form>` (replaced by a fresh one after a lead is sent and the options change). */
  preview: ZappyLeadForm;

  private config: BuilderConfig;
  /** All field groups in the order the list shows them; the shown ones are the ticked ones. */
  private order: FieldName[];
  private flavour: SnippetFlavour = SnippetFlavour.Html;
  private runtime: RelayRuntime = RelayRuntime.Workers;
  private copyStatus: CopyStatus | undefined;
  private previewSent = false;
  private focusAfterRender: string | undefined;
  private readonly id = `zb${++instances}`;
  private readonly container: HTMLElement;
  private readonly countryNames = new Intl.DisplayNames(['pt-PT'], { type: 'region' });

  /** Builds the page in `container` (its content is replaced), starting from `initial` over the defaults. */
  constructor(container: HTMLElement, initial: Partial<BuilderConfig> = {}) {
    this.container = container;
    this.config = { ...defaultConfig(), ...initial };
    const shown = shownFields(this.config);
    this.order = [...shown, ...FIELD_NAMES.filter((field) => !shown.includes(field))];
    this.preview = document.createElement('zappy-lead-form');
    container.addEventListener('zappy-lead-sent', this.handlePreviewSent);
    this.update();
  }

  /** The configuration as it stands (a copy). */
  get currentConfig(): BuilderConfig {
    return structuredClone(this.config);
  }

  /** The snippet shown, for the chosen flavour. */
  get snippet(): string {
    return buildSnippet(this.config, this.flavour);
  }

  /** The relay's configuration shown, for the chosen runtime: none directly, or until the site address and path are valid. */
  get relayBlocks(): RelayBlock[] {
    const site = this.relaySite;
    return site ? relaySetup(site, this.runtime) : [];
  }

  private get relaySite(): RelaySite | undefined {
    return this.config.delivery === Delivery.Relay ? relaySite(this.config) : undefined;
  }

  /** Empties the container and stops listening. */
  destroy(): void {
    this.container.removeEventListener('zappy-lead-sent', this.handlePreviewSent);
    render(nothing, this.container);
  }

  // --- state changes ---

  private set(patch: Partial<BuilderConfig>): void {
    this.config = { ...this.config, ...patch };
    if (this.previewSent) this.replacePreview();
    this.copyStatus = undefined;
    this.update();
  }

  private setChoice(key: 'source' | 'segment', patch: Partial<ChoiceSetting>): void {
    this.set({ [key]: { ...this.config[key], ...patch } });
  }

  private setTheme(patch: Partial<Theme>): void {
    this.set({ theme: { ...this.config.theme, ...patch } });
  }

  private setFields(order: FieldName[], shown: ReadonlySet<FieldName>): void {
    this.order = order;
    this.set({ fields: order.filter((field) => shown.has(field)) });
  }

  private replacePreview(): void {
    this.preview = document.createElement('zappy-lead-form');
    this.previewSent = false;
  }

  private update(): void {
    this.syncPreview();
    render(this.renderBuilder(), this.container);
    const target = this.focusAfterRender;
    this.focusAfterRender = undefined;
    if (target) this.container.querySelector<HTMLElement>(target)?.focus();
  }

  /**
   * The preview gets the snippet's attributes (pointed at the stand-in) and
   * the theme through `style.setProperty`: CSSOM, which a strict CSP allows,
   * unlike a `style` attribute in markup.
   */
  private syncPreview(): void {
    const el = this.preview;
    const attributes = new Map<string, string>(previewAttributes(this.config));
    for (const name of ATTRIBUTE_NAMES) {
      const value = attributes.get(name);
      if (value === undefined) el.removeAttribute(name);
      else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    }
    const declarations = new Map(themeDeclarations(this.config.theme));
    for (const property of Object.values(THEME_PROPERTIES)) {
      const value = declarations.get(property);
      if (value === undefined) el.style.removeProperty(property);
      else el.style.setProperty(property, value);
    }
    if (el.getAttribute('style') === '') el.removeAttribute('style');
  }

  // --- handlers ---

  private readonly handlePreviewSent = (event: Event): void => {
    if (event.target === this.preview) this.previewSent = true;
  };

  private handleFieldToggle(field: FieldName, checked: boolean): void {
    const shown = new Set(shownFields(this.config));
    if (checked) shown.add(field);
    else shown.delete(field);
    this.setFields(this.order, shown);
  }

  private handleMove(field: FieldName, step: -1 | 1): void {
    const order = [...this.order];
    const from = order.indexOf(field);
    const to = from + step;
    if (to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, field);
    // Keep the keyboard where it was: on this field's button, or on its other
    // one when the field reached the end of the list and this one is disabled.
    const atEnd = step === -1 ? to === 0 : to === order.length - 1;
    const [same, other] = step === -1 ? ['up', 'down'] : ['down', 'up'];
    this.focusAfterRender = `[data-move="${atEnd ? other : same}"][data-field="${field}"]`;
    this.setFields(order, new Set(shownFields(this.config)));
  }

  private handleRequiredToggle(name: RequirableName, checked: boolean): void {
    const required = this.config.required.filter((other) => other !== name);
    if (checked) required.push(name);
    this.set({ required });
  }

  private handleFlavour(flavour: SnippetFlavour): void {
    this.flavour = flavour;
    this.copyStatus = undefined;
    this.update();
  }

  private handleRuntime(runtime: RelayRuntime): void {
    this.runtime = runtime;
    this.copyStatus = undefined;
    this.update();
  }

  private handleResetPreview(): void {
    this.replacePreview();
    this.update();
  }

  /** Copies the text of the code block named `block` (its textarea's `name`). */
  private async handleCopy(block: string, text: string): Promise<void> {
    let status: string;
    try {
      // Absent outside secure contexts (the demo opened by IP address), and
      // refused without permission in some browsers: both fall through.
      await navigator.clipboard.writeText(text);
      status = 'Copiado';
    } catch {
      const area = this.container.querySelector<HTMLTextAreaElement>(`textarea[name="${block}"]`);
      area?.focus();
      area?.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      status = copied ? 'Copiado' : 'Código selecionado: prima Ctrl+C (⌘C no Mac) para o copiar.';
    }
    this.copyStatus = { block, text: status };
    this.update();
  }

  // --- rendering ---

  private renderBuilder(): TemplateResult {
    return html`
      <div class="builder">
        <div class="columns">
          <form class="options" aria-labelledby="${this.id}-options-title" @submit=${(event: Event) => event.preventDefault()}>
            <h2 id="${this.id}-options-title">Opções</h2>
            ${this.renderFields()} ${this.renderRequired()} ${this.renderLanguage()} ${this.renderDelivery()}
            ${this.renderPresets()} ${this.renderChoice('source')} ${this.renderChoice('segment')} ${this.renderTexts()}
            ${this.renderTheme()}
          </form>
          <div class="output">${this.renderPreview()} ${this.renderSnippet()}</div>
        </div>
        ${this.config.delivery === Delivery.Relay ? this.renderRelay() : nothing}
      </div>
    `;
  }

  private renderFields(): TemplateResult {
    const shown = new Set(shownFields(this.config));
    const last = this.order.length - 1;
    return html`
      <fieldset>
        <legend>Campos do formulário</legend>
        <p class="hint">Aparecem por esta ordem; mude-a com as setas. O nome vai sempre, porque o Zappy precisa dele.</p>
        <ol class="field-list">
          ${this.order.map((field, index) => {
            const id = `${this.id}-field-${field}`;
            const label = FIELD_LABELS[field];
            return html`
              <li>
                <span class="check">
                  <input
                    type="checkbox"
                    id=${id}
                    name="field"
                    value=${field}
                    .checked=${shown.has(field)}
                    ?disabled=${field === 'name'}
                    @change=${(event: Event) => this.handleFieldToggle(field, checkedOf(event))}
                  />
                  <label for=${id}>${label}</label>
                </span>
                <span class="move">
                  <button type="button" data-move="up" data-field=${field} aria-label="Subir: ${label}" ?disabled=${index === 0} @click=${() => this.handleMove(field, -1)}>↑</button>
                  <button type="button" data-move="down" data-field=${field} aria-label="Descer: ${label}" ?disabled=${index === last} @click=${() => this.handleMove(field, 1)}>↓</button>
                </span>
              </li>
            `;
          })}
        </ol>
      </fieldset>
    `;
  }

  private renderRequired(): TemplateResult {
    const names = requirableNames(this.config);
    const shown = shownFields(this.config);
    const eitherContact =
      shown.includes('email') && shown.includes('mobile') && !this.config.required.includes('email') && !this.config.required.includes('mobile');
    return html`
      <fieldset>
        <legend>Campos obrigatórios</legend>
        <p class="hint">
          O nome é sempre obrigatório.${eitherContact ? ' Sem email nem telemóvel obrigatórios, o formulário pede um dos dois.' : ''}
        </p>
        <div class="checks">
          ${names.map((name) => {
            const id = `${this.id}-required-${name}`;
            const label = name in EXTRA_LABELS ? EXTRA_LABELS[name as keyof typeof EXTRA_LABELS] : FIELD_LABELS[name as FieldName];
            return html`
              <span class="check">
                <input
                  type="checkbox"
                  id=${id}
                  name="required"
                  value=${name}
                  .checked=${this.config.required.includes(name)}
                  @change=${(event: Event) => this.handleRequiredToggle(name, checkedOf(event))}
                />
                <label for=${id}>${label}</label>
              </span>
            `;
          })}
        </div>
      </fieldset>
    `;
  }

  private renderLanguage(): TemplateResult {
    const country = cleanText(this.config.defaultCountry).toUpperCase();
    const countries = [
      'PT',
      ...COUNTRY_CODES.filter((code) => code !== 'PT').sort((a, b) => this.countryName(a).localeCompare(this.countryName(b), 'pt')),
    ];
    return html`
      <fieldset>
        <legend>Idioma e país</legend>
        <div class="control">
          <label for="${this.id}-lang">Idioma do formulário</label>
          <select id="${this.id}-lang" name="lang" @input=${(event: Event) => this.set({ lang: valueOf(event) as '' | Language })}>
            ${LANGUAGES.map(([value, label]) => html`<option value=${value} ?selected=${this.config.lang === value}>${label}</option>`)}
          </select>
        </div>
        <div class="control">
          <label for="${this.id}-country">País dos números de telemóvel</label>
          <p class="hint" id="${this.id}-country-hint">Para números escritos sem indicativo, e para as regras do código postal.</p>
          <select
            id="${this.id}-country"
            name="default-country"
            aria-describedby="${this.id}-country-hint"
            @input=${(event: Event) => this.set({ defaultCountry: valueOf(event) })}
          >
            ${countries.map((code) => html`<option value=${code} ?selected=${country === code}>${this.countryName(code)}</option>`)}
          </select>
        </div>
      </fieldset>
    `;
  }

  private countryName(code: string): string {
    return this.countryNames.of(code) ?? code;
  }

  private renderDelivery(): TemplateResult {
    const relay = this.config.delivery === Delivery.Relay;
    return html`
      <fieldset>
        <legend>Envio dos contactos</legend>
        <div class="stack">
          ${this.renderRadios('delivery', DELIVERY_LABELS, this.config.delivery, (delivery) => this.set({ delivery }))}
        </div>
        ${relay ? this.renderRelayOptions() : this.renderDirectOptions()}
      </fieldset>
    `;
  }

  // The hash is not asked for here: it is typed on the relay's server only.
  private renderRelayOptions(): TemplateResult {
    const site = parseSiteAddress(this.config.siteUrl);
    const path = parseRelayPath(this.config.relayPath);
    const derived = relaySite(this.config);
    const folder = path.ok ? path.folder : '/api/';
    return html`
      <p class="hint">
        O relay é um pequeno serviço no domínio do seu site (Cloudflare Workers ou Node.js): recebe os contactos, junta a chave da conta e
        envia-os ao Zappy. A chave nunca aparece na página, nem é pedida aqui.
      </p>
      ${this.renderText('siteUrl', 'Endereço do site', {
        type: 'url',
        placeholder: 'https://www.salao.pt',
        hint: derived
          ? `Páginas que podem enviar contactos: ${derived.allowedOrigins.join(' e ')}.`
          : 'Por exemplo https://www.salao.pt. Só as páginas deste site (com e sem www) podem enviar contactos pelo relay.',
        error: site.ok || site.problem === SiteProblem.Missing ? undefined : SITE_ERRORS[site.problem],
      })}
      ${this.renderText('relayPath', 'Caminho do relay', {
        placeholder: DEFAULT_RELAY_PATH,
        hint: `Onde o relay responde no site; acaba em /leads. Tudo o que estiver em ${folder} vai para o relay: escolha uma pasta que o site ainda não use.`,
        error: path.ok ? undefined : PATH_ERRORS[path.problem],
      })}
    `;
  }

  private renderDirectOptions(): TemplateResult {
    return html`
      <p class="warning">
        A chave da conta fica visível no código da página: qualquer pessoa a pode copiar e enviar contactos em nome do seu negócio. E só
        funciona se a API do Zappy aceitar pedidos feitos pelo navegador (CORS), o que nada do que o Zappy publica garante.
      </p>
      ${this.renderText('accountHash', 'Chave da conta (account hash)', {
        hint: 'A chave privada que o suporte do Zappy ativa para a sua conta. Fica visível no código da página.',
      })}
      <details ?open=${Boolean(this.config.endpoint)}>
        <summary>Avançado</summary>
        ${this.renderText('endpoint', 'Endereço de envio (endpoint)', {
          type: 'url',
          placeholder: 'https://api.zappysoftware.com/4/clientes/createLead',
          hint: 'Só se os contactos passarem por um servidor seu, que junta a chave e os reencaminha para o Zappy.',
        })}
      </details>
    `;
  }

  private renderPresets(): TemplateResult {
    return html`
      <fieldset>
        <legend>Formulário e campanha</legend>
        ${this.renderText('formId', 'N.º do formulário (form_id)', { hint: 'Enviado com cada contacto; não aparece ao visitante.' })}
        ${this.renderText('campaignName', 'Nome da campanha', { hint: 'Enviado com cada contacto; não aparece ao visitante.' })}
      </fieldset>
    `;
  }

  private renderChoice(key: 'source' | 'segment'): TemplateResult {
    const setting = this.config[key];
    const legend = key === 'source' ? 'Origem do contacto' : 'Segmento';
    const modes: [ChoiceMode, string][] = [
      [ChoiceMode.None, 'Nenhum'],
      [ChoiceMode.Fixed, 'Fixo (não aparece ao visitante)'],
      [ChoiceMode.List, key === 'source' ? 'O visitante escolhe («Como nos conheceu?»)' : 'O visitante escolhe de uma lista'],
    ];
    const hintId = `${this.id}-${key}-hint`;
    return html`
      <fieldset>
        <legend>${legend}</legend>
        <p class="hint" id=${hintId}>
          ${key === 'source'
            ? 'Cada valor tem de ser igual, letra a letra, a uma origem configurada no Zappy.'
            : 'Cada valor tem de ser igual, letra a letra, a um segmento configurado no Zappy.'}
        </p>
        <div class="checks">
          ${modes.map(
            ([mode, label]) => html`
              <span class="check">
                <input
                  type="radio"
                  id="${this.id}-${key}-${mode}"
                  name="${this.id}-${key}-mode"
                  value=${mode}
                  .checked=${setting.mode === mode}
                  @change=${() => this.setChoice(key, { mode })}
                />
                <label for="${this.id}-${key}-${mode}">${label}</label>
              </span>
            `,
          )}
        </div>
        ${setting.mode === ChoiceMode.Fixed
          ? html`
              <div class="control">
                <label for="${this.id}-${key}-value">${key === 'source' ? 'Origem' : 'Segmento'}</label>
                <input
                  id="${this.id}-${key}-value"
                  name=${key}
                  autocomplete="off"
                  aria-describedby=${hintId}
                  .value=${setting.value}
                  @input=${(event: Event) => this.setChoice(key, { value: valueOf(event) })}
                />
              </div>
            `
          : nothing}
        ${setting.mode === ChoiceMode.List
          ? html`
              <div class="control">
                <label for="${this.id}-${key}-options">Opções, uma por linha</label>
                <textarea
                  id="${this.id}-${key}-options"
                  name="${key}s"
                  rows="4"
                  aria-describedby=${hintId}
                  .value=${setting.options}
                  @input=${(event: Event) => this.setChoice(key, { options: valueOf(event) })}
                ></textarea>
              </div>
            `
          : nothing}
      </fieldset>
    `;
  }

  private renderTexts(): TemplateResult {
    const shown = shownFields(this.config);
    const custom = (n: 1 | 2) =>
      shown.includes(n === 1 ? 'custom_1' : 'custom_2')
        ? html`
            ${this.renderText(n === 1 ? 'custom1Label' : 'custom2Label', `Nome do campo personalizado ${n}`, {
              placeholder: `Campo personalizado ${n}`,
            })}
            ${this.renderText(n === 1 ? 'custom1Placeholder' : 'custom2Placeholder', `Exemplo dentro do campo personalizado ${n}`, {})}
          `
        : nothing;
    return html`
      <fieldset>
        <legend>Textos</legend>
        ${custom(1)} ${custom(2)} ${this.renderText('submitLabel', 'Texto do botão', { placeholder: 'Enviar' })}
        ${this.renderText('successMessage', 'Mensagem depois do envio', {
          placeholder: 'Obrigado! Recebemos o seu contacto e falaremos consigo em breve.',
        })}
        ${this.renderText('successUrl', 'Ou abrir esta página depois do envio', {
          type: 'url',
          placeholder: 'https://',
          hint: 'Na pré-visualização mostra-se a mensagem, para não sair desta página.',
        })}
        ${this.renderText('consentText', 'Texto do consentimento (RGPD)', {
          hint: 'Mostra uma caixa de consentimento obrigatória.',
        })}
        ${this.renderText('privacyUrl', 'Página da política de privacidade', {
          type: 'url',
          placeholder: 'https://',
          hint: 'Ligada ao lado da caixa de consentimento (que também passa a aparecer).',
        })}
      </fieldset>
    `;
  }

  /** One radio button per value of `labels`, in a group named `group`; `choose` is told the value picked. */
  private renderRadios<Value extends string>(group: string, labels: Readonly<Record<Value, string>>, checked: Value, choose: (value: Value) => void) {
    return (Object.keys(labels) as Value[]).map(
      (value) => html`
        <span class="check">
          <input
            type="radio"
            id="${this.id}-${group}-${value}"
            name="${this.id}-${group}"
            value=${value}
            .checked=${checked === value}
            @change=${() => choose(value)}
          />
          <label for="${this.id}-${group}-${value}">${labels[value]}</label>
        </span>
      `,
    );
  }

  private renderText(key: TextKey, label: string, options: { hint?: string; type?: 'text' | 'url'; placeholder?: string; error?: string }): TemplateResult {
    const id = `${this.id}-${key}`;
    const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`
      <div class="control">
        <label for=${id}>${label}</label>
        ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : nothing}
        ${options.error ? html`<p class="error" id="${id}-error">${options.error}</p>` : nothing}
        <input
          id=${id}
          name=${key}
          type=${options.type ?? 'text'}
          autocomplete="off"
          spellcheck="false"
          placeholder=${options.placeholder ?? nothing}
          aria-describedby=${described || nothing}
          aria-invalid=${options.error ? 'true' : 'false'}
          .value=${this.config[key]}
          @input=${(event: Event) => this.set({ [key]: valueOf(event) })}
        />
      </div>
    `;
  }

  private renderTheme(): TemplateResult {
    const theme = this.config.theme;
    const colours = ['accent', 'text', 'background', 'border', 'error'] as const;
    return html`
      <fieldset>
        <legend>Cores e cantos</legend>
        <div class="colours">
          ${colours.map(
            (key) => html`
              <div class="colour">
                <input
                  type="color"
                  id="${this.id}-theme-${key}"
                  name="theme-${key}"
                  .value=${theme[key]}
                  @input=${(event: Event) => this.setTheme({ [key]: valueOf(event) })}
                />
                <label for="${this.id}-theme-${key}">${THEME_LABELS[key]}</label>
              </div>
            `,
          )}
        </div>
        <div class="control">
          <label for="${this.id}-theme-radius">${THEME_LABELS.radius}</label>
          <input
            type="number"
            id="${this.id}-theme-radius"
            name="theme-radius"
            min="0"
            max="40"
            step="1"
            inputmode="numeric"
            .value=${Number.isNaN(theme.radius) ? '' : String(theme.radius)}
            @input=${(event: Event) => this.setTheme({ radius: (event.currentTarget as HTMLInputElement).valueAsNumber })}
          />
        </div>
        <button type="button" class="secondary" @click=${() => this.setTheme({ ...DEFAULT_THEME })}>Repor as cores e cantos originais</button>
      </fieldset>
    `;
  }

  private renderPreview(): TemplateResult {
    const relay = this.config.delivery === Delivery.Relay;
    const own = !relay && Boolean(cleanText(this.config.endpoint));
    const account = (!relay && cleanText(this.config.accountHash)) || PREVIEW_ACCOUNT;
    return html`
      <section class="panel" aria-labelledby="${this.id}-preview-title">
        <h2 id="${this.id}-preview-title">Pré-visualização</h2>
        <p class="hint">
          ${own
            ? 'Um formulário a sério: os contactos enviados aqui vão para o endereço de envio que indicou.'
            : html`Um formulário a sério: os contactos enviados aqui vão para o simulador local do Zappy
                (<code>${PREVIEW_ENDPOINT}</code>, conta <code>${account}</code>) e aparecem no relatório
                <a href="./report.html">Respostas a Formulários</a>.${relay
                  ? ' Não vão para o seu relay, que só aceita contactos das páginas do seu site.'
                  : ''}`}
        </p>
        <div class="preview">${this.preview}</div>
        <button type="button" class="secondary" @click=${() => this.handleResetPreview()}>Recomeçar a pré-visualização</button>
      </section>
    `;
  }

  private renderSnippet(): TemplateResult {
    const config = this.config;
    const gtm = this.flavour === SnippetFlavour.Gtm;
    const themed = themeDeclarations(config.theme).length > 0;
    return html`
      <section class="panel" aria-labelledby="${this.id}-snippet-title">
        <h2 id="${this.id}-snippet-title">Código para o seu site</h2>
        <fieldset class="flavours">
          <legend>Onde vai colar o código</legend>
          ${this.renderRadios('flavour', FLAVOUR_LABELS, this.flavour, (flavour) => this.handleFlavour(flavour))}
        </fieldset>
        <p class="hint">${FLAVOUR_NOTES[this.flavour]}</p>
        ${gtm
          ? this.renderText('container', 'Seletor CSS do elemento onde o formulário entra', {
              hint: 'Por exemplo #contactos (o elemento com id="contactos").',
              error: this.selectorError(),
            })
          : nothing}
        ${this.renderDestination()}
        ${themed
          ? html`<p class="hint">
              As cores vão num bloco <code>&lt;style&gt;</code>. Se o site tiver uma Content-Security-Policy estrita, passe essas regras para
              o ficheiro CSS do site.
            </p>`
          : nothing}
        ${this.renderCode('snippet', `Código (${FLAVOUR_LABELS[this.flavour]})`, this.snippet, 'Copiar', 16)}
      </section>
    `;
  }

  /** Where the snippet sends leads, or what it lacks to send them anywhere. */
  private renderDestination(): TemplateResult | typeof nothing {
    const config = this.config;
    if (config.delivery === Delivery.Direct) {
      return cleanText(config.accountHash)
        ? nothing
        : html`<p class="warning">
            Falta a chave da conta: sem ela o Zappy recusa os contactos. Peça-a ao suporte do Zappy e escreva-a em «Envio dos
            contactos».
          </p>`;
    }
    const site = this.relaySite;
    if (site) {
      return html`<p class="hint">
        O formulário envia para o seu relay, em <code>${site.endpoint}</code>, e o código não leva a chave da conta.
        <a href="#${this.id}-relay-title">Configuração do relay</a>.
      </p>`;
    }
    const problem = parseSiteAddress(config.siteUrl);
    const what = problem.ok
      ? 'O caminho do relay não é válido'
      : problem.problem === SiteProblem.Missing
        ? 'Falta o endereço do site'
        : 'O endereço do site não é válido';
    return html`<p class="warning">${what}: o formulário não saberia onde está o seu relay. Veja em «Envio dos contactos».</p>`;
  }

  /** A read-only code block with its label, its copy button and the button's live status. */
  private renderCode(block: string, label: string, text: string, copy: string, rows: number): TemplateResult {
    const id = `${this.id}-code-${block}`;
    return html`
      <div class="code-block">
        <label for=${id}>${label}</label>
        <textarea id=${id} class="code" name=${block} readonly rows=${rows} spellcheck="false" .value=${text}></textarea>
        <div class="copy">
          <button type="button" @click=${() => void this.handleCopy(block, text)}>${copy}</button>
          <p class="status" role="status">${this.copyStatus?.block === block ? this.copyStatus.text : ''}</p>
        </div>
      </div>
    `;
  }

  private renderRelay(): TemplateResult {
    const site = this.relaySite;
    return html`
      <section class="panel relay" aria-labelledby="${this.id}-relay-title">
        <h2 id="${this.id}-relay-title">Configuração do relay</h2>
        ${site
          ? html`
              <p class="hint">
                O formulário envia os contactos para <code>${site.endpoint}</code>. O relay junta-lhes a chave da conta e reencaminha-os para o
                Zappy; só aceita páginas de ${site.allowedOrigins.map((origin, i) => html`${i > 0 ? ' e ' : ''}<code>${origin}</code>`)}. A
                chave é escrita só no servidor do relay, nunca num destes ficheiros.
              </p>
              <fieldset>
                <legend>Onde vai correr o relay</legend>
                <div class="checks">
                  ${this.renderRadios('runtime', RUNTIME_LABELS, this.runtime, (runtime) => this.handleRuntime(runtime))}
                </div>
              </fieldset>
              <p class="hint">${this.runtimeNote(site)}</p>
              <div class="code-blocks">
                ${this.relayBlocks.map(({ name, text }) =>
                  this.renderCode(name, RELAY_BLOCKS[name].label, text, RELAY_BLOCKS[name].copy, Math.min(text.split('\n').length, 20)),
                )}
              </div>
            `
          : html`<p class="warning">
              A configuração do relay sai do endereço do site e do caminho do relay: escreva-os em «Envio dos contactos».
            </p>`}
      </section>
    `;
  }

  private runtimeNote(site: RelaySite): string {
    return this.runtime === RelayRuntime.Workers
      ? `Para a rota funcionar, o domínio ${site.zone} tem de estar na Cloudflare, com o DNS de ${site.host} em proxy (a nuvem laranja). ` +
          `Se a zona tiver outro nome na Cloudflare, corrija zone_name.`
      : `Num servidor com Node.js 20.11 ou mais recente, atrás do servidor web do site: ${site.origin}${site.folder} passa para ` +
          `http://127.0.0.1:${RELAY_PORT}/. Com outro servidor web, faça o mesmo com um proxy reverso.`;
  }

  private selectorError(): string | undefined {
    const selector = cleanText(this.config.container);
    if (!selector) return undefined;
    try {
      document.createDocumentFragment().querySelector(selector);
      return undefined;
    } catch {
      return 'Este seletor CSS não é válido: o formulário não apareceria.';
    }
  }
}

/**
 * Mounts the snippet builder in `container` and returns it.
 *
 * @example
 * const builder = mountBuilder(document.querySelector('#zappy-builder')!);
 * builder.preview; // the live <zappy-lead-form>
 */
export function mountBuilder(container: HTMLElement, initial: Partial<BuilderConfig> = {}): SnippetBuilder {
  return new SnippetBuilder(container, initial);
}

// demo/builder.html has this container; a test page that imports the module does not.
const pageContainer = document.querySelector<HTMLElement>('#zappy-builder');
if (pageContainer) mountBuilder(pageContainer);
