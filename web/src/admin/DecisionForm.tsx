import { QuoteAnswerFields, useQuoteAnswer } from '../components/QuoteAnswerFields.tsx';
import { ErrorBox } from '../components/ui.tsx';

/**
 * Records the client's answer to a quote given by phone or in person: who answered and an optional note (for a
 * decline, the reason). The server's refusal shows next to the field it names, or above the form.
 */
export function DecisionForm({
  decision,
  onSubmit,
}: {
  decision: 'accept' | 'decline';
  onSubmit: (answer: { name: string; note: string }) => Promise<void>;
}) {
  const answer = useQuoteAnswer(onSubmit);
  const { error, fieldError, unplaced } = answer;
  return (
    <form className="form" onSubmit={answer.submit} noValidate>
      <p className="muted">
        {decision === 'accept'
          ? 'Record that the client accepted the quote, for instance by phone. The quote is then locked and can be converted to an invoice.'
          : 'Record that the client declined the quote.'}
      </p>
      {error && unplaced(['name', 'note']) && <ErrorBox error={error} />}
      <QuoteAnswerFields
        answer={answer}
        decision={decision}
        name={{ label: 'Name of the person who answered', autoComplete: 'off' }}
        note={{
          label: decision === 'accept' ? 'Note' : 'Reason',
          hint: decision === 'accept' ? 'Optional' : undefined,
          error: fieldError('note'),
        }}
        submitLabel={decision === 'accept' ? 'Record acceptance' : 'Record decline'}
      />
    </form>
  );
}
