import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

/** Typing pauses this long before the API is asked (one request per pause, not per key). */
const SEARCH_DELAY_MS = 150;

/** One page of suggestions and the cursor of the next (keyset paging of the API's lists). */
export interface SuggestionPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The mechanics of a text box that suggests options from the API while typing (ARIA combobox pattern with a list
 * box): the search after a pause, the highlighted option reached through aria-activedescendant, arrow keys, Enter to
 * pick, Escape to close, the next page loaded when the highlight moves past the last option. The caller renders the
 * text box with `inputProps` and calls `typed` on each input; `ComboboxList` renders the options.
 */
export function useCombobox<T>({
  text,
  search,
  onPick,
  downOpens = false,
}: {
  /** What is searched for; null: nothing to search, the list stays closed. */
  text: string | null;
  search: (text: string, cursor: string | null) => Promise<SuggestionPage<T>>;
  onPick: (option: T) => void;
  /**
   * Plain Down opens the list (a one-line box). Otherwise only Alt+Down does, so that in a multi-line box the
   * arrows keep moving the caret while the list is closed.
   */
  downOpens?: boolean;
}) {
  const listId = useId();
  const hintId = useId();
  const [options, setOptions] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  /** Whether the last search found nothing (said to screen readers; the list stays closed). */
  const [none, setNone] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  /** Set by typing or Alt+Down; cleared by picking or closing, so the list only opens again on new input. */
  const [wanted, setWanted] = useState(false);
  const latest = useRef(0);
  const loadingMore = useRef(false);
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (!wanted || text === null) {
      setOptions([]);
      setOpen(false);
      setNone(false);
      return;
    }
    const request = ++latest.current;
    const timer = setTimeout(() => {
      searchRef.current(text, null).then(
        (page) => {
          if (request !== latest.current) return;
          setOptions(page.items);
          setNextCursor(page.nextCursor);
          setOpen(page.items.length > 0);
          setNone(page.items.length === 0);
          setActive(-1);
        },
        () => request === latest.current && setOpen(false),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, wanted]);

  // The next page, when the highlight moves past the last option loaded.
  function loadMore() {
    if (loadingMore.current) return true;
    if (text === null || nextCursor === null) return false;
    loadingMore.current = true;
    const request = ++latest.current;
    const cursor = nextCursor;
    const firstNew = options.length;
    setNextCursor(null);
    searchRef
      .current(text, cursor)
      .then(
        (page) => {
          if (request !== latest.current) return;
          setOptions((loaded) => [...loaded, ...page.items]);
          if (page.items.length > 0) setActive(firstNew);
          setNextCursor(page.nextCursor);
        },
        () => undefined,
      )
      .finally(() => {
        loadingMore.current = false;
      });
    return true;
  }

  const close = () => {
    latest.current++;
    setOpen(false);
    setActive(-1);
    setWanted(false);
    setNone(false);
  };

  const pick = (option: T) => {
    close();
    onPick(option);
  };

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'ArrowDown' && !open && (event.altKey || downOpens)) {
      event.preventDefault();
      setWanted(true);
    } else if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      if (active === options.length - 1 && loadMore()) return;
      setActive((index) => (index + 1) % options.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? options.length - 1 : index - 1));
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      pick(options[active]!);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  }

  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => {
    if (open && active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  return {
    listId,
    hintId,
    options,
    open,
    none,
    active,
    setActive,
    optionId,
    pick,
    close,
    /** Call on every input: the list follows the text again. */
    typed: () => setWanted(true),
    /** The combobox attributes and keys of the text box. */
    inputProps: {
      autoComplete: 'off',
      'aria-autocomplete': 'list' as const,
      'aria-controls': listId,
      'aria-activedescendant': open && active >= 0 ? optionId(active) : undefined,
      onKeyDown,
      onBlur: close,
    },
  };
}

export type Combobox<T> = ReturnType<typeof useCombobox<T>>;

/**
 * The list box of a `useCombobox`, its keyboard hint and the live count of matches. The options are picked on
 * mousedown, so the focus stays in the text box and its blur does not close the list first.
 */
export function ComboboxList<T>({
  combobox,
  label,
  hint,
  noun,
  optionKey,
  renderOption,
}: {
  combobox: Combobox<T>;
  /** The list box's name, e.g. "Catalogue items for Line 2 description". */
  label: string;
  /** How to use the list, read after the text box's own description. */
  hint: string;
  /** What the options are, singular and plural: ["client", "clients"]. */
  noun: [string, string];
  optionKey: (option: T) => string;
  renderOption: (option: T) => ReactNode;
}) {
  const { open, options, active } = combobox;
  return (
    <>
      <span id={combobox.hintId} className="visually-hidden">
        {hint}
      </span>
      <div id={combobox.listId} role="listbox" aria-label={label} className="combobox-list" hidden={!open}>
        {open &&
          options.map((option, index) => (
            <div
              key={optionKey(option)}
              id={combobox.optionId(index)}
              role="option"
              // Options are reached through aria-activedescendant; the focus stays in the text box.
              tabIndex={-1}
              aria-selected={index === active}
              className={index === active ? 'combobox-option active' : 'combobox-option'}
              onMouseDown={(event) => {
                event.preventDefault();
                combobox.pick(option);
              }}
              onMouseEnter={() => combobox.setActive(index)}
            >
              {renderOption(option)}
            </div>
          ))}
      </div>
      <span className="visually-hidden" role="status">
        {open ? `${options.length} ${options.length === 1 ? noun[0] : noun[1]} match` : ''}
        {combobox.none ? `No ${noun[1]} match` : ''}
      </span>
    </>
  );
}
