import type { StatementPdfRenderer, StatementPdfSource } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { partiesPdfInput, type RenderedPdf } from '../documents/render-document-pdf.ts';
import { getClientStatement } from './get-client-statement.ts';
import type { ClientStatement } from './statement-view.ts';

export interface StatementPdfDeps extends ServiceDeps {
  statementRenderer: StatementPdfRenderer;
}

/** "statement-2026-01-01-2026-03-31.pdf" */
export function statementFilename(statement: ClientStatement): string {
  return `statement-${statement.from}-${statement.to}.pdf`;
}

/** The statement as a PDF with the organisation's branding and the client's current billing details. */
export async function renderClientStatementPdf(
  deps: StatementPdfDeps,
  statement: ClientStatement,
): Promise<RenderedPdf> {
  const parties = await partiesPdfInput(deps.db, statement.client.id);
  const bytes = await deps.statementRenderer.renderStatement({ ...parties, statement });
  return { filename: statementFilename(statement), bytes };
}

/**
 * Statement emails' attachment (services/email/document-attachments.ts): the statement as it stands when the message
 * leaves, so a payment recorded meanwhile is on it.
 */
export function statementAttachmentSource(deps: StatementPdfDeps): StatementPdfSource {
  return async ({ clientId, from, to }) =>
    renderClientStatementPdf(deps, await getClientStatement(deps, clientId, { from, to }));
}
