import type { Trx } from '../../db/client.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { nextQuoteStatus } from '../../domain/quote-status.ts';
import type { Actor } from '../context.ts';
import { type ContactActor, recordDocumentEvent } from '../documents/record-document-event.ts';
import type { QuoteRecord } from './load-quote.ts';
import { quoteDates } from './quote-dates.ts';
import { currentQuoteRevision } from './quote-revisions.ts';

export interface QuoteAnswer {
  outcome: 'accept' | 'decline';
  /** The full name typed when accepting (required then), or the name of whoever declines. */
  name: string;
  /** A note with the acceptance, or the reason for declining. */
  note: string;
  /** The network address the answer came from (request IP). */
  address: string;
  /** The version the client read before answering; refused (409) when the quote has changed since. */
  seenRevision?: number | undefined;
}

/**
 * Records the client's answer on a quote loaded with the row lock, inside the caller's transaction: accepted or
 * declined, with who (a portal contact, or the staff user who took it by phone), when, the typed name, the note and
 * the address it came from, and which version of the quote was answered (`revision` on the event). Accepting an
 * expired, declined or already accepted quote is refused (409), and so is an answer to a version that was replaced.
 */
export async function answerQuote(
  trx: Trx,
  actor: Actor | ContactActor,
  record: QuoteRecord,
  answer: QuoteAnswer,
  now: Date,
): Promise<void> {
  const { quote } = record;
  const status = nextQuoteStatus(quote.status, answer.outcome, quoteDates(record, now));
  const name = answer.name.trim();
  if (answer.outcome === 'accept' && !name) {
    throw new ValidationError('name', 'Type the full name of the person accepting the quote');
  }
  // The answer is to the version that stands now; one given to an earlier version would bind the client to terms
  // they have not read.
  const revision = await currentQuoteRevision(trx, quote.id);
  if (answer.seenRevision !== undefined && answer.seenRevision !== revision) {
    throw new ConflictError(
      'quote_revised',
      `The quote was changed after it was opened (version ${answer.seenRevision}; it is now version ${revision}): ` +
        'read it again before answering',
    );
  }
  await trx
    .updateTable('quotes')
    .set({
      status,
      decided_at: now,
      decided_by_name: name,
      decided_by_contact_id: actor.type === 'contact' ? actor.id : null,
      decided_by_user_id: actor.type === 'contact' ? null : 'userId' in actor ? actor.userId : null,
      decision_note: answer.note.trim(),
      decision_address: answer.address,
      updated_at: now,
    })
    .where('id', '=', quote.id)
    .execute();
  await recordDocumentEvent(trx, actor, {
    kind: 'quote',
    documentId: quote.id,
    type: 'status_changed',
    fromStatus: quote.status,
    toStatus: status,
    data: { action: answer.outcome, name, note: answer.note.trim(), address: answer.address, revision },
    at: now,
  });
}
