import { useEffect, useState } from 'react';
import { currencyExponent, formatMinor, parseMoney } from '../../../../src/domain/currency.ts';
import { money } from '../../format.ts';
import { type CurrencyFigures, monthName } from './dashboard-figures.ts';

/** A round number of minor units at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
function roundStep(value: bigint): bigint {
  let power = 1n;
  while (power * 10n <= value) power *= 10n;
  for (const factor of [10n, 20n, 25n, 50n, 100n]) {
    const step = (power * factor) / 10n;
    if (step >= value && step > 0n) return step;
  }
  return power * 10n;
}

/** Width in CSS pixels of the element the returned ref is attached to, kept up to date as it resizes. */
function useWidth(): [(element: HTMLElement | null) => void, number] {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

const CHART = { height: 200, top: 10, bottom: 26, ticks: 4, minSlot: 18 };

/**
 * Invoiced and received per month as grouped bars on a round scale, drawn at the container's own pixel width so
 * the text stays legible from a phone to a wide screen. Heights come from the exact minor-unit amounts; a month
 * whose refunds exceed its payments draws no bar (the table gives the figure).
 */
export function MonthChart({ figures }: { figures: CurrencyFigures }) {
  const [measure, measured] = useWidth();
  const exponent = currencyExponent(figures.currency);
  const minor = (amount: string) => parseMoney(amount, exponent, 'amount');
  const months = figures.months.map((entry) => ({
    ...entry,
    invoicedMinor: minor(entry.invoiced),
    receivedMinor: minor(entry.received),
  }));
  let peak = 0n;
  for (const entry of months) {
    if (entry.invoicedMinor > peak) peak = entry.invoicedMinor;
    if (entry.receivedMinor > peak) peak = entry.receivedMinor;
  }
  // With nothing to show, a scale of one major unit per line keeps the axis labels meaningful.
  const step =
    peak === 0n
      ? 10n ** BigInt(exponent)
      : roundStep((peak + BigInt(CHART.ticks) - 1n) / BigInt(CHART.ticks));
  const scaleTop = step * BigInt(CHART.ticks);
  const show = (amount: string) => money(amount, figures.currency);
  const tickLabels = Array.from({ length: CHART.ticks + 1 }, (_, tick) =>
    show(formatMinor(step * BigInt(tick), exponent)),
  );

  // Room for the longest scale label (about 6.5 px a character at 11 px), then equal slots for the months.
  const left = Math.max(...tickLabels.map((label) => label.length)) * 6.5 + 14;
  const slot = Math.max(CHART.minSlot, (measured - left) / months.length);
  const width = Math.max(measured, left + slot * months.length);
  const bar = Math.min(18, Math.max(5, Math.floor((slot - 6) / 2)));
  const labelEvery = slot < 30 ? 2 : 1;
  const { height } = CHART;
  const y = (value: bigint) =>
    CHART.top + height - (value <= 0n ? 0 : (Number((value * 10_000n) / scaleTop) / 10_000) * height);
  const base = y(0n);
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  return (
    <figure className="chart dashboard-chart">
      <div className="dashboard-chart-frame" ref={measure}>
        {measured > 0 && (
          <svg
            width={width}
            height={CHART.top + height + CHART.bottom}
            viewBox={`0 0 ${width} ${CHART.top + height + CHART.bottom}`}
            role="img"
            aria-label={`Amount invoiced and received in ${figures.currency} per month, ${monthName(first, 'long')} to ${monthName(last, 'long')}. The figures are in the table that follows.`}
          >
            {tickLabels.map((label, tick) => {
              const at = y(step * BigInt(tick));
              return (
                <g key={label}>
                  <line
                    x1={left - 4}
                    x2={width}
                    y1={at}
                    y2={at}
                    className={tick === 0 ? 'chart-axis' : 'chart-grid'}
                  />
                  <text x={left - 10} y={at + 4} textAnchor="end" className="chart-label">
                    {label}
                  </text>
                </g>
              );
            })}
            {months.map((entry, index) => {
              const middle = left + index * slot + slot / 2;
              const invoicedTop = y(entry.invoicedMinor);
              const receivedTop = y(entry.receivedMinor);
              // Label the current month always, and every other month when slots are narrow.
              const labelled = (months.length - 1 - index) % labelEvery === 0;
              return (
                <g key={entry.month}>
                  <title>{`${monthName(entry.month, 'long')}: invoiced ${show(entry.invoiced)}, received ${show(entry.received)}`}</title>
                  <rect
                    x={middle - bar - 1}
                    y={invoicedTop}
                    width={bar}
                    height={base - invoicedTop}
                    className="bar-invoiced"
                    rx="2"
                  />
                  <rect
                    x={middle + 1}
                    y={receivedTop}
                    width={bar}
                    height={base - receivedTop}
                    className="bar-paid"
                    rx="2"
                  />
                  {labelled && (
                    <text x={middle} y={base + 18} textAnchor="middle" className="chart-label">
                      {monthName(entry.month, 'short')}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </div>
      {peak === 0n && (
        <p className="muted small dashboard-chart-none">
          Nothing invoiced or received in {figures.currency} over these 12 months.
        </p>
      )}
      <figcaption className="legend">
        <span className="legend-invoiced">Invoiced</span>
        <span className="legend-paid">Received</span>
      </figcaption>
      <table className="visually-hidden">
        <caption>Invoiced and received per month, in {figures.currency}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Invoiced</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {months.map((entry) => (
            <tr key={entry.month}>
              <th scope="row">{monthName(entry.month, 'long')}</th>
              <td>{show(entry.invoiced)}</td>
              <td>{show(entry.received)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
