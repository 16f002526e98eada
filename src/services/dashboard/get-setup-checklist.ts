import { sql } from 'kysely';
import type { ServiceDeps } from '../context.ts';

/** The first-run steps, in the order a new business usually takes them. */
export const SETUP_STEPS = [
  'business_details',
  'logo',
  'tax_rates',
  'payment_details',
  'smtp',
  'first_client',
  'first_invoice',
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface SetupChecklist {
  /** Every step done: the dashboard no longer shows the checklist. */
  complete: boolean;
  steps: { id: SetupStep; done: boolean }[];
}

/**
 * Which first-run steps are done, read from the data itself (nothing is stored about the checklist): business
 * details are a name, an email and an address line or city; payment details are an enabled gateway, an IBAN or
 * payment instructions; the first invoice is one that left Draft.
 */
export async function getSetupChecklist(deps: ServiceDeps): Promise<SetupChecklist> {
  const { rows } = await sql<Record<SetupStep, boolean>>`
    select
      exists (select 1 from settings where business_name <> '' and email <> ''
              and (address_line1 <> '' or city <> '')) as business_details,
      exists (select 1 from settings_logo) as logo,
      exists (select 1 from tax_rates where archived_at is null) as tax_rates,
      (exists (select 1 from gateway_settings where enabled)
        or exists (select 1 from settings where iban <> '' or payment_instructions <> '')) as payment_details,
      exists (select 1 from smtp_settings) as smtp,
      exists (select 1 from clients) as first_client,
      exists (select 1 from invoices where status <> 'draft') as first_invoice
  `.execute(deps.db);
  const state = rows[0]!;
  const steps = SETUP_STEPS.map((id) => ({ id, done: state[id] === true }));
  return { complete: steps.every((step) => step.done), steps };
}
