import { expect, fixture, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import fc from 'fast-check';
import sinon from 'sinon';
import {
  type BuilderConfig,
  ChoiceMode,
  DEFAULT_THEME,
  Delivery,
  PathProblem,
  type RelaySite,
  SCRIPT_URL,
  SiteProblem,
  WORDPRESS_NOTE,
  buildSnippet,
  choiceListValue,
  cleanText,
  configToAttributes,
  defaultConfig,
  escapeHtml,
  nginxLocation,
  nodeCommands,
  nodeEnvFile,
  parseRelayPath,
  parseSiteAddress,
  previewAttributes,
  registrableDomain,
  relaySetup,
  relaySite,
  themeDeclarations,
  workerCommands,
  wranglerToml,
} from '../demo/builder-snippet.js';
import { type SnippetBuilder, mountBuilder } from '../demo/builder.js';
import { parseChoiceList } from '../src/form/config.js';
import { relayOptionsFromEnv } from '../src/relay/config.js';
import { parseAllowedOrigins } from '../src/relay/origins.js';
import type { ZappyLeadForm } from '../src/zappy-lead-form.js';
import { controlNames, rootOf, squash } from './support/lead-form.js';

const config = (patch: Partial<BuilderConfig> = {}): BuilderConfig => ({ ...defaultConfig(), ...patch });

const SCRIPT_TAG = `<script src="${SCRIPT_URL}" defer></script>`;

/** The snippet parsed as a browser would parse it. */
const parse = (snippet: string) => new DOMParser().parseFromString(snippet, 'text/html');

/** The attributes of the snippet's `<zappy-lead-form>`, as the browser reads them. */
function parsedAttributes(snippet: string): [string, string][] {
  const el = parse(snippet).querySelector('zappy-lead-form');
  if (!el) throw new Error('no <zappy-lead-form> in the snippet');
  return [...el.attributes].map((attribute) => [attribute.name, attribute.value]);
}

/** The visible labels and legends of a rendered form, in order (the spam trap left out). */
function labelTexts(el: ZappyLeadForm): string[] {
  return [...rootOf(el).querySelectorAll('form label, form legend')]
    .filter((label) => !label.closest('[aria-hidden="true"]'))
    .map((label) => squash(label.textContent));
}

type WindowWithDataLayer = Window & { dataLayer?: unknown[] };

describe('snippet builder: buildSnippet and configToAttributes', () => {
  it('gives a bare element for the defaults, in every flavour', () => {
    expect(configToAttributes(defaultConfig())).to.deep.equal([]);
    expect(buildSnippet(defaultConfig(), 'html')).to.equal(`${SCRIPT_TAG}\n\n<zappy-lead-form></zappy-lead-form>\n`);
    expect(buildSnippet(defaultConfig(), 'wordpress')).to.equal(`${WORDPRESS_NOTE}\n${SCRIPT_TAG}\n\n<zappy-lead-form></zappy-lead-form>\n`);
    expect(buildSnippet(defaultConfig(), 'gtm')).not.to.contain('setAttribute');
  });

  it('writes the HTML snippet: deferred script, one attribute per line', () => {
    const snippet = buildSnippet(
      config({ delivery: Delivery.Direct, accountHash: 'abc123', formId: ' 28842 ', campaignName: 'Regresso ao Verão', source: { mode: ChoiceMode.Fixed, value: 'Website / Loja online', options: '' } }),
      'html',
    );
    expect(snippet).to.equal(
      [
        SCRIPT_TAG,
        '',
        '<zappy-lead-form',
        '  account-hash="abc123"',
        '  form-id="28842"',
        '  campaign-name="Regresso ao Verão"',
        '  source="Website / Loja online"',
        '></zappy-lead-form>',
        '',
      ].join('\n'),
    );
  });

  it('gives WordPress the HTML snippet under a note on the Custom HTML block', () => {
    const chosen = config({ formId: '7', lang: 'en' });
    const snippet = buildSnippet(chosen, 'wordpress');
    expect(snippet.startsWith(`${WORDPRESS_NOTE}\n`)).to.equal(true);
    expect(snippet.slice(WORDPRESS_NOTE.length + 1)).to.equal(buildSnippet(chosen, 'html'));
    expect(WORDPRESS_NOTE).to.contain('HTML personalizado');
  });

  it('writes a GTM tag that injects the script, inserts the element into the chosen container and pushes to dataLayer', () => {
    const snippet = buildSnippet(config({ formId: '28842', container: '#contactos' }), 'gtm');
    expect(snippet).to.contain("document.createElement('script')");
    expect(snippet).to.contain(`var src = "${SCRIPT_URL}";`);
    expect(snippet).to.contain('document.querySelector("#contactos")');
    expect(snippet).to.contain("document.createElement('zappy-lead-form')");
    expect(snippet).to.contain('form.setAttribute("form-id", "28842");');
    expect(snippet).to.contain("addEventListener('zappy-lead-sent'");
    expect(snippet).to.contain("window.dataLayer.push({ event: 'zappy_lead_sent', formId: event.detail.lead.form_id });");
    // No markup of the element: GTM's sanitiser may drop unknown tags; the script creates it.
    expect(snippet).not.to.contain('<zappy-lead-form');
    expect(snippet).not.to.contain(`<script src=`);
    // ES5 only, as GTM's Custom HTML compiler requires.
    expect(snippet).not.to.match(/\b(let|const)\s|=>|`/);
    expect(parse(snippet).querySelectorAll('script')).to.have.length(1);
  });

  const cases: [string, Partial<BuilderConfig>, [string, string][]][] = [
    ['default fields are omitted', { fields: ['name', 'email', 'mobile'] }, []],
    ['fields in the order chosen', { fields: ['name', 'mobile', 'birthday'] }, [['fields', 'name mobile birthday']]],
    ['the default fields in another order', { fields: ['name', 'mobile', 'email'] }, [['fields', 'name mobile email']]],
    ['name put first when missing', { fields: ['vat', 'email'] }, [['fields', 'name vat email']]],
    ['required: only shown fields, never name', { fields: ['name', 'email', 'vat'], required: ['name', 'vat', 'mobile', 'cc'] }, [['fields', 'name email vat'], ['required', 'vat']]],
    ['required in form order', { fields: ['name', 'mobile', 'birthday'], required: ['birthday-year', 'mobile', 'birthday'] }, [['fields', 'name mobile birthday'], ['required', 'mobile birthday birthday-year']]],
    ['birthday-year only with birthday', { required: ['birthday-year', 'email'] }, [['required', 'email']]],
    ['source required only with a list', { required: ['source'], source: { mode: ChoiceMode.Fixed, value: 'Instagram', options: 'A\nB' } }, [['source', 'Instagram']]],
    ['a source list, one per line', { required: ['source'], source: { mode: ChoiceMode.List, value: 'ignored', options: ' Instagram \n\nGoogle\r\nInstagram\n' } }, [['sources', 'Instagram, Google'], ['required', 'source']]],
    ['a segment list with a comma becomes JSON', { segment: { mode: ChoiceMode.List, value: '', options: 'Amigos, família\nVIP' } }, [['segments', '["Amigos, família", "VIP"]']]],
    ['a fixed segment', { segment: { mode: ChoiceMode.Fixed, value: 'PARCERIAS', options: 'x' } }, [['segment', 'PARCERIAS']]],
    ['an empty list sends nothing', { source: { mode: ChoiceMode.List, value: '', options: ' \n ' } }, []],
    ['lang', { lang: 'es' }, [['lang', 'es']]],
    ['country PT is the default', { defaultCountry: 'pt' }, []],
    ['another country, upper-cased', { defaultCountry: 'gb' }, [['default-country', 'GB']]],
    ['custom labels only when the field is shown', { custom1Label: 'Serviço', custom2Label: 'Hora' }, []],
    [
      'custom labels and placeholders',
      { fields: ['name', 'custom_2', 'custom_1'], custom1Label: ' Serviço ', custom1Placeholder: 'Corte', custom2Label: 'Hora', custom2Placeholder: '' },
      [['fields', 'name custom_2 custom_1'], ['custom-1-label', 'Serviço'], ['custom-1-placeholder', 'Corte'], ['custom-2-label', 'Hora']],
    ],
    [
      'texts and links',
      { submitLabel: 'Quero', successMessage: 'Obrigado', successUrl: 'https://a.pt/ok', consentText: 'Aceito', privacyUrl: 'https://a.pt/p' },
      [['submit-label', 'Quero'], ['success-message', 'Obrigado'], ['success-url', 'https://a.pt/ok'], ['consent-text', 'Aceito'], ['privacy-url', 'https://a.pt/p']],
    ],
    ['blank texts are omitted', { submitLabel: '   ', formId: '\t', consentText: '\n' }, []],
    ['line breaks inside a text become spaces', { successMessage: 'Obrigado!\r\nAté já.' }, [['success-message', 'Obrigado! Até já.']]],
    ['directly, an endpoint of your own', { delivery: Delivery.Direct, endpoint: 'https://proxy.example/lead' }, [['endpoint', 'https://proxy.example/lead']]],
    ['directly, the hash as typed', { delivery: Delivery.Direct, accountHash: ' abc123 ' }, [['account-hash', 'abc123']]],
    ['through the relay, its address and no hash', { siteUrl: 'https://www.salao.pt', accountHash: 'abc123', endpoint: 'https://proxy.example/lead' }, [['endpoint', 'https://www.salao.pt/api/leads']]],
    ['through the relay, no endpoint until the site address is valid', { siteUrl: 'http://salao.pt', accountHash: 'abc123' }, []],
  ];
  for (const [title, patch, expected] of cases) {
    it(`attributes: ${title}`, () => {
      expect(configToAttributes(config(patch))).to.deep.equal(expected);
      // What the browser reads back from the snippet is the same.
      expect(parsedAttributes(buildSnippet(config(patch), 'html'))).to.deep.equal(expected);
    });
  }

  it('escapes quotes, <, > and & so a hostile label stays a label', () => {
    const hostile = '"><script>alert(1)</script> & \'x\'';
    const snippet = buildSnippet(config({ fields: ['name', 'custom_1'], custom1Label: hostile, submitLabel: '<b>Enviar</b>' }), 'html');
    expect(snippet).to.contain('custom-1-label="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;"');
    expect(snippet).to.contain('submit-label="&lt;b&gt;Enviar&lt;/b&gt;"');
    expect(snippet).not.to.contain('<script>alert');
    expect(snippet).not.to.contain('<b>');
    const doc = parse(snippet);
    expect(doc.querySelectorAll('script')).to.have.length(1);
    expect(doc.querySelector('zappy-lead-form')!.getAttribute('custom-1-label')).to.equal(hostile);
    expect(escapeHtml('a&b<c>d"e\'f')).to.equal('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  it('reads back every text exactly as typed (control characters aside), whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('submitLabel', 'custom1Label', 'formId', 'consentText', 'successUrl'), (value, key) => {
        const chosen = config({ fields: ['name', 'custom_1'], [key]: value });
        const attributes = parsedAttributes(buildSnippet(chosen, 'html'));
        const expected = cleanText(value);
        const found = attributes.find(([name]) => name !== 'fields');
        if (expected === '') expect(found).to.equal(undefined);
        else expect(found?.[1]).to.equal(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('writes choice lists that the element reads back as the same options', () => {
    const option = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map(cleanText).filter(Boolean);
    fc.assert(
      fc.property(fc.uniqueArray(option, { minLength: 1, maxLength: 6 }), (options) => {
        expect(parseChoiceList(choiceListValue(options))).to.deep.equal({ options, malformed: false });
      }),
      { numRuns: 300 },
    );
    expect(choiceListValue(['[VIP]', 'Outro'])).to.equal('["[VIP]", "Outro"]');
    expect(choiceListValue(['Instagram', 'Google'])).to.equal('Instagram, Google');
  });

  it('puts the theme in a <style> block, never a style attribute', () => {
    const theme = { ...DEFAULT_THEME, accent: '#7A1F5C', error: '#aa0000', radius: 12 };
    const snippet = buildSnippet(config({ theme }), 'html');
    expect(snippet).to.equal(
      [
        SCRIPT_TAG,
        '',
        '<style>',
        '  zappy-lead-form {',
        '    --zappy-accent: #7a1f5c;',
        '    --zappy-error: #aa0000;',
        '    --zappy-radius: 12px;',
        '  }',
        '</style>',
        '',
        '<zappy-lead-form></zappy-lead-form>',
        '',
      ].join('\n'),
    );
    for (const flavour of ['html', 'wordpress', 'gtm'] as const) {
      const themed = buildSnippet(config({ theme, formId: '1' }), flavour);
      expect(themed).not.to.match(/style\s*=/i);
      expect(themed).not.to.contain('.style');
      expect(parse(themed).querySelector('style')!.textContent).to.contain('--zappy-accent: #7a1f5c;');
    }
    expect(buildSnippet(config({ theme: { ...DEFAULT_THEME } }), 'html')).not.to.contain('<style>');
  });

  it('leaves out theme values that are not a colour or a radius, since they go into CSS as written', () => {
    const theme = { ...DEFAULT_THEME, accent: 'red; } body { display: none', text: '#12345</style><script>', border: '#ABCDEF', radius: Number.NaN };
    expect(themeDeclarations(theme)).to.deep.equal([['--zappy-border', '#abcdef']]);
    expect(themeDeclarations({ ...DEFAULT_THEME, radius: -1 })).to.deep.equal([]);
    expect(themeDeclarations({ ...DEFAULT_THEME, radius: 0 })).to.deep.equal([['--zappy-radius', '0px']]);
  });

  it('points the preview at the stand-in unless the business gave its own destination, and keeps it on the page', () => {
    expect(previewAttributes(config({ successUrl: 'https://a.pt/ok', formId: '1' }))).to.deep.equal([
      ['account-hash', 'demo-hash'],
      ['endpoint', '/4/clientes/createLead'],
      ['form-id', '1'],
    ]);
    expect(previewAttributes(config({ delivery: Delivery.Direct, accountHash: 'mine', endpoint: 'https://proxy.example/lead' }))).to.deep.equal([
      ['account-hash', 'mine'],
      ['endpoint', 'https://proxy.example/lead'],
    ]);
  });

  it('points the preview at the stand-in through the relay too: the relay refuses pages outside the site', () => {
    expect(previewAttributes(config({ siteUrl: 'https://www.salao.pt', accountHash: 'mine', endpoint: 'https://proxy.example/lead', formId: '1' }))).to.deep.equal([
      ['account-hash', 'demo-hash'],
      ['endpoint', '/4/clientes/createLead'],
      ['form-id', '1'],
    ]);
  });

  describe('the GTM tag, run', () => {
    afterEach(() => {
      delete (window as WindowWithDataLayer).dataLayer;
    });

    /** Runs the tag's script as GTM would: an inline script inserted into the page. */
    function runTag(snippet: string): void {
      const script = document.createElement('script');
      script.textContent = parse(snippet).querySelector('script')!.textContent;
      document.body.append(script);
      script.remove();
    }

    it('creates the element with the same attributes in the container, once, and pushes sent leads to dataLayer', async () => {
      const hostile = '"); alert(1); ("</script><script>alert(2)</script>{{Page URL}}';
      const chosen = config({
        accountHash: 'abc',
        formId: '28842',
        fields: ['name', 'email', 'custom_1'],
        custom1Label: hostile,
        source: { mode: ChoiceMode.List, value: '', options: 'Amigos, família\nGoogle' },
        container: '#gtm-target',
      });
      const snippet = buildSnippet(chosen, 'gtm');
      expect(snippet.match(/<\/script/g)).to.have.length(1);
      expect(snippet).not.to.contain('{{');
      const target = await fixture<HTMLDivElement>('<div id="gtm-target"></div>');
      runTag(snippet);
      runTag(snippet);
      const forms = target.querySelectorAll('zappy-lead-form');
      expect(forms).to.have.length(1);
      const form = forms[0]!;
      expect([...form.attributes].map((a) => [a.name, a.value])).to.deep.equal(configToAttributes(chosen));
      expect(form.getAttribute('custom-1-label')).to.equal(hostile);
      // The element is already registered here, so the tag loads no second copy.
      expect(document.querySelector(`script[src="${SCRIPT_URL}"]`)).to.equal(null);
      form.dispatchEvent(new CustomEvent('zappy-lead-sent', { detail: { lead: { form_id: '28842', client_name: 'Ana' }, status: 201 } }));
      expect((window as WindowWithDataLayer).dataLayer).to.deep.equal([{ event: 'zappy_lead_sent', formId: '28842' }]);
    });

    it('warns and adds nothing when no element matches the selector', () => {
      const warn = sinon.stub(console, 'warn');
      try {
        runTag(buildSnippet(config({ container: '#nowhere-to-be-found' }), 'gtm'));
        expect(warn.calledOnceWith('zappy-lead-form: no element matches #nowhere-to-be-found')).to.equal(true);
        expect(document.querySelector('#nowhere-to-be-found zappy-lead-form')).to.equal(null);
      } finally {
        warn.restore();
      }
    });
  });
});

describe('snippet builder: through the relay', () => {
  const SALAO = { siteUrl: 'https://www.salao.pt', relayPath: '/api/leads' };
  const salao = (): RelaySite => relaySite(SALAO)!;

  it('delivers through the relay by default, at /api/leads', () => {
    expect(defaultConfig().delivery).to.equal(Delivery.Relay);
    expect(defaultConfig().relayPath).to.equal('/api/leads');
  });

  const sites: [typed: string, expected: ReturnType<typeof parseSiteAddress>][] = [
    ['https://www.salao.pt', { ok: true, origin: 'https://www.salao.pt', host: 'www.salao.pt' }],
    ['  www.Salao.PT/contactos?x=1#fim ', { ok: true, origin: 'https://www.salao.pt', host: 'www.salao.pt' }],
    ['salao.com.pt/', { ok: true, origin: 'https://salao.com.pt', host: 'salao.com.pt' }],
    ['https://salão.pt', { ok: true, origin: 'https://xn--salo-ioa.pt', host: 'xn--salo-ioa.pt' }],
    ['', { ok: false, problem: SiteProblem.Missing }],
    [' \n ', { ok: false, problem: SiteProblem.Missing }],
    ['http://www.salao.pt', { ok: false, problem: SiteProblem.Insecure }],
    ['ftp://salao.pt', { ok: false, problem: SiteProblem.Invalid }],
    ['https://salao.pt:8443', { ok: false, problem: SiteProblem.Invalid }],
    ['https://ana:segredo@salao.pt', { ok: false, problem: SiteProblem.Invalid }],
    ['192.168.1.10', { ok: false, problem: SiteProblem.Invalid }],
    ['[::1]', { ok: false, problem: SiteProblem.Invalid }],
    ['localhost', { ok: false, problem: SiteProblem.Invalid }],
    ['salao', { ok: false, problem: SiteProblem.Invalid }],
    ['com.pt', { ok: false, problem: SiteProblem.Invalid }],
    ['www salao pt', { ok: false, problem: SiteProblem.Invalid }],
    ['mailto:ana@salao.pt', { ok: false, problem: SiteProblem.Invalid }],
  ];
  for (const [typed, expected] of sites) {
    it(`site address ${JSON.stringify(typed)}`, () => {
      expect(parseSiteAddress(typed)).to.deep.equal(expected);
    });
  }

  const paths: [typed: string, expected: ReturnType<typeof parseRelayPath>][] = [
    ['/api/leads', { ok: true, path: '/api/leads', folder: '/api/' }],
    ['', { ok: true, path: '/api/leads', folder: '/api/' }],
    ['api/zappy/leads/', { ok: true, path: '/api/zappy/leads', folder: '/api/zappy/' }],
    ['/leads', { ok: false, problem: PathProblem.AtRoot }],
    ['leads', { ok: false, problem: PathProblem.AtRoot }],
    ['/api/lead', { ok: false, problem: PathProblem.NotLeads }],
    ['/api/Leads', { ok: false, problem: PathProblem.NotLeads }],
    ['/api/leads/health', { ok: false, problem: PathProblem.NotLeads }],
    ['/', { ok: false, problem: PathProblem.Invalid }],
    ['/api//leads', { ok: false, problem: PathProblem.Invalid }],
    ['/../leads', { ok: false, problem: PathProblem.Invalid }],
    ['/api leads/leads', { ok: false, problem: PathProblem.Invalid }],
    ['/api/leads?x=1', { ok: false, problem: PathProblem.Invalid }],
    ['/"};alert(1)/leads', { ok: false, problem: PathProblem.Invalid }],
  ];
  for (const [typed, expected] of paths) {
    it(`relay path ${JSON.stringify(typed)}`, () => {
      expect(parseRelayPath(typed)).to.deep.equal(expected);
    });
  }

  it('derives the endpoint, the zone and the allowed origins: the www or bare twin only for those two', () => {
    expect(salao()).to.deep.equal({
      origin: 'https://www.salao.pt',
      host: 'www.salao.pt',
      zone: 'salao.pt',
      allowedOrigins: ['https://www.salao.pt', 'https://salao.pt'],
      path: '/api/leads',
      folder: '/api/',
      endpoint: 'https://www.salao.pt/api/leads',
    });
    const origins = (siteUrl: string) => relaySite({ siteUrl, relayPath: '/api/leads' })?.allowedOrigins;
    expect(origins('salao.pt')).to.deep.equal(['https://salao.pt', 'https://www.salao.pt']);
    expect(origins('www.salao.com.pt')).to.deep.equal(['https://www.salao.com.pt', 'https://salao.com.pt']);
    expect(origins('loja.salao.pt')).to.deep.equal(['https://loja.salao.pt']);
    expect(registrableDomain('loja.salao.pt')).to.equal('salao.pt');
    expect(registrableDomain('www.salao.com.pt')).to.equal('salao.com.pt');
    expect(relaySite({ siteUrl: 'https://www.salao.pt', relayPath: '/leads' })).to.equal(undefined);
    expect(relaySite({ siteUrl: '', relayPath: '/api/leads' })).to.equal(undefined);
  });

  it('writes the embed with the relay as endpoint and no account-hash, in every flavour, whatever hash was typed', () => {
    const chosen = config({ ...SALAO, accountHash: 'segredo-abc-123', endpoint: 'https://proxy.example/lead', formId: '28842' });
    for (const flavour of ['html', 'wordpress'] as const) {
      const snippet = buildSnippet(chosen, flavour);
      expect(parsedAttributes(snippet)).to.deep.equal([
        ['endpoint', 'https://www.salao.pt/api/leads'],
        ['form-id', '28842'],
      ]);
    }
    const gtm = buildSnippet(chosen, 'gtm');
    expect(gtm).to.contain('form.setAttribute("endpoint", "https://www.salao.pt/api/leads");');
    for (const flavour of ['html', 'wordpress', 'gtm'] as const) {
      const snippet = buildSnippet(chosen, flavour);
      expect(snippet).not.to.contain('account-hash');
      expect(snippet).not.to.contain('segredo-abc-123');
      expect(snippet).not.to.contain('proxy.example');
    }
  });

  it('writes wrangler.toml: the Worker build, the route of the relay folder in its zone, the origins, the optional rate limiter', () => {
    expect(wranglerToml(salao())).to.equal(
      [
        '# wrangler.toml: o relay do zappy-lead-form no Cloudflare Workers.',
        '# A chave da conta não vai neste ficheiro: é um segredo (npx wrangler secret put ZAPPY_ACCOUNT_HASH).',
        'name = "zappy-lead-relay"',
        'main = "node_modules/zappy-lead-form/dist/zappy-lead-relay.worker.js"',
        'compatibility_date = "2026-04-01"',
        'routes = [{ pattern = "www.salao.pt/api/*", zone_name = "salao.pt" }]',
        '',
        '[vars]',
        'ZAPPY_ALLOWED_ORIGINS = "https://www.salao.pt,https://salao.pt"',
        '',
        '# Opcional: conta o limite de envios em todo o local da Cloudflare, não só num isolate.',
        '# namespace_id: um número à sua escolha, único na sua conta Cloudflare.',
        '[[ratelimits]]',
        'name = "ZAPPY_RATE_LIMITER"',
        'namespace_id = "1001"',
        'simple = { limit = 10, period = 60 }',
        '',
      ].join('\n'),
    );
    const deeper = relaySite({ siteUrl: 'https://loja.salao.com.pt', relayPath: '/api/zappy/leads' })!;
    expect(wranglerToml(deeper)).to.contain('routes = [{ pattern = "loja.salao.com.pt/api/zappy/*", zone_name = "salao.com.pt" }]');
    expect(wranglerToml(deeper)).to.contain('ZAPPY_ALLOWED_ORIGINS = "https://loja.salao.com.pt"\n');
    expect(workerCommands().split('\n').filter((line) => !line.startsWith('#')).map((line) => line.replace(/\s+#.*/, ''))).to.deep.equal([
      'npm install zappy-lead-form',
      'npx wrangler secret put ZAPPY_ACCOUNT_HASH',
      'npx wrangler deploy',
      '',
    ]);
  });

  it('writes the Node environment file with the hash left empty, the origins, the trusted proxy, and nginx in front', () => {
    const env = nodeEnvFile(salao());
    const settings = env.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(settings).to.deep.equal([
      'ZAPPY_ACCOUNT_HASH=',
      'ZAPPY_ALLOWED_ORIGINS=https://www.salao.pt,https://salao.pt',
      'ZAPPY_TRUST_PROXY=1',
      'HOST=127.0.0.1',
      'PORT=8787',
    ]);
    expect(env).to.contain('chmod 600');
    expect(nodeCommands()).to.contain('\nnpx zappy-lead-form relay\n');
    expect(nodeCommands()).to.contain('. /etc/zappy-lead-relay.env');
    const nginx = nginxLocation(salao());
    expect(nginx).to.contain('location /api/ {\n    proxy_pass http://127.0.0.1:8787/;\n');
    expect(nginx).to.contain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(nginx).to.contain('www.salao.pt');
  });

  it('writes configurations that the relay itself reads as meant', () => {
    const settings = (text: string) =>
      Object.fromEntries(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    // Node: the file as written, once the business has filled in the hash.
    const node = relayOptionsFromEnv({ ...settings(nodeEnvFile(salao())), ZAPPY_ACCOUNT_HASH: 'filled-in-on-the-server' });
    expect(node.trustProxy).to.equal(1);
    // Workers: [vars] become env, the secret is set apart.
    const vars = wranglerToml(salao()).match(/^ZAPPY_ALLOWED_ORIGINS = (".*")$/m)![1]!;
    const worker = relayOptionsFromEnv({ ZAPPY_ALLOWED_ORIGINS: JSON.parse(vars) as string, ZAPPY_ACCOUNT_HASH: 'set-as-a-secret' });
    for (const options of [node, worker]) {
      const policy = parseAllowedOrigins(options.allowedOrigins);
      expect(policy.open).to.equal(false);
      expect(['https://www.salao.pt', 'https://salao.pt', 'https://loja.salao.pt', 'http://salao.pt', 'https://salao.pt.evil.example'].map((o) => policy.allows(o))).to.deep.equal([
        true,
        true,
        false,
        false,
        false,
      ]);
    }
  });

  it('never writes a hash into the relay configuration or the relay embed, whatever was typed', () => {
    const hash = fc.stringMatching(/^[A-Za-z0-9]{12,40}$/);
    const site = fc.constantFrom('https://www.salao.pt', 'salao.com.pt', 'loja.salao.pt/contactos');
    const path = fc.constantFrom('/api/leads', 'zappy/leads/', '/a/b/c/leads');
    fc.assert(
      fc.property(hash, site, path, fc.constantFrom('workers', 'node') as fc.Arbitrary<'workers' | 'node'>, (accountHash, siteUrl, relayPath, runtime) => {
        const chosen = config({ accountHash, siteUrl, relayPath });
        const texts = [...relaySetup(relaySite(chosen)!, runtime).map((block) => block.text), ...(['html', 'wordpress', 'gtm'] as const).map((f) => buildSnippet(chosen, f))];
        for (const text of texts) {
          expect(text).not.to.contain(accountHash);
          expect(text).not.to.contain('account-hash');
        }
        expect(text(relaySetup(relaySite(chosen)!, 'node'), 'node-env')).to.match(/^ZAPPY_ACCOUNT_HASH=$/m);
      }),
      { numRuns: 100 },
    );
    function text(blocks: { name: string; text: string }[], name: string): string {
      return blocks.find((block) => block.name === name)!.text;
    }
  });
});

describe('snippet builder: the page', () => {
  let builder: SnippetBuilder | undefined;

  async function mount(initial: Partial<BuilderConfig> = {}): Promise<{ builder: SnippetBuilder; container: HTMLElement }> {
    const container = await fixture<HTMLDivElement>('<div></div>');
    builder = mountBuilder(container, initial);
    await builder.preview.updateComplete;
    return { builder, container };
  }

  /** The control that a label with this exact text names. */
  function byLabel<T extends HTMLElement = HTMLInputElement>(container: HTMLElement, text: string): T {
    const label = [...container.querySelectorAll('label')].find((l) => squash(l.textContent) === text);
    if (!label?.control) throw new Error(`no control labelled "${text}"`);
    return label.control as T;
  }

  /** The button with this exact text. */
  function button(container: HTMLElement, text: string): HTMLButtonElement {
    const found = [...container.querySelectorAll('button')].find((b) => squash(b.textContent) === text);
    if (!found) throw new Error(`no button "${text}"`);
    return found;
  }

  /** Sets a text control's or select's value as typing or choosing would, firing `input`. */
  function enter(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string): void {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
  }

  const snippetText = (container: HTMLElement) => container.querySelector<HTMLTextAreaElement>('textarea[name="snippet"]')!.value;
  const status = (container: HTMLElement) => squash(container.querySelector('[role="status"]')?.textContent);

  afterEach(() => {
    builder?.destroy();
    builder = undefined;
    sinon.restore();
  });

  it('is accessible', async function () {
    // axe over the whole builder takes seconds when three engines share two cores.
    this.timeout(60_000);
    const { container } = await mount({ fields: ['name', 'email', 'custom_1'], source: { mode: ChoiceMode.List, value: '', options: 'A\nB' } });
    // GTM shows the most: the container selector besides the common controls.
    byLabel(container, 'Google Tag Manager').click();
    await expect(container).to.be.accessible();
  });

  it('starts with the default form, pointed at the stand-in, and a bare snippet', async () => {
    const { builder, container } = await mount();
    const preview = builder.preview;
    expect(container.contains(preview)).to.equal(true);
    expect(preview.getAttribute('endpoint')).to.equal('/4/clientes/createLead');
    expect(preview.getAttribute('account-hash')).to.equal('demo-hash');
    expect(controlNames(preview)).to.deep.equal(['client_name', 'client_email', 'client_mobile']);
    expect(snippetText(container)).to.equal(buildSnippet(defaultConfig(), 'html'));
    // Through the relay by default: no hash is asked for, the site address is.
    expect(byLabel(container, 'Através do seu relay (recomendado)').checked).to.equal(true);
    expect(container.querySelector('input[name="accountHash"]')).to.equal(null);
    expect(squash(container.textContent)).to.contain('Falta o endereço do site');
    expect(squash(container.textContent)).not.to.contain('Falta a chave da conta');
  });

  it('ticking a field, switching the language and setting the accent colour change the preview and the snippet', async () => {
    const { builder, container } = await mount();
    const preview = builder.preview;

    byLabel(container, 'Data de nascimento (dia, mês, ano)').click();
    await preview.updateComplete;
    expect(preview.getAttribute('fields')).to.equal('name email mobile birthday');
    expect(controlNames(preview)).to.deep.equal(['client_name', 'client_email', 'client_mobile', 'client_birth_day', 'client_birth_month', 'client_birth_year']);
    expect(snippetText(container)).to.contain('  fields="name email mobile birthday"');

    enter(byLabel<HTMLSelectElement>(container, 'Idioma do formulário'), 'en');
    await preview.updateComplete;
    expect(preview.getAttribute('lang')).to.equal('en');
    expect(labelTexts(preview)).to.include('Date of birth (optional)');
    expect(snippetText(container)).to.contain('  lang="en"');
    enter(byLabel<HTMLSelectElement>(container, 'Idioma do formulário'), '');
    await preview.updateComplete;
    expect(preview.hasAttribute('lang')).to.equal(false);
    expect(labelTexts(preview)).to.include('Data de nascimento (opcional)');
    expect(snippetText(container)).not.to.contain('lang=');
    enter(byLabel<HTMLSelectElement>(container, 'Idioma do formulário'), 'en');
    await preview.updateComplete;

    enter(byLabel(container, 'Destaque (botão e ligações)'), '#7a1f5c');
    await preview.updateComplete;
    expect(preview.style.getPropertyValue('--zappy-accent')).to.equal('#7a1f5c');
    const submit = rootOf(preview).querySelector('button[type="submit"]')!;
    expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(122, 31, 92)');
    expect(snippetText(container)).to.contain('zappy-lead-form {\n    --zappy-accent: #7a1f5c;\n  }');
    expect(snippetText(container)).not.to.match(/style\s*=/);

    // Back to the original colours: the property and the <style> block go.
    button(container, 'Repor as cores e cantos originais').click();
    expect(preview.hasAttribute('style')).to.equal(false);
    expect(snippetText(container)).not.to.contain('<style>');
  });

  it('offers as required only the fields shown, plus the choice and birthday year in use', async () => {
    const { builder, container } = await mount();
    const requirable = () => [...container.querySelectorAll<HTMLInputElement>('input[name="required"]')].map((i) => i.value);
    expect(requirable()).to.deep.equal(['email', 'mobile']);
    expect(container.textContent).to.contain('pede um dos dois');

    byLabel(container, 'Data de nascimento (dia, mês, ano)').click();
    byLabel(container, 'O visitante escolhe («Como nos conheceu?»)').click();
    enter(byLabel<HTMLTextAreaElement>(container, 'Opções, uma por linha'), 'Instagram\nAmigos, família');
    expect(requirable()).to.deep.equal(['email', 'mobile', 'birthday', 'birthday-year', 'source']);

    const required = [...container.querySelectorAll<HTMLInputElement>('input[name="required"]')];
    required.find((i) => i.value === 'source')!.click();
    required.find((i) => i.value === 'birthday-year')!.click();
    await builder.preview.updateComplete;
    expect(builder.preview.getAttribute('required')).to.equal('birthday-year source');
    expect(builder.preview.getAttribute('sources')).to.equal('["Instagram", "Amigos, família"]');
    const source = rootOf(builder.preview).querySelector<HTMLSelectElement>('select[name="client_source"]')!;
    expect([...source.options].map((o) => o.value)).to.deep.equal(['', 'Instagram', 'Amigos, família']);
    expect(source.required).to.equal(true);
    expect(snippetText(container)).to.contain('  sources="[&quot;Instagram&quot;, &quot;Amigos, família&quot;]"');

    // Hiding the birthday takes birthday-year out of what can be required, and of the snippet.
    byLabel(container, 'Data de nascimento (dia, mês, ano)').click();
    await builder.preview.updateComplete;
    expect(requirable()).not.to.include('birthday-year');
    expect(builder.preview.getAttribute('required')).to.equal('source');
  });

  it('reorders fields from the keyboard, keeping focus on the moved field', async () => {
    const { builder, container } = await mount();
    const down = () => container.querySelector<HTMLButtonElement>('[data-move="down"][data-field="email"]')!;
    down().focus();
    await sendKeys({ press: 'Enter' });
    await builder.preview.updateComplete;
    expect(document.activeElement).to.equal(down());
    expect(builder.preview.getAttribute('fields')).to.equal('name mobile email');
    expect(controlNames(builder.preview)).to.deep.equal(['client_name', 'client_mobile', 'client_email']);

    const birthday = byLabel(container, 'Data de nascimento (dia, mês, ano)');
    birthday.focus();
    // A typed space, not press 'Space': Firefox's WebDriver BiDi knows no key by that name.
    await sendKeys({ type: ' ' });
    expect(birthday.checked).to.equal(true);
    expect(snippetText(container)).to.contain('fields="name mobile email birthday"');

    // At the top, "up" is disabled: focus moves to the field's other button.
    const up = container.querySelector<HTMLButtonElement>('[data-move="up"][data-field="email"]')!;
    up.click();
    container.querySelector<HTMLButtonElement>('[data-move="up"][data-field="email"]')!.click();
    expect(container.querySelector<HTMLButtonElement>('[data-move="up"][data-field="email"]')!.disabled).to.equal(true);
    expect(document.activeElement).to.equal(down());
    expect(builder.currentConfig.fields).to.deep.equal(['email', 'name', 'mobile', 'birthday']);
  });

  it('renders hostile text as text in the preview and escaped in the snippet', async () => {
    const { builder, container } = await mount({ fields: ['name', 'email', 'custom_1'] });
    const hostile = '"><img src=x onerror=alert(1)>';
    enter(byLabel(container, 'Nome do campo personalizado 1'), hostile);
    await builder.preview.updateComplete;
    expect(labelTexts(builder.preview)).to.include(`${hostile} (opcional)`);
    expect(rootOf(builder.preview).querySelector('img')).to.equal(null);
    expect(container.querySelector('img')).to.equal(null);
    expect(snippetText(container)).to.contain('custom-1-label="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('switches the snippet between HTML, WordPress and GTM, with a container selector for GTM', async () => {
    const { container } = await mount({ formId: '9' });
    expect(snippetText(container)).to.contain('<script src=');
    byLabel(container, 'WordPress').click();
    expect(snippetText(container).startsWith(WORDPRESS_NOTE)).to.equal(true);
    expect(container.textContent).to.contain('HTML personalizado');

    byLabel(container, 'Google Tag Manager').click();
    expect(snippetText(container)).to.contain("document.createElement('script')");
    const selector = byLabel(container, 'Seletor CSS do elemento onde o formulário entra');
    enter(selector, '#contactos');
    expect(snippetText(container)).to.contain('document.querySelector("#contactos")');
    enter(selector, '#[');
    expect(selector.getAttribute('aria-invalid')).to.equal('true');
    const error = container.querySelector(`#${selector.getAttribute('aria-describedby')!.split(' ').at(-1)}`);
    expect(squash(error?.textContent)).to.contain('não é válido');

    byLabel(container, 'HTML').click();
    expect(container.querySelector('input[name="container"]')).to.equal(null);
  });

  it('copies the snippet with the clipboard API and says so in a live region', async () => {
    const { container } = await mount({ formId: '28842' });
    const write = sinon.stub(navigator.clipboard, 'writeText').resolves();
    expect(status(container)).to.equal('');
    button(container, 'Copiar').click();
    await waitUntil(() => status(container) !== '', 'no copy status');
    expect(write.calledOnceWith(snippetText(container))).to.equal(true);
    expect(status(container)).to.equal('Copiado');
    // A change clears the message: it spoke of the previous code.
    enter(byLabel(container, 'Texto do botão'), 'Quero');
    expect(status(container)).to.equal('');
  });

  it('falls back to selecting the code when the clipboard API refuses', async () => {
    const { container } = await mount();
    sinon.stub(navigator.clipboard, 'writeText').rejects(new DOMException('denied', 'NotAllowedError'));
    button(container, 'Copiar').click();
    await waitUntil(() => status(container) !== '', 'no copy status');
    const area = container.querySelector<HTMLTextAreaElement>('textarea[name="snippet"]')!;
    expect(document.activeElement).to.equal(area);
    expect([area.selectionStart, area.selectionEnd]).to.deep.equal([0, area.value.length]);
    expect(['Copiado', 'Código selecionado: prima Ctrl+C (⌘C no Mac) para o copiar.']).to.include(status(container));
  });

  it('gives a snippet that, loaded in a fresh page, renders the same form as the preview', async () => {
    const { builder, container } = await mount();
    byLabel(container, 'Diretamente para o Zappy').click();
    enter(byLabel(container, 'Chave da conta (account hash)'), 'abc123');
    byLabel(container, 'Data de nascimento (dia, mês, ano)').click();
    byLabel(container, 'NIF').click();
    byLabel(container, 'Campo personalizado 1').click();
    container.querySelector<HTMLButtonElement>('[data-move="up"][data-field="mobile"]')!.click();
    enter(byLabel(container, 'Nome do campo personalizado 1'), 'Serviço "premium" <já>');
    enter(byLabel<HTMLSelectElement>(container, 'Idioma do formulário'), 'es');
    enter(byLabel(container, 'Texto do consentimento (RGPD)'), 'Acepto & confirmo');
    enter(byLabel(container, 'Destaque (botão e ligações)'), '#0a7d32');
    await builder.preview.updateComplete;

    const snippet = snippetText(container);
    const doc = parse(snippet);
    expect(doc.querySelector('script')!.getAttribute('src')).to.equal(SCRIPT_URL);
    // Offline, the CDN script cannot load: the element is already registered here
    // by src/define.ts, so the snippet's markup and style are put in a fresh container.
    const fresh = await fixture<HTMLDivElement>('<div></div>');
    fresh.append(document.importNode(doc.querySelector('style')!, true));
    const copy = document.importNode(doc.querySelector('zappy-lead-form')!, true) as ZappyLeadForm;
    fresh.append(copy);
    await copy.updateComplete;

    const preview = builder.preview;
    const expected = ['client_name', 'client_mobile', 'client_email', 'client_birth_day', 'client_birth_month', 'client_birth_year', 'client_vat', 'custom_1', 'zappy_consent'];
    expect(controlNames(preview)).to.deep.equal(expected);
    expect(controlNames(copy)).to.deep.equal(expected);
    expect(labelTexts(copy)).to.deep.equal(labelTexts(preview));
    expect(labelTexts(copy)).to.include('Serviço "premium" <já> (opcional)');
    expect(copy.hasAttribute('style')).to.equal(false);
    const colour = (el: ZappyLeadForm) => getComputedStyle(rootOf(el).querySelector('button[type="submit"]')!).backgroundColor;
    expect(colour(copy)).to.equal('rgb(10, 125, 50)');
    expect(colour(copy)).to.equal(colour(preview));
    expect(copy.getAttribute('account-hash')).to.equal('abc123');
  });

  /** The text of the relay block named `name` (its textarea's `name`). */
  const blockText = (container: HTMLElement, name: string) => container.querySelector<HTMLTextAreaElement>(`textarea[name="${name}"]`)?.value;
  const relaySection = (container: HTMLElement) => container.querySelector<HTMLElement>('section.relay');

  it('is accessible with the relay configuration shown, for Node', async function () {
    this.timeout(60_000);
    const { container } = await mount({ siteUrl: 'https://www.salao.pt' });
    byLabel(container, 'Node.js (servidor próprio, com nginx)').click();
    expect(blockText(container, 'nginx')).to.contain('location /api/');
    await expect(container).to.be.accessible();
  });

  it('through the relay, writes the embed with the relay address and no hash, and the relay configuration for Workers and Node', async () => {
    const { builder, container } = await mount();
    expect(relaySection(container)?.textContent).to.contain('escreva-os em «Envio dos contactos»');
    expect(blockText(container, 'wrangler')).to.equal(undefined);

    enter(byLabel(container, 'Endereço do site'), 'https://www.salao.pt');
    expect(byLabel(container, 'Caminho do relay').value).to.equal('/api/leads');
    expect(squash(container.textContent)).to.contain('Páginas que podem enviar contactos: https://www.salao.pt e https://salao.pt.');
    for (const flavour of ['HTML', 'WordPress', 'Google Tag Manager']) {
      byLabel(container, flavour).click();
      const snippet = snippetText(container);
      expect(snippet).to.contain('https://www.salao.pt/api/leads');
      expect(snippet).not.to.contain('account-hash');
    }
    byLabel(container, 'HTML').click();
    expect(parsedAttributes(snippetText(container))).to.deep.equal([['endpoint', 'https://www.salao.pt/api/leads']]);
    expect(squash(container.textContent)).not.to.contain('Falta');
    // The preview still posts to the stand-in: the relay would refuse this page.
    await builder.preview.updateComplete;
    expect(builder.preview.getAttribute('endpoint')).to.equal('/4/clientes/createLead');

    // Cloudflare Workers first.
    const site = relaySite({ siteUrl: 'https://www.salao.pt', relayPath: '/api/leads' })!;
    expect(byLabel(container, 'Cloudflare Workers').checked).to.equal(true);
    expect(blockText(container, 'wrangler')).to.equal(wranglerToml(site));
    expect(blockText(container, 'worker-commands')).to.equal(workerCommands());
    expect(builder.relayBlocks.map((block) => block.name)).to.deep.equal(['wrangler', 'worker-commands']);

    // A deeper path moves the route and the embed.
    enter(byLabel(container, 'Caminho do relay'), '/api/zappy/leads');
    expect(blockText(container, 'wrangler')).to.contain('pattern = "www.salao.pt/api/zappy/*"');
    expect(snippetText(container)).to.contain('endpoint="https://www.salao.pt/api/zappy/leads"');
    enter(byLabel(container, 'Caminho do relay'), '/api/leads');

    byLabel(container, 'Node.js (servidor próprio, com nginx)').click();
    expect(blockText(container, 'wrangler')).to.equal(undefined);
    expect(blockText(container, 'node-env')).to.equal(nodeEnvFile(site));
    expect(blockText(container, 'node-commands')).to.equal(nodeCommands());
    expect(blockText(container, 'nginx')).to.equal(nginxLocation(site));
    expect(relaySection(container)?.textContent).to.contain('http://127.0.0.1:8787/');
  });

  it('keeps what was typed across delivery modes, and never lets a hash typed in direct mode into the relay code', async () => {
    const { builder, container } = await mount();
    enter(byLabel(container, 'Endereço do site'), 'salao.pt');
    byLabel(container, 'Diretamente para o Zappy').click();
    expect(container.querySelector('input[name="siteUrl"]')).to.equal(null);
    expect(squash(container.textContent)).to.contain('fica visível no código da página');
    expect(squash(container.textContent)).to.contain('CORS');
    enter(byLabel(container, 'Chave da conta (account hash)'), 'segredo-abc-123');
    await builder.preview.updateComplete;
    expect(snippetText(container)).to.contain('account-hash="segredo-abc-123"');
    expect(snippetText(container)).not.to.contain('endpoint=');
    expect(builder.preview.getAttribute('account-hash')).to.equal('segredo-abc-123');
    expect(relaySection(container)).to.equal(null);

    byLabel(container, 'Através do seu relay (recomendado)').click();
    await builder.preview.updateComplete;
    expect(byLabel(container, 'Endereço do site').value).to.equal('salao.pt');
    expect(container.querySelector('input[name="accountHash"]')).to.equal(null);
    expect(builder.preview.getAttribute('account-hash')).to.equal('demo-hash');
    for (const runtime of ['Cloudflare Workers', 'Node.js (servidor próprio, com nginx)']) {
      byLabel(container, runtime).click();
      for (const flavour of ['HTML', 'WordPress', 'Google Tag Manager']) {
        byLabel(container, flavour).click();
        const shown = [...container.querySelectorAll('textarea')].map((area) => area.value).join('\n');
        expect(shown).to.contain('https://salao.pt/api/leads');
        expect(shown).to.contain('https://salao.pt,https://www.salao.pt');
        expect(shown).not.to.contain('segredo-abc-123');
        expect(shown).not.to.contain('account-hash');
        expect(squash(container.textContent)).not.to.contain('segredo-abc-123');
      }
    }

    byLabel(container, 'Diretamente para o Zappy').click();
    expect(byLabel(container, 'Chave da conta (account hash)').value).to.equal('segredo-abc-123');
    byLabel(container, 'HTML').click();
    expect(snippetText(container)).to.contain('account-hash="segredo-abc-123"');
  });

  it('switches delivery from the keyboard', async () => {
    const { container } = await mount();
    const relay = byLabel(container, 'Através do seu relay (recomendado)');
    relay.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(byLabel(container, 'Diretamente para o Zappy').checked).to.equal(true);
    expect(container.querySelector('input[name="accountHash"]')).not.to.equal(null);
  });

  it('says clearly what is wrong with a site address or a relay path', async () => {
    const { container } = await mount();
    const siteUrl = () => byLabel(container, 'Endereço do site');
    const relayPath = () => byLabel(container, 'Caminho do relay');
    const errorOf = (control: HTMLInputElement) => {
      if (control.getAttribute('aria-invalid') !== 'true') return '';
      const id = control.getAttribute('aria-describedby')!.split(' ').at(-1)!;
      return squash(container.querySelector(`#${id}`)?.textContent);
    };
    // Empty is not an error on the field, but the code says what is missing.
    expect(errorOf(siteUrl())).to.equal('');
    expect(squash(container.textContent)).to.contain('Falta o endereço do site');

    enter(siteUrl(), 'http://salao.pt');
    expect(errorOf(siteUrl())).to.contain('tem de começar por https://');
    expect(squash(container.textContent)).to.contain('O endereço do site não é válido');
    expect(snippetText(container)).not.to.contain('endpoint');
    expect(blockText(container, 'wrangler')).to.equal(undefined);

    for (const bad of ['salao', '192.168.1.10', 'https://salao.pt:8443']) {
      enter(siteUrl(), bad);
      expect(errorOf(siteUrl()), bad).to.contain('não é o de um site');
    }

    enter(siteUrl(), 'https://www.salao.pt');
    expect(errorOf(siteUrl())).to.equal('');
    expect(siteUrl().getAttribute('aria-invalid')).to.equal('false');

    enter(relayPath(), '/leads');
    expect(errorOf(relayPath())).to.contain('Ponha o relay numa pasta');
    expect(squash(container.textContent)).to.contain('O caminho do relay não é válido');
    expect(snippetText(container)).not.to.contain('endpoint');
    enter(relayPath(), '/api/lead');
    expect(errorOf(relayPath())).to.contain('tem de acabar em /leads');
    enter(relayPath(), '/api/le ads');
    expect(errorOf(relayPath())).to.contain('não é válido');
    enter(relayPath(), '/api/leads');
    expect(errorOf(relayPath())).to.equal('');
    expect(blockText(container, 'wrangler')).to.contain('www.salao.pt/api/*');
  });

  it('copies a relay block with its own button and status, and falls back to selecting that block', async () => {
    const { container } = await mount({ siteUrl: 'https://www.salao.pt', source: { mode: ChoiceMode.List, value: '', options: 'A\nB' } });
    const statusOf = (name: string) => squash(container.querySelector(`textarea[name="${name}"]`)!.closest('.code-block')!.querySelector('[role="status"]')!.textContent);
    const write = sinon.stub(navigator.clipboard, 'writeText').resolves();
    button(container, 'Copiar o wrangler.toml').click();
    await waitUntil(() => statusOf('wrangler') !== '', 'no copy status');
    expect(write.calledOnceWith(blockText(container, 'wrangler'))).to.equal(true);
    expect(statusOf('wrangler')).to.equal('Copiado');
    expect(statusOf('snippet')).to.equal('');

    write.rejects(new DOMException('denied', 'NotAllowedError'));
    button(container, 'Copiar os comandos').click();
    await waitUntil(() => statusOf('worker-commands') !== '', 'no copy status');
    const area = container.querySelector<HTMLTextAreaElement>('textarea[name="worker-commands"]')!;
    expect(document.activeElement).to.equal(area);
    expect([area.selectionStart, area.selectionEnd]).to.deep.equal([0, area.value.length]);
    expect(statusOf('wrangler')).to.equal('');

    // The snippet's fallback selects the snippet, not the options list above it.
    button(container, 'Copiar').click();
    await waitUntil(() => statusOf('snippet') !== '', 'no copy status');
    expect(document.activeElement).to.equal(container.querySelector('textarea[name="snippet"]'));
  });

  it('starts a fresh preview after a lead is sent and the options change', async () => {
    const { builder, container } = await mount();
    const first = builder.preview;
    first.dispatchEvent(new CustomEvent('zappy-lead-sent', { bubbles: true, composed: true, detail: { lead: { client_name: 'Ana' }, status: 201 } }));
    enter(byLabel(container, 'Texto do botão'), 'Quero');
    expect(builder.preview).not.to.equal(first);
    expect(container.contains(first)).to.equal(false);
    expect(container.contains(builder.preview)).to.equal(true);
    expect(builder.preview.getAttribute('submit-label')).to.equal('Quero');
  });
});
