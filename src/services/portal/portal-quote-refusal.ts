import { ConflictError } from '../../domain/errors.ts';

/** What a refusal to a client's answer can tell them about the quote. */
export interface RefusedQuoteFacts {
  /** The last day the quote could be accepted (YYYY-MM-DD). */
  validUntil: string;
  /** Who sent the quote, whom the client can ask for a new one. */
  business: string;
}

type ClientSentence = (facts: RefusedQuoteFacts) => string;

/**
 * The sentences a client reads when their answer is refused, by the refusal's code. The staff API's refusals advise
 * staff ("extend it (edit validUntil)"); a client can only ask the business. English here, recognised and said in
 * the client's language by the problems messages (`message.portal`).
 */
const CLIENT_SENTENCES: Record<string, ClientSentence> = {
  quote_expired: ({ validUntil, business }) =>
    `This quote was valid until ${validUntil}; ask ${business} for a new one`,
  quote_already_accepted: () => 'This quote has already been accepted',
  quote_already_invoiced: () => 'This quote has already been accepted and turned into an invoice',
  quote_declined: ({ business }) =>
    `This quote was declined; if you have changed your mind, ask ${business} for a new one`,
  quote_revised: () =>
    'This quote was replaced by a newer version; reload the page and read it before answering',
};

const CLOSED: ClientSentence = ({ business }) =>
  `This quote can no longer be answered; ask ${business} about it`;

/**
 * A refusal of a client's answer to a quote, said for the client: the same code (quote_expired, quote_declined,
 * ...), with a sentence meant for them. Any other error is returned as it was.
 */
export function clientQuoteRefusal(error: unknown, facts: RefusedQuoteFacts): unknown {
  if (!(error instanceof ConflictError)) return error;
  const sentence = CLIENT_SENTENCES[error.code] ?? CLOSED;
  return new ConflictError(error.code, sentence(facts));
}
