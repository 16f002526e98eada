import { useState } from 'react';
import { api } from '../../api.ts';
import { Checkbox } from '../../components/FormParts.tsx';
import { AddForm, CompactTable } from '../../components/ListCard.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../../components/ui.tsx';
import { useSave } from '../../components/use-save.ts';
import type { TaxRate } from '../../types.ts';

const TAX_COLUMNS = [
  { label: 'Name' },
  { label: 'Rate', className: 'num' },
  { label: 'Kind' },
  { label: 'Default' },
  { label: 'Actions', hidden: true },
];

export function TaxSettings() {
  const toast = useToast();
  const { data, error, loading, reload } = useAsync(async () => {
    const [active, archived] = await Promise.all([
      api.get<{ items: TaxRate[] }>('/tax-rates'),
      api.get<{ items: TaxRate[] }>('/tax-rates?archived=true'),
    ]);
    return {
      items: [...active.items, ...archived.items.filter((tax) => !active.items.some((a) => a.id === tax.id))],
    };
  }, []);
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [inclusive, setInclusive] = useState(false);
  const [compound, setCompound] = useState(false);
  const [isDefault, setIsDefault] = useState(false);
  const save = useSave();
  const { errors, attempt } = save;
  const add = save.submit(async () => {
    await api.post('/tax-rates', { name, rate, inclusive, compound, isDefault });
    setName('');
    setRate('');
    setInclusive(false);
    setCompound(false);
    setIsDefault(false);
    toast('Tax rate added');
    reload();
  });
  const patch = (tax: TaxRate, change: Partial<TaxRate>) =>
    attempt(async () => {
      await api.patch(`/tax-rates/${tax.id}`, change);
      reload();
    });
  return (
    <div className="card">
      <h2>Tax rates</h2>
      <p className="muted small">
        Default rates are added to new invoices. Invoices keep their own copy of a rate.
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading tax rates" />}
      {data && data.items.length === 0 && <p className="muted">No tax rates yet.</p>}
      {data && data.items.length > 0 && (
        <CompactTable caption="Tax rates" columns={TAX_COLUMNS}>
          {data.items.map((tax) => (
            <tr key={tax.id} className={tax.archived ? 'muted' : undefined}>
              <td data-label="Name">{tax.name}</td>
              <td data-label="Rate" className="num">
                {tax.rate}%
              </td>
              <td data-label="Kind">
                {[tax.inclusive ? 'Included in prices' : 'Added', tax.compound ? 'compound' : '']
                  .filter(Boolean)
                  .join(', ')}
              </td>
              <td data-label="Default">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={tax.isDefault}
                    disabled={tax.archived}
                    onChange={() => patch(tax, { isDefault: !tax.isDefault })}
                  />
                  <span className="visually-hidden">Apply {tax.name} to new invoices</span>
                </label>
              </td>
              <td>
                <Button small variant="ghost" onClick={() => patch(tax, { archived: !tax.archived })}>
                  {tax.archived ? 'Restore' : 'Archive'}
                </Button>
              </td>
            </tr>
          ))}
        </CompactTable>
      )}
      <AddForm title="Add a tax rate" save={save} onSubmit={add} submitLabel="Add tax rate">
        <Field label="Tax name" error={errors.fieldError('name')}>
          {(props) => (
            <input
              {...props}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="VAT"
            />
          )}
        </Field>
        <Field label="Rate (%)" error={errors.fieldError('rate')}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={rate}
              onChange={(event) => setRate(event.target.value)}
              placeholder="20"
            />
          )}
        </Field>
        <Checkbox checked={inclusive} onChange={setInclusive}>
          Included in prices
        </Checkbox>
        <Checkbox checked={compound} onChange={setCompound}>
          Compound
        </Checkbox>
        <Checkbox checked={isDefault} onChange={setIsDefault}>
          Default
        </Checkbox>
      </AddForm>
    </div>
  );
}
