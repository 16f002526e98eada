import type { SettingsRow } from '../../db/schema.ts';
import { accentForText, textOnAccent, validAccent } from '../../domain/brand-colors.ts';
import { DEFAULT_LANGUAGE, languageOfLocale } from '../../domain/language.ts';
import { postalAddressLines } from '../../domain/postal-address.ts';
import { translator } from '../../i18n/messages.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const HTML_SPECIAL = /[&<>"']/g;
const HAS_HTML_SPECIAL = /[&<>"']/;

/** Text from users (names, notes, messages) goes into HTML only through this. */
export function escapeHtml(text: string): string {
  return HAS_HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL, (char) => HTML_ESCAPES[char]!) : text;
}

/** A placeholder for text known only per recipient; escaping leaves it as it is. Filled by withSlots. */
export function slot(name: string): string {
  return `\uE000${name}\uE000`;
}

/**
 * Splits HTML rendered once with slots, so each recipient's copy only joins strings (a batch of reminders makes
 * thousands). Values are HTML: escape them first.
 */
export function withSlots(html: string): (values: Record<string, string>) => string {
  const pieces = html.split(/\uE000([a-z]+)\uE000/);
  return (values) => pieces.map((piece, index) => (index % 2 ? (values[piece] ?? '') : piece)).join('');
}

/** What every email shows of the business: name, logo, accent colour, address and footer. */
export interface EmailBrand {
  businessName: string;
  accentColor: string;
  /** The reader's locale: the language of the layout's own words (a client's emails set their client's). */
  locale: string;
  /** Lines under the name at the bottom: address, then email. */
  signature: string[];
  /** The business's own footer text (settings), shown last. */
  footer: string;
  /** Absolute URL of the logo on the app's public address; null shows the name alone. */
  logoUrl: string | null;
}

type BrandSettings = Pick<
  SettingsRow,
  | 'business_name'
  | 'accent_color'
  | 'locale'
  | 'footer'
  | 'email'
  | 'address_line1'
  | 'address_line2'
  | 'postal_code'
  | 'city'
  | 'region'
  | 'country'
  | 'country_code'
>;

export function emailBrand(settings: BrandSettings, logoUrl: string | null = null): EmailBrand {
  const address = postalAddressLines({
    line1: settings.address_line1,
    line2: settings.address_line2,
    city: settings.city,
    region: settings.region,
    postalCode: settings.postal_code,
    country: settings.country,
    countryCode: settings.country_code,
  });
  return {
    businessName: settings.business_name.trim() || 'Remit',
    accentColor: validAccent(settings.accent_color),
    locale: settings.locale || 'en-US',
    signature: [...address, settings.email].map((part) => part.trim()).filter(Boolean),
    footer: settings.footer.trim(),
    logoUrl,
  };
}

/** The plain-text signature every email ends with. */
export function textSignature(brand: EmailBrand): string[] {
  return ['--', brand.businessName, ...brand.signature, ...(brand.footer ? ['', brand.footer] : []), ''];
}

export interface EmailContent {
  /** Paragraphs of plain text; blank lines inside one split it, newlines become line breaks. */
  paragraphs: string[];
  /** Label/value rows; strong rows are the figure to look at (the amount due). */
  rows?: { label: string; value: string; strong?: boolean }[];
  button?: { label: string; href: string };
  /** Small print under the button (expiry notes); with href, the link follows the text. */
  notes?: (string | { text: string; href: string })[];
  /** The document itself, printed after the small print: HTML from documentEmailHtml (email-document.ts), escaped there. */
  documentHtml?: string;
}

/** The colours derived from an accent, worked out once per accent: a batch of reminders renders thousands. */
const derivedColours = new Map<string, { heading: string; onAccent: string }>();
function accentColours(accent: string): { heading: string; onAccent: string } {
  let colours = derivedColours.get(accent);
  if (!colours) {
    colours = { heading: accentForText(accent), onAccent: textOnAccent(accent) };
    derivedColours.set(accent, colours);
  }
  return colours;
}

/**
 * The one HTML layout of every email: logo or name in the accent colour, the content, an accent button with its
 * text colour chosen by contrast, the business's address and its footer. Every text part is escaped here.
 */
export function renderEmailLayout(brand: EmailBrand, subject: string, content: EmailContent): string {
  const e = escapeHtml;
  const language = languageOfLocale(brand.locale) ?? DEFAULT_LANGUAGE;
  const openLink = translator(language, 'emails')('openLink');
  const accent = brand.accentColor;
  const { heading, onAccent } = accentColours(accent);
  const paragraph = (text: string) =>
    text
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 12px">${e(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  const row = ({ label, value, strong }: { label: string; value: string; strong?: boolean }) =>
    `<tr><td style="padding:4px 16px 4px 0;color:#555">${e(label)}</td><td style="padding:4px 0;text-align:right">${strong ? `<strong>${e(value)}</strong>` : e(value)}</td></tr>`;
  const rows = content.rows?.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:16px 0">\n${content.rows.map(row).join('\n')}\n</table>`
    : '';
  const button = content.button
    ? `<p style="margin:24px 0"><a href="${e(content.button.href)}" style="background:${accent};color:${onAccent};padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">${e(content.button.label)}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">${e(openLink)} <a href="${e(content.button.href)}">${e(content.button.href)}</a></p>`
    : '';
  const notes = (content.notes ?? [])
    .map((note) =>
      typeof note === 'string'
        ? `<p style="margin:0 0 12px;font-size:13px;color:#555">${e(note)}</p>`
        : `<p style="margin:0 0 12px;font-size:13px;color:#555">${e(note.text)} <a href="${e(note.href)}">${e(note.href)}</a></p>`,
    )
    .join('\n');
  const logo = brand.logoUrl
    ? `<img src="${e(brand.logoUrl)}" alt="${e(brand.businessName)}" style="display:block;max-height:64px;max-width:240px;margin:0 0 12px;border:0">`
    : '';
  const footer = brand.footer
    ? `<p data-email-part="footer" style="margin:12px 0 0;font-size:12px;color:#555">${e(brand.footer).replace(/\n/g, '<br>')}</p>`
    : '';
  return `<!doctype html>
<html lang="${e(brand.locale.split('-')[0] ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-top:4px solid ${accent};padding:24px">
<div data-email-part="header">${logo}<h1 style="font-size:20px;margin:0 0 16px;color:${heading}">${e(brand.businessName)}</h1></div>
${content.paragraphs.map(paragraph).join('\n')}
${rows}
${button}
${notes}
${content.documentHtml ?? ''}
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p data-email-part="signature" style="margin:0;font-size:13px;color:#555">${[brand.businessName, ...brand.signature].map(e).join('<br>')}</p>
${footer}
</div>
</body></html>
`;
}
