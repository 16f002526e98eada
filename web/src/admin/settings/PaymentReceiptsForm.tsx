import type { Settings } from '../../types.ts';
import { CheckboxSetting, SettingsFormCard, useSettingsForm } from '../settings-form.tsx';

/** Whether online payments email the client a receipt with its PDF (organisation setting, PATCH /settings). */
export function PaymentReceiptsForm({ settings }: { settings: Settings }) {
  const form = useSettingsForm(settings);
  return (
    <SettingsFormCard
      form={form}
      title="Payment receipts"
      readOnly={false}
      submitLabel="Save receipt setting"
    >
      <CheckboxSetting form={form} name="sendPaymentReceipts">
        Email the client a receipt (PDF) when they pay online
      </CheckboxSetting>
      <p className="muted small">
        Payments you record by hand offer the same receipt when you record them, and any received payment can
        be emailed its receipt from the invoice.
      </p>
    </SettingsFormCard>
  );
}
