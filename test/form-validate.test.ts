import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { FIELD_NAMES, type FieldName, type RequirableName } from '../src/form/config.js';
import { loadFieldCheckers } from '../src/form/field-checkers-loader.js';
import { type ErrorSubject, type FieldError, type FormSpec, INPUT_NAMES, type InputName, needsEitherContact, validateForm } from '../src/form/validate.js';
import { LEAD_KEYS, parseLead } from '../src/lead/schema.js';

/** What a test changes of the default spec; `required` as a list. */
type SpecChanges = Partial<Omit<FormSpec, 'required'>> & { required?: RequirableName[] };

/** A spec with the element's defaults, changed by `changes`. */
function spec(changes: SpecChanges = {}): FormSpec {
  const { required = [], ...rest } = changes;
  return {
    fields: ['name', 'email', 'mobile'],
    choices: { source: [], segment: [] },
    presets: {},
    consent: false,
    defaultCountry: 'PT',
    today: new Date(2024, 5, 15),
    ...rest,
    required: new Set(required),
  };
}

const ALL: FieldName[] = [...FIELD_NAMES];

describe('validateForm', () => {
  // The birthday, postal code, NIF and CC checkers load on demand, as in the
  // widget; validateForm uses them once they are in hand.
  before(() => loadFieldCheckers());

  describe('builds the payload', () => {
    const cases: [string, SpecChanges, Record<string, string>, Record<string, unknown>][] = [
      ['the name alone, tidied', { fields: ['name'] }, { client_name: '  Ana \n Rita ' }, { client_name: 'Ana Rita' }],
      ['a mobile in E.164', {}, { client_name: 'Ana', client_mobile: '00351 912-345-678' }, { client_name: 'Ana', client_mobile: '+351912345678' }],
      ['an email with its domain in lower case', {}, { client_name: 'Ana', client_email: ' Ana@Exemplo.PT ' }, { client_name: 'Ana', client_email: 'Ana@exemplo.pt' }],
      ['a birthday without a year', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '07', client_birth_month: '3', client_birth_year: ' ' }, { client_name: 'Ana', client_birth_day: 7, client_birth_month: 3 }],
      ['a birthday with a year', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '29', client_birth_month: '2', client_birth_year: '2000' }, { client_name: 'Ana', client_birth_day: 29, client_birth_month: 2, client_birth_year: 2000 }],
      ['a Portuguese address', { fields: ['name', 'address'] }, { client_name: 'Ana', client_street: ' Rua do Ouro, 12 ', client_zipcode: '1100 060', client_city: 'Lisboa' }, { client_name: 'Ana', client_street: 'Rua do Ouro, 12', client_zipcode: '1100-060', client_city: 'Lisboa' }],
      ['a foreign postal code as typed', { fields: ['name', 'address'], defaultCountry: 'GB' }, { client_name: 'Ann', client_zipcode: ' SW1A  1AA ' }, { client_name: 'Ann', client_zipcode: 'SW1A 1AA' }],
      ['canonical NIF and citizen card', { fields: ['name', 'vat', 'cc'] }, { client_name: 'Ana', client_vat: 'pt501.964.843', client_cc: '00000000-0-zz4' }, { client_name: 'Ana', client_vat: '501964843', client_cc: '00000000 0 ZZ4' }],
      ['free texts', { fields: ['name', 'ref', 'custom_1', 'custom_2'] }, { client_name: 'Ana', client_ref: ' 17 ', custom_1: 'a\tb', custom_2: '' }, { client_name: 'Ana', client_ref: '17', custom_1: 'a b' }],
      ['nothing from fields not shown', { fields: ['name'] }, { client_name: 'Ana', client_vat: '501964843', client_email: 'a@b.pt', utm_source: 'x' }, { client_name: 'Ana' }],
      ['never the consent or the spam trap', { fields: ['name'], consent: true }, { client_name: 'Ana', zappy_consent: 'yes', zappy_website: '' }, { client_name: 'Ana' }],
      ['presets, when not empty', { fields: ['name'], presets: { form_id: '28842', campaign_name: '', client_source: 'Website' } }, { client_name: 'Ana' }, { form_id: '28842', client_source: 'Website', client_name: 'Ana' }],
      ['a chosen option as written, over the preset', { fields: ['name'], choices: { source: ['Amigos, família', 'Google'], segment: [] }, presets: { client_source: 'Website' } }, { client_name: 'Ana', client_source: 'Amigos, família' }, { client_source: 'Amigos, família', client_name: 'Ana' }],
      ['the preset when no option is chosen', { fields: ['name'], choices: { source: ['Google'], segment: [] }, presets: { client_source: 'Website' } }, { client_name: 'Ana', client_source: '' }, { client_source: 'Website', client_name: 'Ana' }],
      ['no value outside the options (a tampered select)', { fields: ['name'], choices: { source: [], segment: ['A'] } }, { client_name: 'Ana', client_segment: 'B' }, { client_name: 'Ana' }],
    ];
    for (const [what, s, values, lead] of cases) {
      it(what, () => {
        const result = validateForm(values, spec(s));
        expect(result).to.deep.equal({ ok: true, lead });
        if (result.ok) expect(parseLead(result.lead)).to.deep.equal({ ok: true, lead });
      });
    }
  });

  describe('reports what to fix, in form order', () => {
    const cases: [string, SpecChanges, Record<string, string>, FieldError[]][] = [
      ['a missing name', { fields: ['name'] }, {}, [{ subject: 'name', code: 'empty', inputs: ['client_name'] }]],
      ['neither email nor mobile, once, on the first of the two', {}, { client_name: 'Ana' }, [{ subject: 'email', code: 'contact-empty', inputs: ['client_email', 'client_mobile'] }]],
      ['the pair the other way round', { fields: ['mobile', 'name', 'email'] }, {}, [
        { subject: 'mobile', code: 'contact-empty', inputs: ['client_mobile', 'client_email'] },
        { subject: 'name', code: 'empty', inputs: ['client_name'] },
      ]],
      ['a required email, the mobile then optional', { required: ['email'] }, { client_name: 'Ana' }, [{ subject: 'email', code: 'empty', inputs: ['client_email'] }]],
      ['the reason code of the checker', {}, { client_name: 'Ana', client_email: 'ana@', client_mobile: '212345678' }, [
        { subject: 'email', code: 'format', inputs: ['client_email'] },
        { subject: 'mobile', code: 'not-mobile', inputs: ['client_mobile'] },
      ]],
      ['every part of a blank required date', { fields: ['name', 'birthday'], required: ['birthday', 'birthday-year'] }, { client_name: 'Ana' }, [
        { subject: 'birthday', code: 'empty', inputs: ['client_birth_day', 'client_birth_month', 'client_birth_year'] },
      ]],
      ['the parts a date lacks', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_year: '1990' }, [
        { subject: 'birthday', code: 'missing-day', inputs: ['client_birth_day', 'client_birth_month'] },
      ]],
      ['a date after today', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '16', client_birth_month: '6', client_birth_year: '2024' }, [
        { subject: 'birthday', code: 'future', inputs: ['client_birth_day', 'client_birth_month', 'client_birth_year'] },
      ]],
      ['each part of a required address', { fields: ['name', 'address'], required: ['address'] }, { client_name: 'Ana', client_zipcode: '1000' }, [
        { subject: 'street', code: 'empty', inputs: ['client_street'] },
        { subject: 'zipcode', code: 'format', inputs: ['client_zipcode'] },
        { subject: 'city', code: 'empty', inputs: ['client_city'] },
      ]],
      ['choices and consent after the fields', { fields: ['name'], choices: { source: ['A'], segment: ['B'] }, required: ['source', 'segment'], consent: true }, {}, [
        { subject: 'name', code: 'empty', inputs: ['client_name'] },
        { subject: 'source', code: 'empty', inputs: ['client_source'] },
        { subject: 'segment', code: 'empty', inputs: ['client_segment'] },
        { subject: 'consent', code: 'empty', inputs: ['zappy_consent'] },
      ]],
      ['text over its limit', { fields: ['name', 'custom_1'] }, { client_name: 'Ana', custom_1: 'x'.repeat(501) }, [{ subject: 'custom_1', code: 'too-long', inputs: ['custom_1'] }]],
    ];
    for (const [what, s, values, errors] of cases) {
      it(what, () => {
        expect(validateForm(values, spec(s))).to.deep.equal({ ok: false, errors });
      });
    }
  });

  describe('without the field checkers (they could not be loaded)', () => {
    const without = { checkers: null };
    const cases: [string, SpecChanges, Record<string, string>, Record<string, unknown>][] = [
      ['a NIF and CC as typed, tidied', { fields: ['name', 'vat', 'cc'] }, { client_name: 'Ana', client_vat: ' 123 456 780 ', client_cc: 'abc' }, { client_name: 'Ana', client_vat: '123 456 780', client_cc: 'abc' }],
      ['a postal code as typed', { fields: ['name', 'address'] }, { client_name: 'Ana', client_zipcode: '1100 060' }, { client_name: 'Ana', client_zipcode: '1100 060' }],
      ['a birthday of plain numbers', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '07', client_birth_month: '3', client_birth_year: '1990' }, { client_name: 'Ana', client_birth_day: 7, client_birth_month: 3, client_birth_year: 1990 }],
      ['a birthday without a readable year', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '7', client_birth_month: '3', client_birth_year: '90x' }, { client_name: 'Ana', client_birth_day: 7, client_birth_month: 3 }],
      ['no birthday when day or month cannot be read', { fields: ['name', 'birthday'] }, { client_name: 'Ana', client_birth_day: '32', client_birth_month: '3' }, { client_name: 'Ana' }],
    ];
    for (const [what, s, values, lead] of cases) {
      it(what, () => {
        expect(validateForm(values, spec(s), without)).to.deep.equal({ ok: true, lead });
      });
    }

    it('still asks for what is required, and refuses nothing else', () => {
      const s = spec({ fields: ['name', 'birthday', 'address', 'vat', 'cc'], required: ['birthday', 'address', 'vat', 'cc'] });
      expect(validateForm({ client_name: 'Ana' }, s, without)).to.deep.equal({
        ok: false,
        errors: [
          { subject: 'birthday', code: 'empty', inputs: ['client_birth_day', 'client_birth_month', 'client_birth_year'] },
          { subject: 'street', code: 'empty', inputs: ['client_street'] },
          { subject: 'zipcode', code: 'empty', inputs: ['client_zipcode'] },
          { subject: 'city', code: 'empty', inputs: ['client_city'] },
          { subject: 'vat', code: 'empty', inputs: ['client_vat'] },
          { subject: 'cc', code: 'empty', inputs: ['client_cc'] },
        ],
      });
      const filled = { client_name: 'Ana', client_birth_day: 'x', client_street: 'R', client_zipcode: '?', client_city: 'C', client_vat: '1', client_cc: '2' };
      expect(validateForm(filled, s, without).ok).to.equal(true);
    });
  });

  describe('needsEitherContact', () => {
    const cases: [FieldName[], RequirableName[], boolean][] = [
      [['name', 'email', 'mobile'], [], true],
      [['name', 'email', 'mobile'], ['email'], false],
      [['name', 'email', 'mobile'], ['mobile'], false],
      [['name', 'email'], [], false],
      [['name', 'mobile', 'vat'], [], false],
    ];
    for (const [fields, required, expected] of cases) {
      it(`${fields.join(' ')} requiring [${required.join(' ')}] → ${expected}`, () => {
        expect(needsEitherContact(spec({ fields, required }))).to.equal(expected);
      });
    }
  });

  describe('properties', () => {
    const CONTROLS = Object.values(INPUT_NAMES);
    const REQUIRABLE: RequirableName[] = [...FIELD_NAMES, 'source', 'segment', 'birthday-year'];
    // Realistic, valid, empty and arbitrary values, so both outcomes are common.
    const SAMPLES: Record<string, string[]> = {
      client_name: ['Ana', ' José  Silva ', 'Zoë 🌸'],
      client_email: ['ana@exemplo.pt', 'A.B+c@Sub.Exemplo.COM'],
      client_mobile: ['912 345 678', '+44 7400 123456', '(+351) 93-123-4567'],
      client_birth_day: ['1', '07', '31'],
      client_birth_month: ['2', '12', 'março'],
      client_birth_year: ['1985', '2000', ''],
      client_street: ['Rua do Ouro, 12'],
      client_zipcode: ['1000-001', '4000 123'],
      client_city: ['Porto'],
      client_vat: ['501964843', 'PT 123 456 789'],
      client_cc: ['00000000 0 ZZ4'],
      client_ref: ['R-1'],
      custom_1: ['x'],
      custom_2: ['y'],
      client_source: ['Google', 'Amigos, família'],
      client_segment: ['VIP'],
      zappy_consent: ['yes'],
    };
    const valueOf = (name: string) =>
      fc.oneof(
        { arbitrary: fc.constant(''), weight: 3 },
        { arbitrary: fc.constantFrom(...(SAMPLES[name] ?? [''])), weight: 3 },
        { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 1 },
      );
    const values = fc.record(Object.fromEntries(CONTROLS.map((name) => [name, valueOf(name)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
    const specs = fc.record({
      fields: fc.shuffledSubarray(ALL, { minLength: 1 }),
      required: fc.subarray(REQUIRABLE, { maxLength: 3 }),
      consent: fc.boolean(),
      defaultCountry: fc.constantFrom('PT', 'ES', 'GB', 'US', 'XX'),
      sources: fc.constantFrom([], ['Google', 'Amigos, família']),
    }).map(({ fields, required, consent, defaultCountry, sources }) =>
      spec({ fields: fields.includes('name') ? fields : ['name', ...fields], required, consent, defaultCountry, choices: { source: sources, segment: ['VIP'] }, presets: { form_id: '28842' } }),
    );

    // A value every field's checker takes, with and without the field
    // checkers and in any default country, and what it is sent as.
    const FILLED: Record<FieldName, [Record<string, string>, Record<string, string | number>][]> = {
      name: [
        [{ client_name: '  Ana \n Rita ' }, { client_name: 'Ana Rita' }],
        [{ client_name: 'Zoë 🌸' }, { client_name: 'Zoë 🌸' }],
      ],
      email: [
        [{ client_email: ' Ana@Exemplo.PT ' }, { client_email: 'Ana@exemplo.pt' }],
        [{ client_email: 'ana.rita+leads@gmail.com' }, { client_email: 'ana.rita+leads@gmail.com' }],
      ],
      mobile: [
        [{ client_mobile: '+351 912 345 678' }, { client_mobile: '+351912345678' }],
        [{ client_mobile: '+351 93-123-4567' }, { client_mobile: '+351931234567' }],
      ],
      birthday: [
        [{ client_birth_day: '07', client_birth_month: '3', client_birth_year: '1985' }, { client_birth_day: 7, client_birth_month: 3, client_birth_year: 1985 }],
        [{ client_birth_day: '29', client_birth_month: '2', client_birth_year: ' 2000 ' }, { client_birth_day: 29, client_birth_month: 2, client_birth_year: 2000 }],
      ],
      address: [
        [{ client_street: ' Rua do Ouro,  12 ', client_zipcode: '1000-001', client_city: 'Lisboa' }, { client_street: 'Rua do Ouro, 12', client_zipcode: '1000-001', client_city: 'Lisboa' }],
      ],
      vat: [[{ client_vat: '501964843' }, { client_vat: '501964843' }]],
      cc: [[{ client_cc: '00000000 0 ZZ4' }, { client_cc: '00000000 0 ZZ4' }]],
      ref: [[{ client_ref: ' R-17 ' }, { client_ref: 'R-17' }]],
      custom_1: [[{ custom_1: 'Manhãs\tcedo' }, { custom_1: 'Manhãs cedo' }]],
      custom_2: [[{ custom_2: 'Corte' }, { custom_2: 'Corte' }]],
    };
    /** The controls of each field group, in form order. */
    const CONTROLS_OF: Record<FieldName, InputName[]> = {
      name: [INPUT_NAMES.name],
      email: [INPUT_NAMES.email],
      mobile: [INPUT_NAMES.mobile],
      birthday: [INPUT_NAMES.day, INPUT_NAMES.month, INPUT_NAMES.year],
      address: [INPUT_NAMES.street, INPUT_NAMES.zipcode, INPUT_NAMES.city],
      vat: [INPUT_NAMES.vat],
      cc: [INPUT_NAMES.cc],
      ref: [INPUT_NAMES.ref],
      custom_1: [INPUT_NAMES.custom_1],
      custom_2: [INPUT_NAMES.custom_2],
    };
    /** The controls a spec shows, in form order: the fields, then the choices, then the consent. */
    const shownControls = (s: FormSpec): InputName[] => [
      ...s.fields.flatMap((field) => CONTROLS_OF[field]),
      ...(['source', 'segment'] as const).filter((choice) => s.choices[choice].length > 0).map((choice) => INPUT_NAMES[choice]),
      ...(s.consent ? [INPUT_NAMES.consent] : []),
    ];

    /**
     * A form filled in completely with values the checkers take: its spec,
     * the values (valid ones for the fields not shown too, and a stray key),
     * and the lead it must give.
     */
    const filledForms = fc
      .record({
        s: specs,
        variants: fc.record(Object.fromEntries(ALL.map((field) => [field, fc.nat({ max: FILLED[field].length - 1 })])) as Record<FieldName, fc.Arbitrary<number>>),
        presets: fc.constantFrom({}, { form_id: '28842' }, { form_id: '28842', campaign_name: 'Verão', client_source: 'Website', client_segment: '' }),
        source: fc.constantFrom('Google', 'Amigos, família'),
      })
      .map(({ s, variants, presets, source }) => {
        const form: FormSpec = { ...s, presets };
        const values: Record<string, string> = { utm_source: 'newsletter' };
        const lead: Record<string, string | number> = Object.fromEntries(Object.entries(presets).filter(([, value]) => value !== ''));
        for (const field of ALL) {
          const [typed, sent] = FILLED[field][variants[field]]!;
          Object.assign(values, typed);
          if (form.fields.includes(field)) Object.assign(lead, sent);
        }
        for (const [choice, value] of [['source', source], ['segment', 'VIP']] as const) {
          values[INPUT_NAMES[choice]] = value;
          if (form.choices[choice].length > 0) lead[INPUT_NAMES[choice]] = value;
        }
        if (form.consent) values[INPUT_NAMES.consent] = 'on';
        return { s: form, values, lead };
      });

    /** One thing a visitor can leave blank, and whether the form then refuses. */
    interface Blank {
      subject: ErrorSubject;
      controls: InputName[];
      required: boolean;
    }
    const blanksOf = (s: FormSpec): Blank[] => {
      const has = (name: RequirableName) => name === 'name' || s.required.has(name);
      const blanks: Blank[] = [];
      for (const field of s.fields) {
        if (field === 'address') {
          for (const part of ['street', 'zipcode', 'city'] as const) blanks.push({ subject: part, controls: [INPUT_NAMES[part]], required: has('address') });
        } else {
          blanks.push({ subject: field, controls: CONTROLS_OF[field], required: has(field) });
        }
        if (field === 'birthday' && !has('birthday-year')) blanks.push({ subject: 'birthday', controls: [INPUT_NAMES.year], required: false });
      }
      for (const choice of ['source', 'segment'] as const) {
        if (s.choices[choice].length > 0) blanks.push({ subject: choice, controls: [INPUT_NAMES[choice]], required: has(choice) });
      }
      if (s.consent) blanks.push({ subject: 'consent', controls: [INPUT_NAMES.consent], required: true });
      return blanks;
    };

    for (const [mode, options] of [['', {}], [' (without the field checkers)', { checkers: null }]] as const) {
      it(`accepts a form filled in with values the checkers take, sending exactly its fields and the presets${mode}`, () => {
        fc.assert(
          fc.property(filledForms, ({ s, values, lead }) => {
            const result = validateForm(values, s, options);
            expect(result).to.deep.equal({ ok: true, lead });
            expect(parseLead(lead)).to.deep.equal({ ok: true, lead });
          }),
          { numRuns: 150 },
        );
      });

      it(`refuses such a form with one required part blanked for that part alone, and sends it without an optional one${mode}`, () => {
        fc.assert(
          fc.property(filledForms, fc.nat(), ({ s, values, lead }, pick) => {
            const blanks = blanksOf(s);
            const blank = blanks[pick % blanks.length]!;
            const result = validateForm({ ...values, ...Object.fromEntries(blank.controls.map((name) => [name, ''])) }, s, options);
            if (blank.required) {
              expect(result.ok, blank.controls.join()).to.equal(false);
              const errors = result.ok ? [] : result.errors;
              expect(errors.map((e) => [e.subject, e.code])).to.deep.equal([[blank.subject, 'empty']]);
              // A blank date marks the parts it needs (all three without the checkers).
              expect(errors[0]!.inputs[0]).to.equal(blank.controls[0]);
              expect(errors[0]!.inputs.every((name) => blank.controls.includes(name))).to.equal(true);
            } else {
              const rest: Record<string, unknown> = { ...lead };
              for (const name of blank.controls) {
                delete rest[name];
                // A blank choice falls back to its preset.
                const preset = s.presets[name as keyof FormSpec['presets']];
                if (preset) rest[name] = preset;
              }
              expect(result).to.deep.equal({ ok: true, lead: rest });
            }
          }),
          { numRuns: 200 },
        );
      });

      it(`names only controls the form shows, error by error in form order, and sends only their values and the presets${mode}`, () => {
        fc.assert(
          fc.property(values, specs, (input, s) => {
            const shown = shownControls(s);
            const result = validateForm(input, s, options);
            if (result.ok) {
              const allowed = [...shown, ...Object.keys(s.presets)];
              expect(Object.keys(result.lead).filter((key) => !allowed.includes(key as InputName))).to.deep.equal([]);
              return;
            }
            for (const { inputs } of result.errors) {
              expect(inputs.filter((name) => !shown.includes(name)), 'controls not shown').to.deep.equal([]);
              expect(new Set(inputs).size).to.equal(inputs.length);
            }
            const firsts = result.errors.map(({ inputs }) => shown.indexOf(inputs[0]!));
            expect(firsts, 'in form order').to.deep.equal([...new Set(firsts)].sort((a, b) => a - b));
          }),
          { numRuns: 200 },
        );
      });

      it(`does not depend on the order the values come in${mode}`, () => {
        const reordered = values.chain((input) =>
          fc
            .shuffledSubarray(Object.entries(input), { minLength: Object.keys(input).length })
            .map((entries) => [input, Object.fromEntries(entries)] as const),
        );
        fc.assert(
          fc.property(reordered, specs, ([input, shuffled], s) => {
            expect(validateForm(shuffled, s, options)).to.deep.equal(validateForm(input, s, options));
          }),
          { numRuns: 100 },
        );
      });

      it(`gives only payloads that createLead takes as they are${mode}`, () => {
        let valid = 0;
        fc.assert(
          fc.property(values, specs, (input, s) => {
            const result = validateForm(input, s, options);
            if (!result.ok) return;
            valid += 1;
            expect(Object.keys(result.lead).every((key) => (LEAD_KEYS as string[]).includes(key))).to.equal(true);
            expect(parseLead(result.lead)).to.deep.equal({ ok: true, lead: result.lead });
          }),
          { numRuns: 200 },
        );
        // The property must have been exercised, not vacuously true.
        expect(valid).to.be.greaterThan(5);
      });

      it(`gives the same payload when its own values are typed again (normalising is stable)${mode}`, () => {
        fc.assert(
          fc.property(values, specs, (input, s) => {
            const first = validateForm(input, s, options);
            if (!first.ok) return;
            const again = { ...input, ...Object.fromEntries(Object.entries(first.lead).map(([key, value]) => [key, String(value)])) };
            expect(validateForm(again, s, options)).to.deep.equal(first);
          }),
          { numRuns: 200 },
        );
      });
    }
  });
});
