/**
 * Electronic address schemes (EAS, BT-34/BT-49 scheme). Peppol accepts only the codes below (Peppol BIS Billing
 * 3.0.19, rule PEPPOL-EN16931-CL008; e-mail "EM" is not among them) and checks the check digits of some ids.
 */
import { mod97 } from './iban.ts';

export const PEPPOL_EAS_CODES: ReadonlySet<string> = new Set(
  (
    '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191 0192 0193 ' +
    '0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 0235 9910 ' +
    '9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 ' +
    '9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 ' +
    '0158 0170 0194 0203 0205 0217 0225 0240'
  ).split(' '),
);

/** GS1 check digit of a GLN (13 digits, weights 3 and 1 from the right). */
function validGln(id: string): boolean {
  if (!/^[0-9]{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(id[12]);
}

/** Belgian enterprise number: 10 digits starting with 0 or 1, the last two being 97 − (first eight mod 97). */
function validBelgianEnterpriseNumber(id: string): boolean {
  if (!/^[01][0-9]{9}$/.test(id)) return false;
  return 97 - mod97(id.slice(0, 8)) === Number(id.slice(8));
}

/** Why an electronic address cannot be used on Peppol, in plain words, or null when it can. */
export function peppolAddressProblem(scheme: string, id: string): string | null {
  if (!PEPPOL_EAS_CODES.has(scheme)) {
    return `the scheme "${scheme}" is not used on the Peppol network (use for example 0208 for a Belgian enterprise number, 9930 for a German VAT number, 0088 for a GLN)`;
  }
  if (scheme === '0088' && !validGln(id))
    return `"${id}" is not a valid GLN (13 digits with a correct check digit)`;
  if (scheme === '0208' && !validBelgianEnterpriseNumber(id)) {
    return `"${id}" is not a valid Belgian enterprise number (10 digits, without dots, with correct check digits)`;
  }
  return null;
}
