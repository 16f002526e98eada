import { api, query } from '../api.ts';
import { money } from '../format.ts';
import type { Item, Page } from '../types.ts';
import { ComboboxList, useCombobox } from './Combobox.tsx';
import { priceFor } from './item-fill.ts';

const SUGGESTIONS = 8;

/** The words searched for: the first line as typed, while it is short enough to be an item's name. */
function searchText(value: string): string {
  const first = value.split('\n', 1)[0]!.trim();
  return first.length <= 100 ? first : '';
}

/**
 * A line's description with the catalogue offered while typing: a text box that controls a list box of matching
 * items (ARIA combobox pattern on a multi-line text box, which keeps its textbox role). Arrow keys move through the
 * items, Enter picks the highlighted one, Escape closes the list; typing goes on as in any text box. Enter without a
 * highlighted item is a line break.
 */
export function ItemCombobox({
  id,
  value,
  currency,
  label,
  invalid,
  describedBy,
  onChange,
  onPick,
}: {
  id: string;
  value: string;
  currency: string;
  /** What the list is for, e.g. "Line 2 description". */
  label: string;
  invalid?: boolean;
  describedBy?: string;
  onChange: (text: string) => void;
  onPick: (item: Item) => void;
}) {
  const combobox = useCombobox<Item>({
    text: searchText(value) || null,
    search: (q, cursor) => api.get<Page<Item>>(`/items${query({ q, limit: SUGGESTIONS, cursor })}`),
    onPick,
  });
  return (
    <div className="combobox">
      <textarea
        {...combobox.inputProps}
        id={id}
        rows={2}
        value={value}
        placeholder="What you are billing for, or an item of the catalogue"
        aria-invalid={invalid || undefined}
        aria-describedby={[combobox.hintId, describedBy].filter(Boolean).join(' ')}
        onChange={(event) => {
          combobox.typed();
          onChange(event.target.value);
        }}
      />
      <ComboboxList
        combobox={combobox}
        label={`Catalogue items for ${label}`}
        hint="Matching catalogue items are listed while you type: arrow keys to choose, Enter to pick, Escape to close, Alt+Down to open the list again."
        noun={['catalogue item', 'catalogue items']}
        optionKey={(item) => item.id}
        renderOption={(item) => {
          const price = priceFor(item, currency);
          return (
            <>
              <span className="combobox-name">{item.name}</span>
              <span className="combobox-meta">
                {price === null ? `No ${currency} price` : money(price, currency)}
                {item.unit !== 'C62' ? ` per ${item.unitLabel}` : ''}
              </span>
            </>
          );
        }}
      />
    </div>
  );
}
