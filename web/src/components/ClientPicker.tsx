import { useState } from 'react';
import { api, query } from '../api.ts';
import type { Client, Page } from '../types.ts';
import { ComboboxList, useCombobox } from './Combobox.tsx';

/** A page of suggestions: enough to choose from, the next page comes with the arrow keys. */
const SUGGESTIONS = 10;
/** The longest search the client list accepts. */
const MAX_SEARCH = 200;

/** A client as a document shows it: what the document views carry, and what a chosen `Client` has too. */
export interface ClientChoice {
  id: string;
  name: string;
  company: string;
}

/** "Name (Company)", or the name alone when the company is empty or the same. */
export function clientLabel(client: ClientChoice): string {
  return client.company && client.company !== client.name
    ? `${client.name} (${client.company})`
    : client.name;
}

/**
 * The client of a document, chosen by typing part of a name, company or email (ARIA combobox pattern): matching
 * active clients are listed from the API's client search, the newest first; Down with nothing typed lists the newest
 * clients. The box shows the chosen client's name; what is typed without picking is dropped when the box is left.
 */
export function ClientPicker({
  id,
  value,
  disabled,
  invalid,
  describedBy,
  onPick,
}: {
  id: string;
  value: ClientChoice | null;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  onPick: (client: Client) => void;
}) {
  /** What is typed; null while the box shows the chosen client. */
  const [typed, setTyped] = useState<string | null>(null);
  const combobox = useCombobox<Client>({
    text: (typed ?? '').trim().slice(0, MAX_SEARCH),
    search: (q, cursor) => api.get<Page<Client>>(`/clients${query({ q, limit: SUGGESTIONS, cursor })}`),
    onPick: (client) => {
      setTyped(null);
      onPick(client);
    },
    downOpens: true,
  });
  const { onKeyDown, onBlur, ...comboboxProps } = combobox.inputProps;
  const chosen = value ? clientLabel(value) : '';
  return (
    <div className="combobox">
      <input
        {...comboboxProps}
        id={id}
        role="combobox"
        aria-expanded={combobox.open}
        type="text"
        value={typed ?? chosen}
        placeholder="Type to find a client…"
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={[combobox.hintId, describedBy].filter(Boolean).join(' ')}
        onChange={(event) => {
          setTyped(event.target.value);
          combobox.typed();
        }}
        onKeyDown={(event) => {
          // Escape with the list closed puts back the chosen client's name.
          if (event.key === 'Escape' && !combobox.open && typed !== null) {
            event.preventDefault();
            setTyped(null);
            combobox.close();
          }
          onKeyDown(event);
        }}
        onBlur={() => {
          onBlur();
          setTyped(null);
        }}
      />
      {combobox.none && (
        <p className="combobox-list combobox-none" aria-hidden="true">
          No active client matches “{typed?.trim()}”.
        </p>
      )}
      <ComboboxList
        combobox={combobox}
        label="Clients"
        hint="Type part of a client's name, company or email: arrow keys to choose, Enter to pick, Escape to close. Down lists the newest clients."
        noun={['client', 'clients']}
        optionKey={(client) => client.id}
        renderOption={(client) => (
          <>
            <span className="combobox-name">{clientLabel(client)}</span>
            <span className="combobox-meta">{client.email || client.currency || ''}</span>
          </>
        )}
      />
    </div>
  );
}
