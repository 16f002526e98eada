import { z } from 'zod';
import { SUPPORTED_LANGUAGES } from '../../domain/language.ts';
import { longText, shortText, uuid } from '../schemas.ts';
import { clientEInvoiceFields, countryCodeInput } from './einvoice-settings-schemas.ts';

/** A postal address as a client's or the business's settings take it. */
export const postalAddressInput = z.strictObject({
  line1: shortText().optional(),
  line2: shortText().optional(),
  city: shortText(100).optional(),
  region: shortText(100).optional(),
  postalCode: shortText(20).optional(),
  country: shortText(100).optional(),
  countryCode: countryCodeInput,
});

/** The fields of a client a request may set; server-free, so the web app checks its form with the same rules. */
const contactSchema = z.strictObject({
  id: uuid.optional(),
  name: shortText().min(1),
  email: z.union([z.email(), z.literal('')]).optional(),
  phone: shortText(50).optional(),
});

export const clientFields = {
  company: shortText().optional(),
  email: z.union([z.email(), z.literal('')]).optional(),
  phone: shortText(50).optional(),
  address: postalAddressInput.optional(),
  currency: z.string().length(3).toUpperCase().nullable().optional(),
  taxId: shortText(50).optional(),
  notes: longText.optional(),
  contacts: z.array(contactSchema).max(50).optional(),
  language: z.enum(SUPPORTED_LANGUAGES).nullable().optional().meta({
    description:
      "Language of the client's documents, emails and portal (en, de, fr, es, nl, it, pt); null: the organisation's",
  }),
  ...clientEInvoiceFields,
};

/** The body that creates a client. */
export const newClientBody = z.strictObject({ name: shortText().min(1), ...clientFields });
