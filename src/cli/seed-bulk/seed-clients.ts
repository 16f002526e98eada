import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';

/** Comma-separated words, written over several lines. */
const list = (text: string) => text.trim().split(/\s*,\s*/);

const FIRST_NAMES = list(`
  Amelia, Noah, Olivia, Liam, Sofia, Mateo, Hana, Yuki, Priya, Arjun, Chloe, Lucas, Ingrid, Lars, Fatima,
  Omar, Elena, Marco, Zoe, Ethan, Mila, Hugo, Aisha, Kofi, Grace, Samuel, Nina, Felix, Clara, Jonas, Léa,
  Émile, Siobhan, Declan, Rosa, Diego, Mei, Wei
`);
const LAST_NAMES = list(`
  Anderson, Baker, Chen, Dubois, Eriksen, Fischer, García, Hoffmann, Ito, Johansson, Kowalski, Lopez, Martin,
  Nakamura, Okafor, Patel, Quinn, Rossi, Schmidt, Tanaka, Urquhart, Varga, Walsh, Xu, Yilmaz, Zimmermann,
  Murphy, Novak, Silva, Thompson, Müller, Kim, Sato, Brown
`);
const PLACES = list(`
  Harbour, Northwind, Maple, Riverside, Summit, Cedar, Lakeside, Granite, Bluebell, Oakridge, Silverline,
  Hillcrest, Westfield, Eastgate, Brightwater, Kestrel, Ironbridge, Meadow, Copper, Pinecrest, Sunrise,
  Blackstone, Fairview, Redwood, Starling, Highland, Seaview, Willow
`);
const TRADES = list(`
  Logistics, Bakery, Architects, Dental Care, Games, Media, Consulting, Engineering, Retail, Hotels, Foods,
  Analytics, Studio, Builders, Legal, Clinic, Brewing, Outfitters, Software, Travel, Print, Energy, Gardens,
  Fitness
`);
const LEGAL_SUFFIX: Record<string, string[]> = {
  USD: ['Inc.', 'LLC'],
  EUR: ['GmbH', 'SAS', 'B.V.'],
  GBP: ['Ltd', 'plc'],
  CAD: ['Inc.', 'Ltée'],
  JPY: ['K.K.'],
};
const COUNTRIES: Record<string, [string, string]> = {
  USD: ['United States', 'US'],
  EUR: ['Germany', 'DE'],
  GBP: ['United Kingdom', 'GB'],
  CAD: ['Canada', 'CA'],
  JPY: ['Japan', 'JP'],
};

/** Currency of a client by its number: USD 40 %, EUR 20 %, GBP 20 %, CAD 10 %, JPY 10 %. */
const CURRENCY_BY_TENTH = ['USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'GBP', 'CAD', 'JPY'];

/** A deterministic pseudo-random integer in [0, n) for row `i`, stream `salt`. */
export function hashPick(i: string, salt: number, n: string | number) {
  const modulus = typeof n === 'number' ? sql`${n}::int` : sql.raw(n);
  return sql`((hashint8(${sql.raw(i)}::bigint * 16 + ${salt})::bigint & 2147483647) % ${modulus})::int`;
}

/**
 * Clients with one to three contacts each, written set-based. Half are companies named after a place and a trade,
 * half are people; names repeat now and then, as they do in real books. Each client bills in one currency.
 * The new clients are numbered 0 .. count − 1 in the temporary table seed_clients, where the invoices pick theirs.
 */
export async function seedClients(db: Db, count: number, today: string, seed: number): Promise<void> {
  const currencies = sql`${CURRENCY_BY_TENTH}::text[]`;
  const salt = seed * 64;
  await sql`
    create temporary table seed_clients (k int primary key, id uuid not null, currency text not null)
    on commit preserve rows
  `.execute(db);
  await sql`
    insert into seed_clients (k, id, currency)
    select k, gen_random_uuid(), (${currencies})[1 + ${hashPick('k', salt + 1, 10)}]
    from generate_series(0, ${count - 1}) k
  `.execute(db);
  await sql`
    with named as (
      select s.k, s.id, s.currency,
        ${hashPick('s.k', salt + 2, 2)} = 0 as is_company,
        (${sql`${FIRST_NAMES}::text[]`})[1 + ${hashPick('s.k', salt + 3, FIRST_NAMES.length)}] as first_name,
        (${sql`${LAST_NAMES}::text[]`})[1 + ${hashPick('s.k', salt + 4, LAST_NAMES.length)}] as last_name,
        (${sql`${PLACES}::text[]`})[1 + ${hashPick('s.k', salt + 5, PLACES.length)}] as place,
        (${sql`${TRADES}::text[]`})[1 + ${hashPick('s.k', salt + 6, TRADES.length)}] as trade,
        (${sql`${JSON.stringify(LEGAL_SUFFIX)}::jsonb`} -> s.currency) as suffixes,
        (${sql`${JSON.stringify(COUNTRIES)}::jsonb`} -> s.currency) as country
      from seed_clients s
    )
    insert into clients (id, name, company, email, country, country_code, currency, created_at, updated_at)
    select id,
      case when is_company then place || ' ' || trade else first_name || ' ' || last_name end,
      case when is_company
        then place || ' ' || trade || ' ' || (suffixes ->> ${hashPick('k', salt + 7, 'jsonb_array_length(suffixes)')}::int)
        else '' end,
      case when is_company
        then 'accounts@' || lower(place || '-' || replace(trade, ' ', '-')) || '-' || k || '.example'
        else translate(lower(first_name || '.' || last_name), 'áéíóúàèüöäçñ', 'aeiouaeuoacn') || k || '@mail.example' end,
      country ->> 0, country ->> 1, currency,
      (${today}::date - 1100 + ${hashPick('k', salt + 8, 1100)}::int)::timestamptz,
      (${today}::date - 1100 + ${hashPick('k', salt + 8, 1100)}::int)::timestamptz
    from named
  `.execute(db);
  await sql`
    insert into contacts (client_id, name, email, phone, position)
    select c.id,
      case when n = 0 then 'Accounts Payable'
        else (${sql`${FIRST_NAMES}::text[]`})[1 + ${hashPick('s.k * 4 + n', salt + 9, FIRST_NAMES.length)}] || ' '
          || (${sql`${LAST_NAMES}::text[]`})[1 + ${hashPick('s.k * 4 + n', salt + 10, LAST_NAMES.length)}] end,
      case when n = 0 then split_part(c.email, '@', 1) || '+ap@' || split_part(c.email, '@', 2)
        else 'contact' || n || '.' || s.k || '@mail.example' end,
      '', n
    from seed_clients s
    join clients c on c.id = s.id
    cross join lateral generate_series(0, ${hashPick('s.k', salt + 11, 3)}::int) n
  `.execute(db);
}
