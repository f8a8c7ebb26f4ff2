import { chunks } from '../chunks.js';
import type { FieldName } from './config.js';
import type { FieldCheckers } from './field-checkers.js';

/** Fields whose checkers are not in the widget itself but in `./field-checkers.ts`. */
const FIELDS_WITH_LOADED_CHECKERS: ReadonlySet<FieldName> = new Set<FieldName>(['birthday', 'address', 'vat', 'cc']);

let checkers: FieldCheckers | undefined;
let unavailable = false;
let loading: Promise<void> | undefined;

/** The field checkers if they are in hand, else `undefined`. */
export const loadedFieldCheckers = (): FieldCheckers | undefined => checkers;

/**
 * Whether a form with these fields must load the field checkers before it
 * judges a submit: it has one of their fields and they are not in hand (nor
 * known to be out of reach).
 */
export const needsFieldCheckers = (fields: readonly FieldName[]): boolean =>
  !checkers && !unavailable && fields.some((field) => FIELDS_WITH_LOADED_CHECKERS.has(field));

/**
 * Loads the field checkers, once per page. Resolves when they are in hand or
 * could not be loaded; never rejects. Without them those fields are checked
 * only for being filled in and not too long (`validateForm`): a lead is never
 * refused because a check could not be made.
 */
export function loadFieldCheckers(): Promise<void> {
  if (checkers || unavailable) return Promise.resolve();
  loading ??= chunks.fieldCheckers().then(
    (loaded) => {
      checkers = loaded;
    },
    (error: unknown) => {
      unavailable = true;
      console.warn('zappy-lead-form: no checks for birthday, postal code, NIF and CC; they are sent as typed.', error);
    },
  );
  return loading;
}
