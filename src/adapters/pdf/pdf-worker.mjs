/**
 * Entry of a PDF worker thread. Worker threads do not run the `--import tsx` of the process (nor Vitest's
 * transform): run from source, this plain JavaScript file registers tsx in the thread before loading the TypeScript
 * task; compiled (build/, see scripts/build-server.mjs) it loads the compiled task directly.
 */
const fromSource = !import.meta.url.includes('/build/adapters/');
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { renderDocumentInThread, renderStatementInThread, renderReportInThread, renderReceiptInThread } =
  await import('./pdf-worker-task.ts');

export default renderDocumentInThread;
export { renderReceiptInThread, renderReportInThread, renderStatementInThread };
