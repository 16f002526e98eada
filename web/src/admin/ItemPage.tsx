import { type FormEvent, useState } from 'react';
import { UNITS } from '../../../src/domain/units.ts';
import { api } from '../api.ts';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import {
  Button,
  Dialog,
  ErrorBox,
  Field,
  Loading,
  useAsync,
  useFormErrors,
  useToast,
} from '../components/ui.tsx';
import { Link, navigate, usePageTitle } from '../router.tsx';
import type { Item, Settings, TaxRate } from '../types.ts';
import { useSession } from './session.tsx';

interface PriceDraft {
  key: string;
  currency: string;
  unitPrice: string;
}

interface ItemForm {
  name: string;
  description: string;
  unitPrice: string;
  currency: string;
  unit: string;
  code: string;
  prices: PriceDraft[];
  taxRateIds: string[];
}

let priceKey = 0;
const newKey = () => `p${++priceKey}`;

function formOf(item: Item | null, settings: Settings): ItemForm {
  if (!item) {
    return {
      name: '',
      description: '',
      unitPrice: '',
      currency: settings.defaultCurrency,
      unit: 'C62',
      code: '',
      prices: [],
      taxRateIds: [],
    };
  }
  return {
    name: item.name,
    description: item.description,
    unitPrice: item.unitPrice,
    currency: item.currency,
    unit: item.unit,
    code: item.code ?? '',
    prices: item.prices.map((price) => ({ ...price, key: newKey() })),
    taxRateIds: item.taxRateIds,
  };
}

/** Creates or edits one catalogue item; archive, restore and delete it. */
export function ItemPage({ id }: { id?: string }) {
  const { settings } = useSession();
  const loaded = useAsync(async () => {
    const [item, rates] = await Promise.all([
      id ? api.get<Item>(`/items/${id}`) : Promise.resolve(null),
      api.get<{ items: TaxRate[] }>('/tax-rates'),
    ]);
    return { item, rates: rates.items };
  }, [id]);
  usePageTitle(id ? (loaded.data?.item?.name ?? 'Item') : 'New item');
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !settings) return <Loading what="Loading item" />;
  return (
    <ItemEditor
      item={loaded.data.item}
      rates={loaded.data.rates}
      settings={settings}
      onSaved={(item) => loaded.setData({ item, rates: loaded.data!.rates })}
    />
  );
}

function ItemEditor({
  item,
  rates,
  settings,
  onSaved,
}: {
  item: Item | null;
  rates: TaxRate[];
  settings: Settings;
  onSaved: (item: Item) => void;
}) {
  const toast = useToast();
  const [form, setForm] = useState<ItemForm>(() => formOf(item, settings));
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const errors = useFormErrors();
  const set = <K extends keyof ItemForm>(key: K, value: ItemForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setPrice = (index: number, patch: Partial<PriceDraft>) =>
    setForm((f) => ({ ...f, prices: f.prices.map((p, i) => (i === index ? { ...p, ...patch } : p)) }));
  // Archived rates stay listed while the item still has them, so saving does not drop them unasked.
  const offered = rates.filter((rate) => !rate.archived || form.taxRateIds.includes(rate.id));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    errors.setError(null);
    const body = {
      name: form.name,
      description: form.description,
      unitPrice: form.unitPrice,
      currency: form.currency,
      unit: form.unit,
      code: form.code,
      prices: form.prices.map(({ currency, unitPrice }) => ({ currency, unitPrice })),
      taxRateIds: form.taxRateIds,
    };
    try {
      const saved = item
        ? await api.patch<Item>(`/items/${item.id}`, body)
        : await api.post<Item>('/items', body);
      toast(item ? 'Item saved' : 'Item created');
      if (item) onSaved(saved);
      else navigate('/app/items');
    } catch (error) {
      errors.setError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  async function setArchived(archived: boolean) {
    if (!item) return;
    errors.setError(null);
    try {
      onSaved(await api.patch<Item>(`/items/${item.id}`, { archived }));
      toast(archived ? 'Item archived' : 'Item restored');
    } catch (error) {
      errors.setError(error as Error);
    }
  }

  async function remove() {
    if (!item) return;
    setConfirmDelete(false);
    try {
      const result = await api.delete<{ outcome: 'archived'; reason: string; item: Item } | undefined>(
        `/items/${item.id}`,
      );
      if (result) {
        setNotice(result.reason);
        onSaved(result.item);
      } else {
        toast('Item deleted');
        navigate('/app/items');
      }
    } catch (error) {
      errors.setError(error as Error);
    }
  }

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/items">Items</Link>
          </p>
          <h1 tabIndex={-1}>{item ? item.name : 'New item'}</h1>
          {item?.archived && <p className="muted">Archived: no longer offered in the editors.</p>}
        </div>
        {item && (
          <div className="actions">
            <Button onClick={() => setArchived(!item.archived)}>
              {item.archived ? 'Restore' : 'Archive'}
            </Button>
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          </div>
        )}
      </div>
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <form className="card form" onSubmit={save} noValidate>
        {errors.general && <ErrorBox error={errors.general} />}
        <div className="grid-2">
          <Field label="Name" error={errors.fieldError('name')}>
            {(props) => (
              <input {...props} value={form.name} onChange={(event) => set('name', event.target.value)} />
            )}
          </Field>
          <Field
            label="Item code"
            error={errors.fieldError('code')}
            hint="Your SKU or article number; e-invoices carry it on each line"
          >
            {(props) => (
              <input {...props} value={form.code} onChange={(event) => set('code', event.target.value)} />
            )}
          </Field>
          <Field
            label="Unit"
            error={errors.fieldError('unit')}
            hint="Printed after the quantity, e.g. 3 hours"
          >
            {(props) => (
              <select {...props} value={form.unit} onChange={(event) => set('unit', event.target.value)}>
                {UNITS.map((unit) => (
                  <option key={unit.code} value={unit.code}>
                    {unit.code === 'C62' ? 'one (a count, no unit shown)' : unit.label} · {unit.code}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Unit price"
            error={errors.fieldError('unitPrice')}
            hint={`In ${form.currency || settings.defaultCurrency}`}
          >
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                placeholder="0.00"
                value={form.unitPrice}
                onChange={(event) => set('unitPrice', event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Currency"
            error={errors.fieldError('currency')}
            hint="Your default currency unless this item is priced in another"
          >
            {(props) => (
              <CurrencySelect
                {...props}
                locale={settings.locale}
                value={form.currency}
                onChange={(code) => set('currency', code)}
              />
            )}
          </Field>
        </div>
        <Field
          label="Description"
          hint="Added under the name on the line when the item is picked"
          error={errors.fieldError('description')}
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={form.description}
              onChange={(event) => set('description', event.target.value)}
            />
          )}
        </Field>

        <h2>Prices in other currencies</h2>
        <p className="muted small">
          Used on invoices in that currency. Without one, the price is left for you to enter there.
        </p>
        {form.prices.map((price, index) => (
          <fieldset key={price.key} className="price-row">
            <legend className="visually-hidden">Other price {index + 1}</legend>
            <Field
              label={`Price ${index + 1} currency`}
              error={errors.fieldError(`prices.${index}.currency`)}
            >
              {(props) => (
                <CurrencySelect
                  {...props}
                  locale={settings.locale}
                  value={price.currency}
                  onChange={(currency) => setPrice(index, { currency })}
                />
              )}
            </Field>
            <Field
              label={`Price ${index + 1} unit price`}
              error={errors.fieldError(`prices.${index}.unitPrice`)}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  value={price.unitPrice}
                  onChange={(event) => setPrice(index, { unitPrice: event.target.value })}
                />
              )}
            </Field>
            <Button
              small
              variant="ghost"
              aria-label={`Remove price ${index + 1}`}
              onClick={() =>
                set(
                  'prices',
                  form.prices.filter((_, i) => i !== index),
                )
              }
            >
              Remove
            </Button>
          </fieldset>
        ))}
        <Button
          small
          onClick={() => set('prices', [...form.prices, { key: newKey(), currency: '', unitPrice: '' }])}
        >
          + Add a price in another currency
        </Button>

        <fieldset className="tax-choices">
          <legend>Default taxes</legend>
          <p className="muted small">A line filled from this item starts with these taxes.</p>
          {offered.length === 0 && <p className="muted">No tax rates yet (Settings, Tax rates).</p>}
          {offered.map((rate, index) => (
            <div key={rate.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={form.taxRateIds.includes(rate.id)}
                  onChange={(event) =>
                    set(
                      'taxRateIds',
                      event.target.checked
                        ? [...form.taxRateIds, rate.id]
                        : form.taxRateIds.filter((id) => id !== rate.id),
                    )
                  }
                />
                {rate.name} {rate.rate}%{rate.inclusive ? ' (included in the price)' : ''}
                {rate.archived ? ' · archived' : ''}
              </label>
              {errors.fieldError(`taxRateIds.${form.taxRateIds.indexOf(rate.id)}`) &&
                form.taxRateIds.includes(rate.id) && (
                  <p className="field-error" id={`tax-error-${index}`}>
                    {errors.fieldError(`taxRateIds.${form.taxRateIds.indexOf(rate.id)}`)}
                  </p>
                )}
            </div>
          ))}
        </fieldset>
        <div className="form-actions">
          <Link className="button button-ghost" href="/app/items">
            Cancel
          </Link>
          <Button type="submit" variant="primary" busy={busy}>
            {item ? 'Save item' : 'Create item'}
          </Button>
        </div>
        {errors.unshown}
      </form>
      <Dialog open={confirmDelete} title="Delete this item?" onClose={() => setConfirmDelete(false)}>
        <p>
          An item that was never put on an invoice or recurring profile is deleted. One that was is archived
          instead, and those documents keep their lines as they are.
        </p>
        <div className="form-actions">
          <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
          <Button variant="danger" onClick={remove}>
            Delete
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
