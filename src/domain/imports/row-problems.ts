/** What is wrong with one row of an import file, in words people can act on. */
import { DomainError } from '../errors.ts';

export interface RowProblem {
  /** The physical line of the file the row starts on (the header is line 1 in most files). */
  line: number;
  /** The file's column, when one column is at fault. */
  column: string | null;
  /** The field the column was mapped to, and its label. */
  field: string | null;
  label: string | null;
  reason: string;
}

/** At most this many problems are listed: a file with more has a systematic fault the first ones show. */
export const MAX_LISTED_PROBLEMS = 1000;

/** Refuses an import because rows are bad; nothing was written. The HTTP layer lists every row (422). */
export class ImportRejectedError extends DomainError {
  constructor(
    readonly problems: RowProblem[],
    readonly badRows: number,
  ) {
    super(
      'import_rejected',
      `${badRows} row${badRows === 1 ? '' : 's'} of the file cannot be imported; nothing was imported. ` +
        'Correct the rows listed and send the file again',
    );
    this.name = 'ImportRejectedError';
  }
}
