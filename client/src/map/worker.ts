import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// MapLibre 6 looks for its worker beside its own module; once bundled that file
// is not there, so the worker is shipped as an asset and named explicitly.
setWorkerUrl(workerUrl);
