/**
 * Small schemas every master-data kind and the recipe share. Masses travel as exact decimal
 * strings with their unit (src-shared/mass.ts), never as floats; percentages likewise.
 */
import { z } from 'zod';
import { MASS_UNITS } from '../mass.ts';

export const DecimalString = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'a non-negative decimal such as "99.5"');

/** A mass as recorded: exact decimal amount and unit ("12.3450" g). */
export const MassSchema = z.object({
  amount: z.string().regex(/^-?\d{1,15}(\.\d{1,12})?$/, 'a decimal amount such as "12.3450"'),
  unit: z.enum(MASS_UNITS),
});

export const PositiveMassSchema = MassSchema.refine((m) => !m.amount.startsWith('-') && /[1-9]/.test(m.amount), 'must be greater than zero');

/** A calendar day (expiry, retest, calibration due): the material is good through that day. */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date like 2027-06-30');

export const UtcTimeString = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'a UTC time like 2026-01-31T08:00:00.000Z');

/** Identifiers printed on labels and typed by people: no blanks or control characters. */
export const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'letters, digits, . _ / - (max 64)');

/** GTIN-8/12/13/14 as digits (GS1 General Specifications §3.3.2). */
export const Gtin = z.string().regex(/^(\d{8}|\d{12}|\d{13}|\d{14})$/, 'a GTIN of 8, 12, 13 or 14 digits');
