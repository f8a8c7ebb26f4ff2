import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { readAttribution, sessionAttribution } from '../src/campaign/attribution.js';
import { consentRecord } from '../src/campaign/consent-record.js';
import { expectConversion, parseConversions, sendConversion, takeConversion } from '../src/campaign/conversions.js';
import { fillTemplate, mappedSource, parseSourceMap, unknownTokens } from '../src/campaign/template.js';
import { clip } from '../src/lead/text.js';
import { anyText } from './support/arbitraries.js';

// Issue 12: the readers and writers behind the campaign attributes, as pure
// functions: templates, source maps, attribution, the consent record and the
// conversions' once-only bookkeeping.

const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A Storage over a Map, for the functions that take one. */
function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, String(value)),
  };
}

describe('fillTemplate', () => {
  const SLASHED = '{utm_source} / {utm_medium} / {utm_campaign}';

  it('writes every value in place', () => {
    expect(fillTemplate(SLASHED, { utm_source: 'ig', utm_medium: 'bio', utm_campaign: 'verao' }, 500)).to.equal('ig / bio / verao');
  });

  it('removes an empty token with the text before it, or after it when it comes first', () => {
    expect(fillTemplate(SLASHED, { utm_source: 'ig', utm_campaign: 'verao' }, 500)).to.equal('ig / verao');
    expect(fillTemplate(SLASHED, { utm_medium: 'bio', utm_campaign: 'verao' }, 500)).to.equal('bio / verao');
    expect(fillTemplate(SLASHED, { utm_source: 'ig' }, 500)).to.equal('ig');
    expect(fillTemplate('Origem: {utm_source}.', { utm_source: 'ig' }, 500)).to.equal('Origem: ig.');
  });

  it('removes a label with its empty value, never leaving a value under another value\'s label', () => {
    const LABELLED = 'Origem: {utm_source} / Meio: {utm_medium} / Campanha: {utm_campaign}';
    expect(fillTemplate(LABELLED, { utm_medium: 'paid', utm_campaign: 'natal' }, 500)).to.equal('Meio: paid / Campanha: natal');
    expect(fillTemplate(LABELLED, { utm_source: 'ig', utm_campaign: 'natal' }, 500)).to.equal('Origem: ig / Campanha: natal');
    expect(fillTemplate(LABELLED, { utm_source: 'ig' }, 500)).to.equal('Origem: ig');
    expect(fillTemplate('src={utm_source}; med={utm_medium}; camp={utm_campaign}', { utm_campaign: 'c' }, 500)).to.equal('camp=c');
  });

  it('keeps the text after the last value with it, but closes a bracket opened before', () => {
    expect(fillTemplate('{utm_source} ({utm_medium})', { utm_source: 'ig' }, 500)).to.equal('ig');
    expect(fillTemplate('{utm_source} ({utm_medium})', { utm_source: 'ig', utm_medium: 'bio' }, 500)).to.equal('ig (bio)');
    expect(fillTemplate('({utm_source}, {utm_medium})', { utm_source: 'ig' }, 500)).to.equal('(ig)');
  });

  it('gives nothing when every token is empty, and the text itself when there is none', () => {
    expect(fillTemplate(SLASHED, {}, 500)).to.equal('');
    expect(fillTemplate('Origem: {utm_source}', { utm_source: '  ' }, 500)).to.equal('');
    expect(fillTemplate('Landing page', {}, 500)).to.equal('Landing page');
  });

  it('leaves unknown names as written, and names them', () => {
    expect(fillTemplate('{utm_source} {price}', { utm_source: 'ig' }, 500)).to.equal('ig {price}');
    expect(unknownTokens('{utm_source} {price} {Date} {utm-medium}')).to.deep.equal(['price', 'Date', 'utm-medium']);
    expect(fillTemplate('{UTM_Source} {utm_source}', { utm_source: 'ig' }, 500)).to.equal('{UTM_Source} ig');
  });

  it('clips to the limit without splitting a character', () => {
    expect(fillTemplate('{utm_source}', { utm_source: `${'a'.repeat(9)}😀` }, 10)).to.equal('a'.repeat(9));
    expect(clip('😀😀', 3)).to.equal('😀');
  });

  it('never exceeds the limit, never holds control characters or half a character, never leaves a known token', () => {
    const value = fc.option(anyText, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ utm_source: value, utm_medium: value, utm_campaign: value, date: value }),
        fc.integer({ min: 1, max: 600 }),
        (values, max) => {
          const written = fillTemplate(`${SLASHED} {date}`, values, max);
          expect(written.length).to.be.at.most(max);
          expect(CONTROL_OR_LONE_SURROGATE.test(written), JSON.stringify(written)).to.equal(false);
          const hadBraces = Object.values(values).some((v) => v?.includes('{'));
          if (!hadBraces) expect(written).to.not.match(/\{(utm_source|utm_medium|utm_campaign|date)\}/);
        },
      ),
    );
  });

  it('joins the values present with the separator, whichever are missing', () => {
    const word = fc.option(fc.stringMatching(/^[a-z0-9]{1,12}$/), { nil: undefined });
    fc.assert(
      fc.property(word, word, word, (utm_source, utm_medium, utm_campaign) => {
        const present = [utm_source, utm_medium, utm_campaign].filter((v) => v !== undefined);
        expect(fillTemplate(SLASHED, { utm_source, utm_medium, utm_campaign }, 500)).to.equal(present.join(' / '));
      }),
    );
  });
});

describe('parseSourceMap', () => {
  it('reads pairs separated by commas or lines, keys in any case, values exactly', () => {
    const { map, malformed } = parseSourceMap('instagram=Instagram, IG = Instagram\n google=Google Ads ,', 100);
    expect([...map]).to.deep.equal([
      ['instagram', 'Instagram'],
      ['ig', 'Instagram'],
      ['google', 'Google Ads'],
    ]);
    expect(malformed).to.deep.equal([]);
    expect(mappedSource(map, ' Google ')).to.equal('Google Ads');
    expect(mappedSource(map, 'tiktok')).to.equal(undefined);
    expect(mappedSource(map, undefined)).to.equal(undefined);
  });

  it('sets aside pairs without both sides or with a source over the limit; the first of a key wins', () => {
    const { map, malformed } = parseSourceMap(`a=A, broken, =B, c=, d=${'x'.repeat(101)}, a=Other`, 100);
    expect([...map]).to.deep.equal([['a', 'A']]);
    expect(malformed).to.deep.equal(['broken', '=B', 'c=', `d=${'x'.repeat(101)}`]);
  });

  it('finds every pair written, whatever the case and spaces of the lookup', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,15}$/);
    // Written exactly, inner spaces too: Zappy matches sources exactly.
    const source = fc.stringMatching(/^[A-Z][A-Za-z0-9 ]{0,20}[A-Za-z0-9]$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, source), { selector: ([k]) => k, maxLength: 8 }), (pairs) => {
        const { map, malformed } = parseSourceMap(pairs.map(([k, s]) => `${k}=${s}`).join(', '), 100);
        expect(malformed).to.deep.equal([]);
        for (const [k, s] of pairs) expect(mappedSource(map, ` ${k.toUpperCase()} `)).to.equal(s);
      }),
    );
  });

  it('never throws, and every source it keeps fits the limit', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { map } = parseSourceMap(text, 100);
        for (const source of map.values()) expect(source.length).to.be.within(1, 100);
      }),
    );
  });
});

describe('readAttribution', () => {
  it('reads the campaign parameters, another site as referrer, and the page without its query', () => {
    expect(
      readAttribution(
        'https://salao.pt/promo?utm_source=ig&utm_medium=&fbclid=F1&client_email=ana%40x.pt#top',
        'https://l.instagram.com/path?u=secret',
      ),
    ).to.deep.equal({ utm_source: 'ig', fbclid: 'F1', referrer: 'https://l.instagram.com/path', landing_page: 'https://salao.pt/promo' });
  });

  it('leaves out a referrer of the same site, or one that is not http(s)', () => {
    expect(readAttribution('https://salao.pt/b', 'https://salao.pt/a').referrer).to.equal(undefined);
    expect(readAttribution('https://salao.pt/b', 'android-app://com.instagram').referrer).to.equal(undefined);
    expect(readAttribution('https://salao.pt/b', '').referrer).to.equal(undefined);
    expect(readAttribution('https://salao.pt/b', 'https://salao.pt.evil.com/').referrer).to.equal('https://salao.pt.evil.com/');
    // One site, www. or not, http or https.
    expect(readAttribution('https://salao.pt/promo', 'https://www.salao.pt/').referrer).to.equal(undefined);
    expect(readAttribution('https://www.salao.pt/promo', 'http://salao.pt/blog').referrer).to.equal(undefined);
    expect(readAttribution('https://salao.pt/promo', 'https://loja.salao.pt/').referrer).to.equal('https://loja.salao.pt/');
  });

  it('tidies and clips whatever a link carries', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const found = readAttribution(`https://salao.pt/?${new URLSearchParams({ utm_campaign: raw })}`, '');
        const value = found.utm_campaign ?? '';
        expect(value.length).to.be.at.most(200);
        expect(CONTROL_OR_LONE_SURROGATE.test(value)).to.equal(false);
      }),
    );
  });
});

describe('sessionAttribution', () => {
  it('keeps the first values of the tab, and returns them on later pages', () => {
    const storage = memoryStorage();
    const first = { utm_source: 'ig', landing_page: 'https://salao.pt/promo' };
    expect(sessionAttribution(first, storage)).to.deep.equal(first);
    expect(sessionAttribution({ landing_page: 'https://salao.pt/contactos' }, storage)).to.deep.equal(first);
  });

  it('ignores what it cannot read as attribution, and works without storage', () => {
    const storage = memoryStorage();
    storage.setItem('zappy-lead-attribution', '{"utm_source": 5, "evil": "x", "utm_medium": "bio"}');
    expect(sessionAttribution({ utm_source: 'ig' }, storage)).to.deep.equal({ utm_medium: 'bio' });
    storage.setItem('zappy-lead-attribution', 'not json');
    expect(sessionAttribution({ utm_source: 'ig' }, storage)).to.deep.equal({ utm_source: 'ig' });
    const denied = { ...memoryStorage(), getItem: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as Storage;
    expect(sessionAttribution({ utm_source: 'ig' }, denied)).to.deep.equal({ utm_source: 'ig' });
    expect(sessionAttribution({ utm_source: 'ig' }, undefined)).to.deep.equal({ utm_source: 'ig' });
  });
});

describe('consentRecord', () => {
  const at = new Date(Date.UTC(2026, 11, 3, 9, 30));

  it('writes text, policy, UTC time and page', () => {
    expect(consentRecord({ text: 'Aceito.', privacyUrl: 'https://salao.pt/p', at, page: 'https://salao.pt/promo' }, 500)).to.equal(
      'Aceito. | https://salao.pt/p | 2026-12-03T09:30:00.000Z | https://salao.pt/promo',
    );
    expect(consentRecord({ text: 'Aceito.', privacyUrl: undefined, at, page: 'https://salao.pt/' }, 500)).to.equal(
      'Aceito. | 2026-12-03T09:30:00.000Z | https://salao.pt/',
    );
  });

  it('shortens the text, never the time, to fit', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 80, max: 500 }), (text, max) => {
        const record = consentRecord({ text, privacyUrl: 'https://salao.pt/privacidade', at, page: 'https://salao.pt/promo' }, max);
        expect(record.length).to.be.at.most(max);
        expect(record.endsWith('https://salao.pt/privacidade | 2026-12-03T09:30:00.000Z | https://salao.pt/promo')).to.equal(true);
      }),
    );
  });
});

describe('conversions', () => {
  it('reads the platforms, and names the unknown', () => {
    expect(parseConversions(' GA4, meta ga4 tiktok')).to.deep.equal({ targets: ['ga4', 'meta'], unknown: ['tiktok'] });
    expect(parseConversions(undefined)).to.deep.equal({ targets: [], unknown: [] });
  });

  it('gives each expected conversion once, and forgets those older than 30 days', () => {
    const storage = memoryStorage();
    const now = Date.UTC(2026, 11, 3);
    expectConversion(storage, ['ga4'], { lead_id: 'a' }, now - 31 * 24 * 3600 * 1000);
    expectConversion(storage, ['meta'], { lead_id: 'b', form_id: 'f' }, now);
    expect(takeConversion(storage, 'a', now)).to.equal(undefined);
    expect(takeConversion(storage, 'b', now)).to.deep.equal({ at: now, targets: ['meta'], params: { lead_id: 'b', form_id: 'f' } });
    expect(takeConversion(storage, 'b', now)).to.equal(undefined);
    expect(storage.map.size).to.equal(0);
  });

  it('counts within the page when storage is unavailable', () => {
    expectConversion(undefined, ['ga4'], { lead_id: 'in-page' });
    expect(takeConversion(undefined, 'in-page')?.params.lead_id).to.equal('in-page');
    expect(takeConversion(undefined, 'in-page')).to.equal(undefined);
  });

  it('pushes to dataLayer, or calls gtag, and calls fbq only when there is one', () => {
    const page: { dataLayer?: unknown[]; gtag?: (...args: unknown[]) => void; fbq?: (...args: unknown[]) => void } = {};
    sendConversion(page, ['ga4', 'meta'], { lead_id: 'x', form_id: 'f' });
    expect(page.dataLayer).to.deep.equal([{ event: 'generate_lead', lead_id: 'x', form_id: 'f' }]);
    const calls: unknown[][] = [];
    page.gtag = (...args) => calls.push(['gtag', ...args]);
    page.fbq = (...args) => calls.push(['fbq', ...args]);
    sendConversion(page, ['ga4', 'meta'], { lead_id: 'y' });
    expect(calls).to.deep.equal([
      ['gtag', 'event', 'generate_lead', { lead_id: 'y' }],
      ['fbq', 'track', 'Lead', {}, { eventID: 'y' }],
    ]);
    expect(page.dataLayer).to.have.length(1);
  });
});
