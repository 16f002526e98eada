import { useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { z } from 'zod';
import { parseDecimal } from '../../../src/domain/decimal.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { UNIT_PRICE_LIMITS } from '../../../src/domain/totals.ts';
import { UNITS } from '../../../src/domain/units.ts';
import { itemFields, itemPriceInput, newItemBody } from '../../../src/http/admin/item-schemas.ts';
import { api } from '../api.ts';
import { useApiForm, useRecordSave } from '../components/api-form.ts';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import { ArchiveToggle, FormCard, ListEntry, RecordHead } from '../components/FormParts.tsx';
import { Button, Dialog, ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { navigate, usePageTitle } from '../router.tsx';
import type { Item, Settings, TaxRate } from '../types.ts';
import { useSession } from './session.tsx';

interface ItemValues {
  name: string;
  description: string;
  unitPrice: string;
  currency: string;
  unit: string;
  code: string;
  prices: { currency: string; unitPrice: string }[];
  taxRateIds: string[];
}

function valuesOf(item: Item | null, settings: Settings): ItemValues {
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
  const { name, description, unitPrice, currency, unit, code, prices, taxRateIds } = item;
  return { name, description, unitPrice, currency, unit, code: code ?? '', prices, taxRateIds };
}

/** Words after the field's name for a price the server would refuse, or null ("must have at most 6 decimal places"). */
function unitPriceProblem(value: string): string | null {
  try {
    parseDecimal(value, 'price', UNIT_PRICE_LIMITS);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.message.replace(/^price /, '');
    throw error;
  }
}

const exactUnitPrice = itemFields.unitPrice.superRefine((value, ctx) => {
  const problem = unitPriceProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The API's item body, with the unit prices also held to the limits the server checks after parsing. */
const itemBody = newItemBody.extend({
  unitPrice: exactUnitPrice,
  prices: z.array(itemPriceInput.extend({ unitPrice: exactUnitPrice })).optional(),
});

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
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { form, fieldError, submitWith, busy, errors } = useApiForm({
    defaultValues: valuesOf(item, settings),
    schema: itemBody,
    toBody: (values: ItemValues) => values,
  });
  const { register, watch, setValue } = form;
  const prices = useFieldArray({ control: form.control, name: 'prices' });
  const taxRateIds = watch('taxRateIds');
  // Archived rates stay listed while the item still has them, so saving does not drop them unasked.
  const offered = rates.filter((rate) => !rate.archived || taxRateIds.includes(rate.id));

  const save = submitWith(
    useRecordSave({
      collection: '/items',
      record: item,
      noun: 'Item',
      onSaved,
      onCreated: () => navigate('/app/items'),
    }),
  );

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

  const currencySelect = (label: string, path: 'currency' | `prices.${number}.currency`, hint?: string) => (
    <Field label={label} error={fieldError(path)} hint={hint}>
      {(props) => (
        <CurrencySelect
          {...props}
          locale={settings.locale}
          value={watch(path)}
          onChange={(code) => setValue(path, code, { shouldDirty: true, shouldValidate: true })}
        />
      )}
    </Field>
  );

  return (
    <section>
      <RecordHead
        listHref="/app/items"
        listName="Items"
        title={item ? item.name : 'New item'}
        note={item?.archived && <p className="muted">Archived: no longer offered in the editors.</p>}
        actions={
          item && (
            <>
              <ArchiveToggle
                path={`/items/${item.id}`}
                archived={item.archived}
                noun="Item"
                onSaved={onSaved}
                onError={errors.setError}
              />
              <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            </>
          )
        }
      />
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      <FormCard
        onSubmit={save}
        general={errors.general}
        unshown={errors.unshown}
        busy={busy}
        submitLabel={item ? 'Save item' : 'Create item'}
        cancelHref="/app/items"
      >
        <div className="grid-2">
          <Field label="Name" error={fieldError('name')}>
            {(props) => <input {...props} {...register('name')} />}
          </Field>
          <Field
            label="Item code"
            error={fieldError('code')}
            hint="Your SKU or article number; e-invoices carry it on each line"
          >
            {(props) => <input {...props} {...register('code')} />}
          </Field>
          <Field label="Unit" error={fieldError('unit')} hint="Printed after the quantity, e.g. 3 hours">
            {(props) => (
              <select {...props} {...register('unit')}>
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
            error={fieldError('unitPrice')}
            hint={`In ${watch('currency') || settings.defaultCurrency}`}
          >
            {(props) => (
              <input {...props} inputMode="decimal" placeholder="0.00" {...register('unitPrice')} />
            )}
          </Field>
          {currencySelect(
            'Currency',
            'currency',
            'Your default currency unless this item is priced in another',
          )}
        </div>
        <Field
          label="Description"
          hint="Added under the name on the line when the item is picked"
          error={fieldError('description')}
        >
          {(props) => <textarea {...props} rows={3} {...register('description')} />}
        </Field>

        <h2>Prices in other currencies</h2>
        <p className="muted small">
          Used on invoices in that currency. Without one, the price is left for you to enter there.
        </p>
        {prices.fields.map((price, index) => (
          <ListEntry
            key={price.id}
            className="price-row"
            legend={`Other price ${index + 1}`}
            removeLabel={`Remove price ${index + 1}`}
            onRemove={() => prices.remove(index)}
          >
            {currencySelect(`Price ${index + 1} currency`, `prices.${index}.currency`)}
            <Field label={`Price ${index + 1} unit price`} error={fieldError(`prices.${index}.unitPrice`)}>
              {(props) => <input {...props} inputMode="decimal" {...register(`prices.${index}.unitPrice`)} />}
            </Field>
          </ListEntry>
        ))}
        <Button small onClick={() => prices.append({ currency: '', unitPrice: '' })}>
          + Add a price in another currency
        </Button>

        <fieldset className="tax-choices">
          <legend>Default taxes</legend>
          <p className="muted small">A line filled from this item starts with these taxes.</p>
          {offered.length === 0 && <p className="muted">No tax rates yet (Settings, Tax rates).</p>}
          {offered.map((rate, index) => {
            const error = taxRateIds.includes(rate.id)
              ? fieldError(`taxRateIds.${taxRateIds.indexOf(rate.id)}`)
              : undefined;
            return (
              <div key={rate.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={taxRateIds.includes(rate.id)}
                    onChange={(event) =>
                      setValue(
                        'taxRateIds',
                        event.target.checked
                          ? [...taxRateIds, rate.id]
                          : taxRateIds.filter((id) => id !== rate.id),
                        { shouldDirty: true },
                      )
                    }
                  />
                  {rate.name} {rate.rate}%{rate.inclusive ? ' (included in the price)' : ''}
                  {rate.archived ? ' · archived' : ''}
                </label>
                {error && (
                  <p className="field-error" id={`tax-error-${index}`}>
                    {error}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
      </FormCard>
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
