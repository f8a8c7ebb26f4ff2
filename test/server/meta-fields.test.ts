// The Meta route's pure parts: META_FIELD_MAP, the mapping of a Graph API
// lead to createLead keys (every default field), and the webhook signature.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkLead } from '../../src/lead/check-lead.js';
import { DEFAULT_FIELD_MAP, FIELD_TARGETS, FieldMapError, leadFromMeta, parseFieldMap } from '../../src/relay/meta-fields.js';
import { appSecretKey, checkSignature, hmacHex, timingSafeEqual } from '../../src/relay/meta-signature.js';

const TODAY = new Date('2026-12-01T12:00:00Z');
const field = (name: string, ...values: string[]) => ({ name, values });

describe('parseFieldMap (META_FIELD_MAP)', () => {
  it('adds custom question ids to Meta\'s standard questions, and may override one', () => {
    assert.deepEqual(parseFieldMap('{"qual_o_servico_pretendido": "custom_1", "city": "custom_2"}'), {
      ...DEFAULT_FIELD_MAP,
      qual_o_servico_pretendido: 'custom_1',
      city: 'custom_2',
    });
  });

  const refused: [string, RegExp][] = [
    ['not json', /is not JSON/],
    ['["custom_1"]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"servico": "custom_3"}', /maps "servico" to "custom_3"/],
    ['{"servico": 1}', /maps "servico" to 1/],
    ['{"": "custom_1"}', /empty field name/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${text}`, () => assert.throws(() => parseFieldMap(text), (error: unknown) => error instanceof FieldMapError && message.test(error.message)));
  }

  it('takes "__proto__" as a question id like any other', () => {
    const map = parseFieldMap('{"__proto__": "custom_2"}');
    assert.ok(Object.hasOwn(map, '__proto__'));
    assert.equal(map['__proto__'], 'custom_2');
    const result = leadFromMeta({ field_data: [field('full_name', 'Ana'), field('__proto__', 'x')] }, { fieldMap: map });
    assert.deepEqual(result, { ok: true, lead: { client_name: 'Ana', custom_2: 'x' }, dropped: [] });
  });

  it('reads back any object of names to known keys, over the defaults (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }).filter((name) => name.trim() !== ''), fc.constantFrom(...FIELD_TARGETS)), (map) => {
        assert.deepEqual(parseFieldMap(JSON.stringify(map)), { ...DEFAULT_FIELD_MAP, ...map });
      }),
    );
  });

  it('refuses any map with a target outside createLead\'s keys (property)', () => {
    const notTarget = fc.string().filter((target) => !(FIELD_TARGETS as readonly string[]).includes(target));
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((name) => name.trim() !== ''), notTarget, (name, target) => {
      assert.throws(() => parseFieldMap(JSON.stringify({ [name]: target })), FieldMapError);
    }));
  });
});

describe('leadFromMeta', () => {
  it('maps every default field through the lead core', () => {
    const result = leadFromMeta(
      {
        form_id: '42',
        campaign_name: 'Verão',
        platform: 'fb',
        field_data: [
          field('full_name', ' Ana  Silva '),
          field('email', 'ANA@Exemplo.pt'),
          field('phone_number', '+351 912 345 678'),
          field('date_of_birth', '1990-01-31'),
          field('city', 'Porto'),
          field('zip_code', '4000123'),
          field('street_address', 'Rua de Santa Catarina 1'),
        ],
      },
      { sources: { facebook: 'Facebook' }, today: TODAY },
    );
    assert.ok(result.ok);
    assert.deepEqual(result.lead, {
      form_id: '42',
      campaign_name: 'Verão',
      client_name: 'Ana Silva',
      // The domain's case only: a local part is the mail server's to read.
      client_email: 'ANA@exemplo.pt',
      client_mobile: '+351912345678',
      client_source: 'Facebook',
      client_birth_day: 31,
      client_birth_month: 1,
      client_birth_year: 1990,
      client_street: 'Rua de Santa Catarina 1',
      client_zipcode: '4000-123',
      client_city: 'Porto',
    });
  });

  it('reads Meta\'s date_of_birth month first, a custom birthday question day first', () => {
    const meta = leadFromMeta({ field_data: [field('full_name', 'Ana'), field('date_of_birth', '03/07/1985')] }, { today: TODAY });
    const custom = leadFromMeta(
      { field_data: [field('full_name', 'Ana'), field('data_nascimento', '03/07/1985')] },
      { fieldMap: parseFieldMap('{"data_nascimento": "birthday"}'), today: TODAY },
    );
    assert.ok(meta.ok && custom.ok);
    assert.deepEqual([meta.lead.client_birth_day, meta.lead.client_birth_month], [7, 3]);
    assert.deepEqual([custom.lead.client_birth_day, custom.lead.client_birth_month], [3, 7]);
  });

  it('lets answers win over the form id and source, and META_FORM_ID over the Meta form', () => {
    const fromAnswers = leadFromMeta(
      { form_id: '42', platform: 'ig', field_data: [field('full_name', 'Ana'), field('origem', 'Balcão')] },
      { fieldMap: parseFieldMap('{"origem": "client_source"}'), sources: { instagram: 'Instagram' }, formId: 'meta' },
    );
    assert.ok(fromAnswers.ok);
    assert.deepEqual(fromAnswers.lead, { form_id: 'meta', client_name: 'Ana', client_source: 'Balcão' });
  });

  it('leaves out what the checkers refuse and says which keys; refuses only a lead without a name', () => {
    const kept = leadFromMeta(
      { campaign_name: 'x'.repeat(201), field_data: [field('full_name', 'Ana'), field('email', 'ana@'), field('date_of_birth', '31/31/1990')] },
      { today: TODAY },
    );
    assert.ok(kept.ok);
    assert.deepEqual(kept.lead, { client_name: 'Ana' });
    assert.deepEqual(kept.dropped.map((issue) => issue.key).sort(), ['campaign_name', 'client_birth_month', 'client_email']);
    const nameless = leadFromMeta({ field_data: [field('email', 'ana@exemplo.pt')] });
    assert.deepEqual(nameless, { ok: false, issues: [{ key: 'client_name', code: 'empty' }] });
  });

  const answer = fc.record({ name: fc.oneof(fc.constantFrom(...Object.keys(DEFAULT_FIELD_MAP)), fc.string()), values: fc.array(fc.string(), { maxLength: 3 }) });
  const name = fc.stringMatching(/^[A-Za-zÀ-ÿ]{2,12}( [A-Za-zÀ-ÿ]{2,12}){0,2}$/);

  it('never throws, and what it gives back is a lead the checkers accept unchanged (property)', () => {
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 8 }), fc.anything(), fc.constantFrom('fb', 'ig', undefined), (fieldData, campaign, platform) => {
        const result = leadFromMeta({ field_data: fieldData, campaign_name: campaign, platform }, { sources: { facebook: 'F', instagram: 'I' }, today: TODAY });
        if (result.ok) assert.deepEqual(checkLead(result.lead, { postalCodes: 'any', today: TODAY }), { ok: true, lead: result.lead });
      }),
    );
  });

  // Custom questions mapped to keys one by one, the birthday's parts among them.
  const customMap = { dia: 'client_birth_day', mes: 'client_birth_month', ano: 'client_birth_year', nif: 'client_vat', cp: 'client_zipcode', obs: 'custom_1' } as const;
  const fieldMap = parseFieldMap(JSON.stringify(customMap));
  const anyAnswer = fc.record({
    name: fc.oneof(fc.constantFrom(...Object.keys(DEFAULT_FIELD_MAP), ...Object.keys(customMap)), fc.string()),
    values: fc.array(fc.oneof(fc.string(), fc.integer({ min: -5, max: 2100 }).map(String)), { maxLength: 3 }),
  });

  it('always delivers a lead with a full name, whatever the other answers, mapped by default or one by one (property)', () => {
    fc.assert(
      fc.property(name, fc.array(anyAnswer, { maxLength: 8 }), fc.boolean(), (fullName, others, custom) => {
        const fieldData = [field('full_name', fullName), ...others.filter((other) => !['full_name', 'first_name', 'last_name'].includes(other.name))];
        const result = leadFromMeta({ field_data: fieldData }, { today: TODAY, ...(custom ? { fieldMap } : {}) });
        assert.ok(result.ok, JSON.stringify(result));
      }),
    );
  });

  it('leaves out a birthday whose parts, mapped one by one, do not make a date, and delivers the rest', () => {
    const cases: [string, Record<string, string>][] = [
      ['a year alone', { ano: '1985' }],
      ['the 31st of February', { dia: '31', mes: '2', ano: '1985' }],
      ['a year to come', { dia: '1', mes: '2', ano: '2090' }],
      ['day 40', { dia: '40', mes: '2', ano: '1985' }],
    ];
    for (const [label, parts] of cases) {
      const result = leadFromMeta(
        { field_data: [field('full_name', 'Ana Silva'), field('email', 'ana@exemplo.pt'), ...Object.entries(parts).map(([question, value]) => field(question, value))] },
        { fieldMap, today: TODAY },
      );
      assert.ok(result.ok, `${label}: ${JSON.stringify(result)}`);
      assert.deepEqual(result.lead, { client_name: 'Ana Silva', client_email: 'ana@exemplo.pt' }, label);
      assert.ok(result.dropped.length > 0 && result.dropped.every((issue) => issue.key.startsWith('client_birth_') || issue.key === 'birthday'), label);
    }
  });
});

describe('Meta webhook signature', () => {
  const hex = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');

  it('accepts the HMAC of the exact bytes, and refuses any other (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.uint8Array({ maxLength: 300 }), fc.nat(), async (secret, bytes, flip) => {
        const key = await appSecretKey(secret);
        const body = new Uint8Array(bytes);
        const mac = hex(secret, body);
        assert.equal(await checkSignature(key, body, `sha256=${mac}`), 'valid');
        assert.equal(await checkSignature(key, body, `sha256=${mac.toUpperCase()}`), 'valid');
        const position = flip % 64;
        const other = `${mac.slice(0, position)}${mac[position] === '0' ? '1' : '0'}${mac.slice(position + 1)}`;
        assert.equal(await checkSignature(key, body, `sha256=${other}`), 'wrong');
      }),
      { numRuns: 50 },
    );
  });

  it('tells a missing header from a wrong one', async () => {
    const key = await appSecretKey('s');
    const body = new Uint8Array([123, 125]);
    assert.equal(await checkSignature(key, body, null), 'missing');
    assert.equal(await checkSignature(key, body, ' '), 'missing');
    assert.equal(await checkSignature(key, body, 'sha1=abc'), 'wrong');
    assert.equal(await checkSignature(key, body, `sha256=${hex('s', body)}00`), 'wrong');
  });

  it('computes appsecret_proof as Meta does (HMAC-SHA256 of the token, hex)', async () => {
    assert.equal(await hmacHex(await appSecretKey('secret'), 'token'), createHmac('sha256', 'secret').update('token').digest('hex'));
  });

  it('compares verify tokens by content only (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => assert.equal(timingSafeEqual(a, b), a === b)));
  });
});
