/**
 * Runs ../shared/einvoice/validate (the official EN 16931, Peppol BIS 3.0 and XRechnung 3.0 rule sets, with Saxon-HE)
 * over e-invoice files and reads its report. The validator compiles its rules once per call: give it every file of a
 * rule set in one call. When Java or the validator cannot run, `failure` says why; tests must then fail, not pass.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const EINVOICE_VALIDATOR =
  process.env.EINVOICE_VALIDATOR ?? resolve(import.meta.dirname, '../../../shared/einvoice/validate');

/**
 * Set by .ci/run for its second and third passes (another database, another Node version): the files those passes
 * produce come from the same code as the first pass's, which validated them, and each validator call costs ~10 s.
 * Validation steps are then reported as skipped, never as passed.
 */
export const VALIDATED_IN_ANOTHER_PASS = process.env.EINVOICE_VALIDATED_IN_ANOTHER_PASS === '1';

export type EInvoiceRules = 'en16931' | 'peppol' | 'xrechnung';

export interface EInvoiceVerdict {
  fatal: number;
  /** The report's lines for the file ("fatal RULE at ...: text", warnings), without the summary. */
  lines: string[];
}

export interface EInvoiceValidation {
  /** Why the validator could not run, or null. */
  failure: string | null;
  verdicts: Map<string, EInvoiceVerdict>;
}

/**
 * The validator's cost is mostly Saxon compiling the rule sets on a cold JVM; the quick (C1) JIT and the serial
 * collector halve its CPU time here, which matters with several runs side by side.
 */
const JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC']
  .filter(Boolean)
  .join(' ');

function run(
  rules: EInvoiceRules,
  files: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, JAVA_TOOL_OPTIONS } };
  return new Promise((done) => {
    execFile(EINVOICE_VALIDATOR, ['--rules', rules, ...files], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({
        code,
        stdout,
        stderr: stderr || (error && typeof error.code !== 'number' ? String(error) : ''),
      });
    });
  });
}

/** Reads the validator's report: "FILE: fatal RULE at ...: text" lines and "FILE: N fatal, M warning (...)". */
export function parseValidatorReport(
  stdout: string,
  files: string[],
  into: Map<string, EInvoiceVerdict>,
): void {
  for (const file of files) {
    const prefix = `${file}: `;
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .map((l) => l.slice(prefix.length));
    const summary = lines.map((l) => /^(\d+) fatal, (\d+) warning/.exec(l)).find((m) => m !== null);
    if (summary)
      into.set(file, { fatal: Number(summary[1]), lines: lines.filter((l) => !/^\d+ fatal,/.test(l)) });
  }
}

/** Validates the files of each rule set in one call per rule set, the calls side by side. */
export async function validateEInvoices(
  filesByRules: Partial<Record<EInvoiceRules, string[]>>,
): Promise<EInvoiceValidation> {
  const verdicts = new Map<string, EInvoiceVerdict>();
  if (!existsSync(EINVOICE_VALIDATOR)) {
    return {
      failure: `the e-invoice validator is missing at ${EINVOICE_VALIDATOR} (set EINVOICE_VALIDATOR)`,
      verdicts,
    };
  }
  let failure: string | null = null;
  const runs = await Promise.all(
    Object.entries(filesByRules)
      .filter(([, files]) => files && files.length > 0)
      .map(async ([rules, files]) => ({
        rules,
        files: files!,
        ...(await run(rules as EInvoiceRules, files!)),
      })),
  );
  for (const result of runs) {
    // Exit 0: no fatal error; 1: some file failed (reported per file); anything else: it could not run.
    if (result.code !== 0 && result.code !== 1) {
      failure = `the validator (--rules ${result.rules}) could not run (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`;
    }
    parseValidatorReport(result.stdout, result.files, verdicts);
  }
  return { failure, verdicts };
}
