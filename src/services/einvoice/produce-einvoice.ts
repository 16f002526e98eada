/**
 * An issued invoice or credit note as an e-invoice file in the chosen format, or every reason it cannot be one;
 * and the same check without the file, which also runs on drafts to list what is missing before issue.
 */
import { buildEInvoice } from '../../domain/einvoice/build-model.ts';
import type { EInvoiceProblem } from '../../domain/einvoice/input.ts';
import type { EInvoice } from '../../domain/einvoice/model.ts';
import type { EInvoiceProfile } from '../../domain/einvoice/profiles.ts';
import { ConflictError, DomainError } from '../../domain/errors.ts';
import type { ServiceDeps } from '../context.ts';
import {
  type AssembledEInvoice,
  assembleEInvoiceInput,
  type EInvoiceDocumentKind,
} from './assemble-einvoice-input.ts';
import {
  EINVOICE_DOWNLOAD_FORMATS,
  EINVOICE_FORMAT_SPECS,
  type EInvoiceDownloadFormat,
} from './einvoice-formats.ts';
import { explainCountries } from './einvoice-parties.ts';
import { inReadSnapshot } from './read-snapshot.ts';

/** The document cannot be written in the format: the reasons, in words a bookkeeper understands (422). */
export class EInvoiceRefusedError extends DomainError {
  constructor(
    readonly formatLabel: string,
    readonly problems: EInvoiceProblem[],
  ) {
    super(
      'einvoice_not_possible',
      `This document cannot be sent as ${formatLabel} yet: ${problems.length === 1 ? 'one thing needs' : `${problems.length} things need`} fixing`,
    );
    this.name = 'EInvoiceRefusedError';
  }
}

export interface ProducedEInvoice {
  xml: string;
  filename: string;
}

export interface EInvoiceCheck {
  format: EInvoiceDownloadFormat;
  ready: boolean;
  problems: EInvoiceProblem[];
}

const WHAT: Record<EInvoiceDocumentKind, string> = { invoice: 'invoice', credit_note: 'credit note' };

export async function assemble(
  deps: ServiceDeps,
  kind: EInvoiceDocumentKind,
  id: string,
): Promise<AssembledEInvoice> {
  // One snapshot for the document, its client, the settings and the tax rates.
  return inReadSnapshot(deps.db, (trx) => assembleEInvoiceInput(trx, kind, id));
}

function build(assembled: AssembledEInvoice, format: EInvoiceDownloadFormat) {
  return buildForProfile(assembled, EINVOICE_FORMAT_SPECS[format].profile);
}

function buildForProfile(assembled: AssembledEInvoice, profile: EInvoiceProfile) {
  const result = buildEInvoice(assembled.input, profile);
  if (result.ok) return result;
  return { ...result, problems: explainCountries(result.problems, assembled.settings, assembled.client) };
}

/** The format asked for, else the one the client prefers (when it is an XML format), else UBL. */
function chosenFormat(assembled: AssembledEInvoice, format: EInvoiceDownloadFormat | undefined) {
  if (format) return format;
  const preferred = assembled.client.einvoice_format;
  return (EINVOICE_DOWNLOAD_FORMATS as readonly string[]).includes(preferred)
    ? (preferred as EInvoiceDownloadFormat)
    : 'ubl';
}

/** The file name from the number: "INV-2026-0001-xrechnung.xml" (characters unsafe in file names replaced). */
export function einvoiceFilename(number: string, format: EInvoiceDownloadFormat): string {
  return `${number.replace(/[^\p{L}\p{N}._-]+/gu, '_')}-${format}.xml`;
}

export async function produceEInvoice(
  deps: ServiceDeps,
  kind: EInvoiceDocumentKind,
  id: string,
  requested?: EInvoiceDownloadFormat,
): Promise<ProducedEInvoice> {
  const assembled = await assemble(deps, kind, id);
  const format = chosenFormat(assembled, requested);
  const spec = EINVOICE_FORMAT_SPECS[format];
  const { invoice, number } = issuedModel(assembled, kind, spec.profile, spec.label);
  // The XML writers (and their XML library) load on first use: start-up does not need them.
  const xml =
    spec.syntax === 'ubl'
      ? (await import('../../domain/einvoice/ubl.ts')).toUbl(invoice, spec.profile)
      : (await import('../../domain/einvoice/cii.ts')).toCii(invoice, spec.profile);
  return { xml, filename: einvoiceFilename(number, format) };
}

/**
 * The issued document's model for `profile` and its number: a draft (no number) or a void invoice is a
 * ConflictError (409), a document the profile cannot carry an EInvoiceRefusedError (422) with every reason.
 */
export function issuedModel(
  assembled: AssembledEInvoice,
  kind: EInvoiceDocumentKind,
  profile: EInvoiceProfile,
  label: string,
): { invoice: EInvoice; number: string } {
  if (assembled.status === 'draft' || assembled.number === null) {
    throw new ConflictError(
      'draft',
      `A draft ${WHAT[kind]} has no number yet; issue it before downloading its e-invoice`,
    );
  }
  if (assembled.status === 'void') {
    throw new ConflictError('void', 'This invoice is void: it is no longer a bill to send as an e-invoice');
  }
  const result = buildForProfile(assembled, profile);
  if (!result.ok) throw new EInvoiceRefusedError(label, result.problems);
  return { invoice: result.invoice, number: assembled.number };
}

/** What stands between the document and an e-invoice in `format`; for a draft, what will once it is issued. */
export async function checkEInvoice(
  deps: ServiceDeps,
  kind: EInvoiceDocumentKind,
  id: string,
  requested?: EInvoiceDownloadFormat,
): Promise<EInvoiceCheck> {
  const assembled = await assemble(deps, kind, id);
  const format = chosenFormat(assembled, requested);
  const draft = assembled.status === 'draft' || assembled.number === null;
  if (draft) assembled.input.document.number = 'DRAFT';
  const result = build(assembled, format);
  const problems = result.ok ? [] : result.problems;
  if (assembled.status === 'void') {
    problems.unshift({
      code: 'void',
      field: 'status',
      message: 'This invoice is void: it is no longer a bill to send as an e-invoice.',
    });
  }
  return { format, ready: problems.length === 0, problems };
}
