import { chunks } from '../parts/chunks.js';
import { lazyPart } from '../parts/lazy-part.js';
import type { FieldCheckers } from './field-checkers.js';
import { FIELDS, type FieldName, type FieldSpec } from './fields.js';

const checkers = lazyPart(chunks.fieldCheckers, 'no checks for birthday, postal code, NIF and CC; they are sent as typed.');

/** The field checkers if they are in hand, else `undefined`. */
export const loadedFieldCheckers = (): FieldCheckers | undefined => checkers.value;

/**
 * Whether a form with these fields must load the field checkers before it
 * judges a submit: it has one of their fields and they are not in hand (nor
 * known to be out of reach).
 */
export const needsFieldCheckers = (fields: readonly FieldName[]): boolean =>
  !checkers.value && !checkers.failed && fields.some((field) => (FIELDS[field] as FieldSpec).loadedChecker);

/**
 * Loads the field checkers, once per page. Resolves when they are in hand or
 * could not be loaded; never rejects. Without them those fields are checked
 * only for being filled in and not too long (`validateForm`): a lead is never
 * refused because a check could not be made.
 */
export const loadFieldCheckers = (): Promise<unknown> => checkers.load();

/** The field checkers, loaded on demand: `within()` waits for them. */
export const fieldCheckersPart = checkers;
