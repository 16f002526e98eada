import type { Ref } from 'react';
import { describeCounts, type ImportResult } from './import-api.ts';

/** Problems the server lists at most (a file with more has a fault the first ones show). */
const MAX_LISTED = 1000;

/**
 * The dry run's answer: what the import would create, or every bad row with its line, column and reason. The
 * heading takes focus when a new answer arrives, so keyboard and screen reader users land on it.
 */
export function ImportCheckReport({
  result,
  headingRef,
}: {
  result: ImportResult;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const rows = `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}`;
  const matched = describeCounts(result.matched);
  if (result.valid) {
    return (
      <div className="alert alert-success import-check" role="status">
        <h3 ref={headingRef} tabIndex={-1}>
          All {rows} can be imported
        </h3>
        <p>
          The import will create {describeCounts(result.created)}
          {matched !== 'nothing' ? `, and link to ${matched} already in Remit` : ''}.
        </p>
      </div>
    );
  }
  return (
    <div className="import-check">
      <div className="alert alert-error" role="alert">
        <h3 ref={headingRef} tabIndex={-1}>
          {result.badRows} of {rows} cannot be imported
        </h3>
        <p>
          Nothing will be imported until every row is right. Choose other columns or options above and check
          again, or correct the file and choose it again.
          {result.problems.length >= MAX_LISTED ? ` The first ${MAX_LISTED} problems are listed.` : ''}
        </p>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-wrap import-problems" tabIndex={0} aria-label="Rows to correct">
        <table className="table compact">
          <caption className="visually-hidden">Rows that cannot be imported, by line of the file</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {result.problems.map((problem, index) => (
              <tr key={index}>
                <td data-label="Line" className="num">
                  {problem.line}
                </td>
                <td data-label="Column">
                  {problem.column ?? <span className="muted">Whole row</span>}
                  {problem.label && problem.label !== problem.column && (
                    <span className="muted small"> ({problem.label})</span>
                  )}
                </td>
                <td data-label="Problem">{problem.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
