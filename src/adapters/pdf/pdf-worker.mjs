/**
 * Entry of a PDF worker thread. Worker threads do not run the `--import tsx` of the process (nor Vitest's
 * transform), so this plain JavaScript file registers tsx in the thread before loading the TypeScript task.
 */
import { register } from 'tsx/esm/api';

register();
const { renderDocumentInThread } = await import('./pdf-worker-task.ts');

export default renderDocumentInThread;
