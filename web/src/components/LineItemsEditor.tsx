import { useLayoutEffect, useRef } from 'react';
import type { InvoiceTotals } from '../../../src/domain/totals.ts';
import { UNITS } from '../../../src/domain/units.ts';
import type { TaxRate } from '../types.ts';
import {
  blankLine,
  type ChargesChange,
  type ChargesDraft,
  type DiscountKind,
  type LineDraft,
  showMinor,
  taxOf,
} from './charges.ts';
import { ItemCombobox } from './ItemCombobox.tsx';
import { fillFromItem } from './item-fill.ts';
import { Button, Field } from './ui.tsx';

/**
 * The "Line items" card of an editor: add, remove and reorder lines, each with its quantity, unit, price, discount
 * and tax, and its amount from the live totals. Typing a description offers the catalogue's items; picking one fills
 * the line with its own copy of the item. Labels name the line ("Line 2 unit price") for assistive technology.
 */
export function LineItemsEditor({
  charges,
  onChange,
  rates,
  currency,
  totals,
  leftOut,
  fieldError,
}: {
  charges: ChargesDraft;
  onChange: (change: ChargesChange) => void;
  /** The tax rates one may choose (archived ones left out). */
  rates: TaxRate[];
  currency: string;
  totals?: InvoiceTotals;
  /** Lines the totals leave out until their figures are valid: no amount is shown for them. */
  leftOut?: number[];
  fieldError: (field: string) => string | undefined;
}) {
  const { lines } = charges;
  const show = totals ? showMinor(totals, currency) : null;
  const card = useRef<HTMLDivElement>(null);
  // Where the keyboard focus goes once the lines have re-rendered: the button pressed may be gone or disabled.
  const focusNext = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    card.current?.querySelector<HTMLElement>(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const lineControl = (key: string | undefined, control: string) =>
    key ? `[data-line="${key}"] ${control}` : '.lines-add';
  const addLine = () => {
    const line = blankLine();
    focusNext.current = lineControl(line.key, 'textarea');
    onChange((current) => ({ lines: [...current.lines, line] }));
  };
  const removeLine = (index: number) => {
    // The line that takes its place, else the one before, else the add button.
    focusNext.current = lineControl((lines[index + 1] ?? lines[index - 1])?.key, 'textarea');
    onChange((current) => ({ lines: current.lines.filter((_, i) => i !== index) }));
  };
  const updateLine = (index: number, patch: Partial<LineDraft>) =>
    onChange((current) => ({
      lines: current.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)),
    }));
  const moveLine = (index: number, by: -1 | 1) => {
    // The same button of the moved line, or the other one once it has reached the end.
    const atEnd = index + by === 0 || index + by === lines.length - 1;
    const button = (by === -1) !== atEnd ? 'up' : 'down';
    focusNext.current = lineControl(lines[index]?.key, `[data-move="${button}"]`);
    onChange((current) => {
      const moved = [...current.lines];
      const [line] = moved.splice(index, 1);
      moved.splice(index + by, 0, line!);
      return { lines: moved };
    });
  };

  return (
    <div className="card" ref={card}>
      <h2 id="lines-heading">Line items</h2>
      {fieldError('lines') && <p className="field-error">{fieldError('lines')}</p>}
      <ol className="lines" aria-labelledby="lines-heading">
        {lines.map((line, index) => {
          const n = index + 1;
          const lineTotals = leftOut?.includes(index) ? undefined : totals?.lines[index];
          // A tax typed in through the API, or a rate archived since, has no option of its own in the list.
          const custom = line.taxes.filter(
            (tax) => !tax.taxRateId || !rates.some((rate) => rate.id === tax.taxRateId),
          );
          const selected =
            line.taxes.length === 1 && line.taxes[0]!.taxRateId ? line.taxes[0]!.taxRateId : '';
          return (
            <li key={line.key} className="line" data-line={line.key}>
              <div className="line-main">
                <Field
                  label={`Line ${n} description`}
                  error={fieldError(`lines.${index}.description`)}
                  className="line-description"
                >
                  {(props) => (
                    <ItemCombobox
                      id={props.id}
                      invalid={props['aria-invalid']}
                      describedBy={props['aria-describedby']}
                      label={`line ${n}`}
                      value={line.description}
                      currency={currency}
                      onChange={(description) => updateLine(index, { description })}
                      onPick={(item) => updateLine(index, fillFromItem(item, currency, rates))}
                    />
                  )}
                </Field>
                <Field label="Quantity" error={fieldError(`lines.${index}.quantity`)} className="line-qty">
                  {(props) => (
                    <input
                      {...props}
                      inputMode="decimal"
                      value={line.quantity}
                      aria-label={`Line ${n} quantity`}
                      onChange={(event) => updateLine(index, { quantity: event.target.value })}
                    />
                  )}
                </Field>
                <Field label="Unit" error={fieldError(`lines.${index}.unit`)} className="line-unit">
                  {(props) => (
                    <select
                      {...props}
                      aria-label={`Line ${n} unit`}
                      value={line.unit}
                      onChange={(event) => updateLine(index, { unit: event.target.value })}
                    >
                      <option value="">No unit</option>
                      {UNITS.map((unit) => (
                        <option key={unit.code} value={unit.code}>
                          {unit.code === 'C62' ? 'one (a count)' : unit.label}
                        </option>
                      ))}
                      {line.unit && !UNITS.some((unit) => unit.code === line.unit) && (
                        <option value={line.unit}>{line.unit}</option>
                      )}
                    </select>
                  )}
                </Field>
                <Field
                  label="Unit price"
                  error={fieldError(`lines.${index}.unitPrice`)}
                  className="line-price"
                >
                  {(props) => (
                    <input
                      {...props}
                      inputMode="decimal"
                      value={line.unitPrice}
                      placeholder="0.00"
                      aria-label={`Line ${n} unit price`}
                      onChange={(event) =>
                        updateLine(index, { unitPrice: event.target.value, notice: undefined })
                      }
                    />
                  )}
                </Field>
                <div className="line-amount">
                  <span className="label">Amount</span>
                  <output aria-label={`Line ${n} amount`}>
                    {lineTotals && show ? show(lineTotals.amount) : '—'}
                  </output>
                </div>
              </div>
              {line.notice && (
                <p className="line-notice" role="status">
                  {line.notice}
                </p>
              )}
              <div className="line-extra">
                <Field
                  label="Discount"
                  error={fieldError(`lines.${index}.discount.kind`)}
                  className="line-discount-kind"
                >
                  {(props) => (
                    <select
                      {...props}
                      aria-label={`Line ${n} discount`}
                      value={line.discountKind}
                      onChange={(event) =>
                        updateLine(index, { discountKind: event.target.value as DiscountKind })
                      }
                    >
                      <option value="">None</option>
                      <option value="percent">Percent</option>
                      <option value="fixed">Amount</option>
                    </select>
                  )}
                </Field>
                {line.discountKind && (
                  <Field
                    label={line.discountKind === 'percent' ? 'Discount %' : 'Discount amount'}
                    error={
                      fieldError(`lines.${index}.discount.value`) ?? fieldError(`lines.${index}.discount`)
                    }
                    className="line-discount-value"
                  >
                    {(props) => (
                      <input
                        {...props}
                        inputMode="decimal"
                        aria-label={`Line ${n} discount value`}
                        value={line.discountValue}
                        onChange={(event) => updateLine(index, { discountValue: event.target.value })}
                      />
                    )}
                  </Field>
                )}
                <Field label="Tax" error={fieldError(`lines.${index}.taxes`)} className="line-tax">
                  {(props) => (
                    <select
                      {...props}
                      aria-label={`Line ${n} tax`}
                      value={custom.length ? 'custom' : selected}
                      onChange={(event) => {
                        const rate = rates.find((r) => r.id === event.target.value);
                        updateLine(index, { taxes: rate ? [taxOf(rate)] : [] });
                      }}
                    >
                      <option value="">No line tax</option>
                      {rates.map((rate) => (
                        <option key={rate.id} value={rate.id}>
                          {rate.name} {rate.rate}%{rate.inclusive ? ' incl.' : ''}
                        </option>
                      ))}
                      {custom.length > 0 && (
                        <option value="custom">
                          {line.taxes.map((t) => `${t.name} ${t.rate}%`).join(', ')}
                        </option>
                      )}
                    </select>
                  )}
                </Field>
                <div className="line-tools">
                  <Button
                    small
                    variant="ghost"
                    disabled={index === 0}
                    data-move="up"
                    onClick={() => moveLine(index, -1)}
                    aria-label={`Move line ${n} up`}
                  >
                    ↑
                  </Button>
                  <Button
                    small
                    variant="ghost"
                    disabled={index === lines.length - 1}
                    data-move="down"
                    onClick={() => moveLine(index, 1)}
                    aria-label={`Move line ${n} down`}
                  >
                    ↓
                  </Button>
                  <Button
                    small
                    variant="ghost"
                    className="danger-text"
                    onClick={() => removeLine(index)}
                    aria-label={`Remove line ${n}`}
                  >
                    Remove
                  </Button>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      {lines.length === 0 && <p className="muted">No lines yet: add what you are billing for.</p>}
      <Button className="lines-add" onClick={addLine}>
        + Add line
      </Button>
    </div>
  );
}
