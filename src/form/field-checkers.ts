import { checkBirthday } from '../lead/birthday.js';
import { checkCitizenCard } from '../lead/citizen-card.js';
import { checkNif } from '../lead/nif.js';
import { checkPostalCode } from '../lead/postal-code.js';

/**
 * The checkers of the fields most forms leave out: birthday, address (its
 * postal code), NIF and Citizen Card. They load on demand (`../parts/chunks.ts`)
 * when a form shows one of those fields, so a name-email-mobile form does not
 * download them; `./field-checkers-loader.ts` keeps them once loaded.
 */
export const fieldCheckers = {
  birthday: checkBirthday,
  citizenCard: checkCitizenCard,
  nif: checkNif,
  postalCode: checkPostalCode,
};

/** The checkers {@link fieldCheckers} brings. */
export type FieldCheckers = typeof fieldCheckers;
