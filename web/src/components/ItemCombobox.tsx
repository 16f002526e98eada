import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { api, query } from '../api.ts';
import { money } from '../format.ts';
import type { Item, Page } from '../types.ts';
import { priceFor } from './item-fill.ts';

const SUGGESTIONS = 8;
/** Typing pauses this long before the catalogue is asked (one request per pause, not per key). */
const SEARCH_DELAY_MS = 150;

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
  const listId = useId();
  const hintId = useId();
  const [items, setItems] = useState<Item[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  /** Set by typing; cleared by picking or closing, so the list only opens again on new input. */
  const [wanted, setWanted] = useState(false);
  const latest = useRef(0);
  const text = searchText(value);

  useEffect(() => {
    if (!wanted || !text) {
      setItems([]);
      setOpen(false);
      return;
    }
    const request = ++latest.current;
    const timer = setTimeout(() => {
      api.get<Page<Item>>(`/items${query({ q: text, limit: SUGGESTIONS })}`).then(
        (page) => {
          if (request !== latest.current) return;
          setItems(page.items);
          setOpen(page.items.length > 0);
          setActive(-1);
        },
        () => request === latest.current && setOpen(false),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, wanted]);

  const close = () => {
    latest.current++;
    setOpen(false);
    setActive(-1);
    setWanted(false);
  };

  const pick = (item: Item) => {
    close();
    onPick(item);
  };

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'ArrowDown' && event.altKey && !open) {
      // Alt+Down opens the list again after Escape; plain arrows keep moving the caret while it is closed.
      event.preventDefault();
      setWanted(true);
    } else if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      setActive((index) => (index + 1) % items.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? items.length - 1 : index - 1));
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      pick(items[active]!);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="combobox">
      <textarea
        id={id}
        rows={2}
        value={value}
        placeholder="What you are billing for, or an item of the catalogue"
        autoComplete="off"
        aria-invalid={invalid || undefined}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
        onChange={(event) => {
          setWanted(true);
          onChange(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <span id={hintId} className="visually-hidden">
        Matching catalogue items are listed while you type: arrow keys to choose, Enter to pick, Escape to
        close, Alt+Down to open the list again.
      </span>
      <div
        id={listId}
        role="listbox"
        aria-label={`Catalogue items for ${label}`}
        className="combobox-list"
        hidden={!open}
      >
        {open &&
          items.map((item, index) => {
            const price = priceFor(item, currency);
            return (
              <div
                key={item.id}
                id={optionId(index)}
                role="option"
                // Options are reached through aria-activedescendant; the focus stays in the text box.
                tabIndex={-1}
                aria-selected={index === active}
                className={index === active ? 'combobox-option active' : 'combobox-option'}
                // Keep the focus in the text box: the pick happens on mousedown, before the blur would close the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(item);
                }}
                onMouseEnter={() => setActive(index)}
              >
                <span className="combobox-name">{item.name}</span>
                <span className="combobox-meta">
                  {price === null ? `No ${currency} price` : money(price, currency)}
                  {item.unit !== 'C62' ? ` per ${item.unitLabel}` : ''}
                </span>
              </div>
            );
          })}
      </div>
      <span className="visually-hidden" role="status">
        {open ? `${items.length} catalogue item${items.length === 1 ? '' : 's'} match` : ''}
      </span>
    </div>
  );
}
