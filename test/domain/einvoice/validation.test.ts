/**
 * Every scenario of issue 15's validation list, in every format Remit writes (EN 16931 UBL and CII, Peppol BIS
 * Billing 3.0, XRechnung 3.0 UBL and CII), checked with the official rule sets by ../shared/einvoice/validate:
 * zero fatal errors per file. The validator compiles its rules once per call, so all files of one rule set go in
 * one call, and the three calls run side by side. When Java or the validator cannot run, this fails loudly.
 * Each XML's totals are also read back and compared with the totals engine's figures for the same document.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinor } from '../../../src/domain/currency.ts';
import { buildEInvoice } from '../../../src/domain/einvoice/build-model.ts';
import { toCii } from '../../../src/domain/einvoice/cii.ts';
import type { EInvoiceProfile } from '../../../src/domain/einvoice/profiles.ts';
import { toUbl } from '../../../src/domain/einvoice/ubl.ts';
import { computeTotals, type InvoiceTotals } from '../../../src/domain/totals.ts';
import {
  type EInvoiceRules,
  type EInvoiceVerdict,
  validateEInvoices,
} from '../../support/einvoice-validator.ts';
import { scenarios } from './scenarios.ts';

type Rules = EInvoiceRules;
interface Format {
  name: string;
  rules: Rules;
  syntax: 'ubl' | 'cii';
  profile: EInvoiceProfile;
}
const FORMATS: Format[] = [
  { name: 'ubl', rules: 'en16931', syntax: 'ubl', profile: 'en16931' },
  { name: 'cii', rules: 'en16931', syntax: 'cii', profile: 'en16931' },
  { name: 'peppol', rules: 'peppol', syntax: 'ubl', profile: 'peppol' },
  { name: 'xrechnung', rules: 'xrechnung', syntax: 'ubl', profile: 'xrechnung' },
  { name: 'xrechnung-cii', rules: 'xrechnung', syntax: 'cii', profile: 'xrechnung' },
];

interface Generated {
  file: string;
  scenario: string;
  format: Format;
  xml: string;
  totals: InvoiceTotals;
}
type Verdict = EInvoiceVerdict;

const dir = mkdtempSync(join(tmpdir(), 'remit-einvoice-'));
const generated: Generated[] = [];
const verdicts = new Map<string, Verdict>();
let validatorFailure: string | null = null;
let validationSeconds = 0;

beforeAll(async () => {
  for (const [scenario, input] of Object.entries(scenarios())) {
    const totals = computeTotals(input.document);
    for (const format of FORMATS) {
      const result = buildEInvoice(input, format.profile);
      if (!result.ok)
        throw new Error(`${scenario} (${format.name}) was refused: ${JSON.stringify(result.problems)}`);
      const xml =
        format.syntax === 'ubl'
          ? toUbl(result.invoice, format.profile as Exclude<EInvoiceProfile, 'facturx'>)
          : toCii(result.invoice, format.profile as Exclude<EInvoiceProfile, 'peppol'>);
      const file = join(dir, `${scenario}.${format.name}.xml`);
      writeFileSync(file, xml);
      generated.push({ file, scenario, format, xml, totals });
    }
  }
  const started = performance.now();
  const files = (rules: Rules) => generated.filter((g) => g.format.rules === rules).map((g) => g.file);
  const validation = await validateEInvoices({
    en16931: files('en16931'),
    peppol: files('peppol'),
    xrechnung: files('xrechnung'),
  });
  validationSeconds = (performance.now() - started) / 1000;
  validatorFailure = validation.failure;
  for (const [file, verdict] of validation.verdicts) verdicts.set(file, verdict);
  console.info(`e-invoice validation of ${generated.length} files took ${validationSeconds.toFixed(1)} s`);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('official validation', () => {
  it('the validator ran (Java, Saxon-HE and the rule sets are available)', () => {
    expect(validatorFailure, validatorFailure ?? '').toBeNull();
    expect(generated.length).toBe(15 * FORMATS.length);
  });

  for (const scenario of Object.keys(scenarios())) {
    for (const format of FORMATS) {
      it(`${scenario} as ${format.name} has no fatal error (${format.rules} rules)`, () => {
        expect(validatorFailure, validatorFailure ?? '').toBeNull();
        const file = join(dir, `${scenario}.${format.name}.xml`);
        const verdict = verdicts.get(file);
        expect(verdict, `the validator printed no result for ${file}`).toBeDefined();
        const failed = (verdict?.lines ?? []).filter((l) => l.startsWith('fatal'));
        expect(verdict?.fatal, `failed rules:\n${failed.join('\n')}`).toBe(0);
      });
    }
  }
});

/** The text of the first element with this local name (any prefix), e.g. TaxInclusiveAmount. */
function elementText(xml: string, localName: string): string | null {
  const match = new RegExp(`<(?:\\w+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${localName}>`).exec(xml);
  return match ? (match[1] ?? null) : null;
}

describe('the XML shows the totals engine figures', () => {
  it.each(FORMATS.map((f) => f.name))(
    '%s: grand total, VAT, paid and amount due of every scenario',
    (name) => {
      for (const g of generated.filter((x) => x.format.name === name)) {
        const t = g.totals;
        const money = (minor: bigint): string => formatMinor(minor, t.exponent);
        const ubl = g.format.syntax === 'ubl';
        const vat = t.taxTotal + t.inclusiveTaxTotal;
        const where = `${g.scenario} (${name})`;
        expect(elementText(g.xml, ubl ? 'TaxInclusiveAmount' : 'GrandTotalAmount'), where).toBe(
          money(t.total),
        );
        expect(elementText(g.xml, ubl ? 'PayableAmount' : 'DuePayableAmount'), where).toBe(
          money(t.balanceDue),
        );
        expect(elementText(g.xml, ubl ? 'PrepaidAmount' : 'TotalPrepaidAmount') ?? money(0n), where).toBe(
          money(t.amountPaid),
        );
        // UBL's first TaxAmount is the document's VAT total (cac:TaxTotal/cbc:TaxAmount).
        expect(elementText(g.xml, ubl ? 'TaxAmount' : 'TaxTotalAmount'), where).toBe(money(vat));
      }
    },
  );
});
