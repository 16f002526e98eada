import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsRow } from '../../../src/db/schema.ts';
import { textOnAccent } from '../../../src/domain/brand-colors.ts';
import { renderCreditNoteEmail } from '../../../src/services/credit-notes/credit-note-email.ts';
import type { CreditNoteView } from '../../../src/services/credit-notes/credit-note-view.ts';
import { emailBrand } from '../../../src/services/email/email-layout.ts';
import { renderInvoiceEmail } from '../../../src/services/email/invoice-email.ts';
import {
  freshLinkEmail,
  invitationEmail,
  magicLoginEmail,
  passwordResetEmail,
} from '../../../src/services/portal/portal-emails.ts';
import { renderQuoteAnswerEmail, renderQuoteEmail } from '../../../src/services/quotes/quote-email.ts';
import type { QuoteView } from '../../../src/services/quotes/quote-view.ts';
import { getSettings } from '../../../src/services/settings/get-settings.ts';
import { renderStatementEmail } from '../../../src/services/statements/statement-email.ts';
import type { ClientStatement } from '../../../src/services/statements/statement-view.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

const LOGO = 'https://billing.example.com/api/portal/v1/branding/logo?v=1';
const ACCENT = '#ffcc00';
let db: TestDatabase;
let settings: SettingsRow;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.db
    .updateTable('settings')
    .set({
      business_name: 'Acme <Studio>',
      accent_color: ACCENT,
      footer: 'Registered in Ruritania, no. 42',
      email: 'billing@acme.test',
      city: 'Springfield',
    })
    .where('id', '=', 1)
    .execute();
  settings = await getSettings(db.db);
});
afterAll(async () => {
  await db?.close();
});

const quote = {
  number: 'Q-1',
  currency: 'EUR',
  validUntil: '2026-12-31',
  totals: { total: '120.00' },
  client: { name: 'Bob', company: 'Bobco' },
} as unknown as QuoteView;
const creditNote = {
  number: 'CN-1',
  currency: 'EUR',
  reason: 'Returned',
  client: { id: 'c', name: 'Carol Client', company: '' },
  invoice: { id: 'i', number: 'INV-1', issueDate: '2026-11-01' },
  credit: { total: '10.00', applied: '0.00', remaining: '10.00' },
} as unknown as CreditNoteView;
const statement = {
  client: { id: 'c', name: 'Carol Client', company: '' },
  from: '2026-11-01',
  to: '2026-11-30',
  currencies: [{ currency: 'EUR', closingBalance: '99.00' }],
} as unknown as ClientStatement;
const recipient = { contactId: 'c', name: 'Carol', email: 'carol@client.test' };

function everyKind(): [string, { html: string; text: string }][] {
  const brand = emailBrand(settings, LOGO);
  const common = { settings, contactName: 'Carol', link: 'https://billing.example.com/l', logoUrl: LOGO };
  const invoice = {
    id: 'i',
    number: 'INV-1',
    currency: 'EUR',
    dueDate: '2026-12-01',
    totals: { total: '100.00', balanceDue: '100.00' },
  };
  const expiresAt = new Date('2026-12-01T00:00:00Z');
  return [
    ['invoice', renderInvoiceEmail({ ...common, kind: 'invoice', invoice, today: '2026-11-01' })],
    ['reminder', renderInvoiceEmail({ ...common, kind: 'reminder', invoice, today: '2026-12-05' })],
    ['quote', renderQuoteEmail({ ...common, quote })],
    [
      'quote answer',
      renderQuoteAnswerEmail({
        ...common,
        quote,
        outcome: 'accepted',
        name: 'Carol',
        note: '',
        convertedInvoiceId: null,
      }),
    ],
    ['credit note', renderCreditNoteEmail({ ...common, note: creditNote })],
    ['statement', renderStatementEmail({ ...common, statement, portalUrl: 'https://billing.example.com/p' })],
    ['portal invite', invitationEmail(recipient, { brand, url: common.link, expiresAt })],
    ['password reset', passwordResetEmail(recipient, { brand, url: common.link })],
    ['sign-in link', magicLoginEmail(recipient, { brand, url: common.link })],
    [
      'fresh link',
      freshLinkEmail(recipient, {
        brand,
        url: common.link,
        document: { kind: 'invoice', id: 'i', number: 'INV-1' },
        expiresAt,
        reader: { language: 'en', locale: 'en-US' },
        timeZone: 'UTC',
      }),
    ],
  ];
}

describe('the shared email layout', () => {
  it('gives every kind of email the business name, logo, accent colour, signature and footer', () => {
    for (const [kind, email] of everyKind()) {
      const header = /<div data-email-part="header">(.*?)<\/div>/s.exec(email.html)?.[1] ?? '';
      expect(header, kind).toContain(`<img src="${LOGO.replace(/&/g, '&amp;')}" alt="Acme &lt;Studio&gt;"`);
      expect(header, kind).toContain('>Acme &lt;Studio&gt;</h1>');
      expect(email.html, kind).toContain(`border-top:4px solid ${ACCENT}`);
      expect(email.html, kind).toMatch(
        /<p data-email-part="signature"[^>]*>Acme &lt;Studio&gt;<br>Springfield<br>billing@acme.test<\/p>/,
      );
      expect(email.html, kind).toMatch(
        /<p data-email-part="footer"[^>]*>Registered in Ruritania, no. 42<\/p>/,
      );
      expect(email.html, kind).not.toContain('<Studio>');
      expect(email.text, kind).toContain(
        '--\nAcme <Studio>\nSpringfield\nbilling@acme.test\n\nRegistered in Ruritania',
      );
    }
  });

  it('writes button text in the colour that contrasts with the accent', () => {
    expect(textOnAccent(ACCENT)).toBe('#111111');
    expect(textOnAccent('#1f4e79')).toBe('#ffffff');
    for (const [kind, email] of everyKind().filter(([kind]) => kind !== 'statement')) {
      expect(email.html, kind).toContain(`background:${ACCENT};color:#111111`);
    }
  });

  it('shows the name alone without a logo, and no footer paragraph without a footer', () => {
    const brand = emailBrand({ ...settings, footer: '' }, null);
    const email = magicLoginEmail(recipient, { brand, url: 'https://x.test/' });
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('data-email-part="footer"');
    expect(email.html).toContain('>Acme &lt;Studio&gt;</h1>');
  });
});

describe('the statement email', () => {
  it('links the portal statement page', () => {
    const email = renderStatementEmail({
      settings,
      statement,
      contactName: 'Carol',
      portalUrl: 'https://billing.example.com/portal/statement',
    });
    expect(email.html).toContain(
      'you can see your statement any time: <a href="https://billing.example.com/portal/statement">',
    );
  });
});
