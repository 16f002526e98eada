import type { ContactActor } from '../documents/record-document-event.ts';
import { emailLogoUrl } from '../email/email-brand.ts';
import { queueEmail } from '../email/queue-email.ts';
import { answerQuote } from '../quotes/answer-quote.ts';
import { convertLockedQuote } from '../quotes/convert-locked-quote.ts';
import { loadQuote } from '../quotes/load-quote.ts';
import { renderQuoteAnswerEmail } from '../quotes/quote-email.ts';
import { toQuoteView } from '../quotes/quote-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import { assertPortalQuote } from './find-portal-quote.ts';
import { getPortalQuote } from './get-portal-quote.ts';
import type { PortalDeps, PortalPrincipal } from './portal-context.ts';
import { clientQuoteRefusal } from './portal-quote-refusal.ts';

export type PortalQuoteAnswer = (
  | { outcome: 'accept'; name: string; note?: string | undefined }
  | { outcome: 'decline'; reason?: string | undefined }
) & {
  /** The version the contact read (`revision` of the portal quote); the answer is refused if it changed since. */
  revision?: number | undefined;
};

/**
 * A client contact accepts (typing their full name, with an optional note) or declines (with an optional reason) a
 * quote in the portal. The answer records the contact, the time and the request's address; staff get an email at
 * the organisation's address (through the outbox, in the same transaction). With "convert accepted quotes
 * automatically" on, an acceptance also makes the draft invoice in that transaction. A refused answer (expired,
 * already answered, a version since replaced) keeps its code and tells the client what they can do.
 */
export async function answerPortalQuote(
  deps: PortalDeps,
  principal: PortalPrincipal,
  quoteId: string,
  answer: PortalQuoteAnswer,
  address: string,
) {
  const now = deps.clock.now();
  await assertPortalQuote(deps.db, principal, quoteId);
  const actor: ContactActor = {
    type: 'contact',
    id: principal.contactId,
    name: principal.name || principal.email,
  };
  await deps.db.transaction().execute(async (trx) => {
    const record = await loadQuote(trx, quoteId, { lock: true });
    const note = answer.outcome === 'accept' ? (answer.note ?? '') : (answer.reason ?? '');
    const name = answer.outcome === 'accept' ? answer.name : principal.name;
    const seenRevision = answer.revision;
    const settings = await getSettings(trx);
    try {
      await answerQuote(
        trx,
        actor,
        record,
        { outcome: answer.outcome, name, note, address, seenRevision },
        now,
      );
    } catch (error) {
      throw clientQuoteRefusal(error, {
        validUntil: record.quote.valid_until,
        business: settings.business_name,
      });
    }
    let convertedInvoiceId: string | null = null;
    if (answer.outcome === 'accept' && settings.quote_auto_convert) {
      const accepted = await loadQuote(trx, quoteId);
      ({ invoiceId: convertedInvoiceId } = await convertLockedQuote(trx, actor, accepted, now, {
        issue: false,
      }));
    }
    const to = settings.email.trim();
    if (!to) return;
    const quote = toQuoteView(await loadQuote(trx, quoteId), now);
    const email = renderQuoteAnswerEmail({
      settings,
      quote,
      outcome: answer.outcome === 'accept' ? 'accepted' : 'declined',
      contactName: principal.name,
      name: name.trim(),
      note,
      link: `${deps.appUrl}/app/quotes/${quoteId}`,
      convertedInvoiceId,
      logoUrl: await emailLogoUrl(trx, deps.appUrl),
    });
    await queueEmail(
      trx,
      {
        kind: 'quote_answer',
        to: { address: to, name: settings.business_name },
        ...email,
        quoteId,
        notSentReason: (await readSmtpSettings(trx))
          ? null
          : 'SMTP is not configured: set it up in Settings > Email',
      },
      now,
    );
  });
  return getPortalQuote(deps, principal, quoteId);
}
