import type { AgingBucket } from '../../domain/reports/aging.ts';
import type { StatementEntryKind } from '../../domain/statement.ts';

/** A client statement as the API, the PDF renderer and the ports see it (amounts as decimal text). */

export interface StatementEntryView {
  date: string;
  kind: StatementEntryKind;
  documentId: string;
  documentNumber: string;
  /** Signed: positive raises what the client owes, negative lowers it. */
  amount: string;
  balance: string;
}

export interface StatementCurrencyView {
  currency: string;
  openingBalance: string;
  entries: StatementEntryView[];
  closingBalance: string;
  /** The open invoice balances as of `to`, by days past due. */
  aging: Record<AgingBucket, string> & { total: string };
}

export interface ClientStatement {
  client: { id: string; name: string; company: string };
  from: string;
  to: string;
  currencies: StatementCurrencyView[];
}
