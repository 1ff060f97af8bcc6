// The worker thread's entry (see parseInWorker.ts): plain JavaScript, because a
// worker starts without the TypeScript loader its parent runs under.
import { register } from 'tsx/esm/api';

register();
await import('./parseWorker.ts');
