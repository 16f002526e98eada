import { useId, useState } from 'react';
import { termsLabel } from '../format.ts';

/**
 * Terms the API stores: "due_on_receipt", "net_N" (N days after the issue date, 0 to 365), "eom" / "eom_next"
 * (last day of the issue month / of the next month) or "fixed_date".
 */
const PRESETS = ['due_on_receipt', 'net_7', 'net_15', 'net_30', 'net_45', 'net_60', 'eom', 'eom_next'];
const CUSTOM = 'custom';
const NET = /^net_(\d+)$/;

/**
 * Payment terms by name: Due on receipt, Net 7 to 60, end of month, a custom number of days and, where a document has its own
 * due date, Fixed date. The value is the API's wire form ("net_30").
 */
export function PaymentTermsSelect({
  value,
  onChange,
  allowFixedDate = false,
  ...props
}: {
  value: string;
  onChange: (terms: string) => void;
  allowFixedDate?: boolean;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
}) {
  const daysId = useId();
  const isCustomNet = NET.test(value) && !PRESETS.includes(value);
  const [custom, setCustom] = useState(isCustomNet);
  const [days, setDays] = useState(() => NET.exec(value)?.[1] ?? '30');
  const choices = allowFixedDate ? [...PRESETS, 'fixed_date'] : PRESETS;
  const known = choices.includes(value) || isCustomNet;
  function pick(next: string) {
    if (next === CUSTOM) {
      setCustom(true);
      onChange(`net_${days}`);
    } else {
      setCustom(false);
      onChange(next);
    }
  }
  function typeDays(next: string) {
    setDays(next);
    onChange(`net_${next.trim()}`);
  }
  return (
    <div className="terms-picker">
      <select
        {...props}
        value={custom || isCustomNet ? CUSTOM : value}
        onChange={(e) => pick(e.target.value)}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {termsLabel(choice)}
          </option>
        ))}
        <option value={CUSTOM}>Custom number of days</option>
        {!known && value && <option value={value}>{termsLabel(value)}</option>}
      </select>
      {(custom || isCustomNet) && (
        <span className="terms-days">
          <label htmlFor={daysId}>Days after the invoice date</label>
          <input
            id={daysId}
            type="number"
            inputMode="numeric"
            min={0}
            max={365}
            step={1}
            disabled={props.disabled}
            aria-invalid={props['aria-invalid']}
            aria-describedby={props['aria-describedby']}
            value={days}
            onChange={(event) => typeDays(event.target.value)}
          />
        </span>
      )}
    </div>
  );
}
