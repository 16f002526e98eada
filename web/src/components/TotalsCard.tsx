import { type LiveTotals, showMinor, type TableTotals } from './charges.ts';

/** The live totals beside an editor, announced politely as they change. */
export function TotalsCard({ live, currency }: { live: LiveTotals; currency: string }) {
  return (
    <aside className="card totals" aria-labelledby="totals-heading">
      <h2 id="totals-heading">Totals</h2>
      <div aria-live="polite">
        {live.totals ? (
          <>
            <TotalsTable totals={live.totals} show={showMinor(live.totals, currency)} />
            {live.errors.length > 0 && (
              <p className="field-error" role="status" data-testid="totals-left-out">
                {leftOutText(live)}
              </p>
            )}
          </>
        ) : (
          <p className="field-error" role="status">
            Totals will show once the figures are valid: {live.error?.message}
          </p>
        )}
      </div>
    </aside>
  );
}

/** What the totals leave out while a figure is refused: "Leaves out line 2 until its figures are valid." */
function leftOutText(live: LiveTotals): string {
  const lines = live.leftOut.map((index) => index + 1);
  const parts = [
    ...(lines.length === 1 ? [`line ${lines[0]}`] : lines.length > 1 ? [`lines ${lines.join(', ')}`] : []),
    ...live.errors
      .filter((error) => !error.field.startsWith('lines.'))
      .map((error) => (error.field.startsWith('taxes') ? 'the document taxes' : 'the document discount')),
  ];
  return `Leaves out ${parts.join(' and ')} until the marked figures are valid.`;
}

export function TotalsTable({ totals, show }: { totals: TableTotals; show: (minor: bigint) => string }) {
  return (
    <dl className="totals-list">
      <div>
        <dt>Subtotal</dt>
        <dd data-testid="total-subtotal">{show(totals.subtotal)}</dd>
      </div>
      {totals.discountTotal !== 0n && (
        <div>
          <dt>Discounts</dt>
          <dd data-testid="total-discount">−{show(totals.discountTotal)}</dd>
        </div>
      )}
      {totals.taxes.map((tax) => (
        <div key={`${tax.name}|${tax.rate}|${tax.inclusive}|${tax.compound}`}>
          <dt>
            {tax.name} {tax.rate}%{tax.inclusive ? ' (included)' : ''}
          </dt>
          <dd>{show(tax.amount)}</dd>
        </div>
      ))}
      <div className="grand">
        <dt>Total</dt>
        <dd data-testid="total-total">{show(totals.total)}</dd>
      </div>
      {totals.amountPaid !== 0n && (
        <>
          <div>
            <dt>Paid</dt>
            <dd>−{show(totals.amountPaid)}</dd>
          </div>
          <div className="grand">
            <dt>Balance due</dt>
            <dd>{show(totals.balanceDue)}</dd>
          </div>
        </>
      )}
    </dl>
  );
}
