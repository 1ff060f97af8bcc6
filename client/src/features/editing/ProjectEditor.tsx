import type { Map as MapLibreMap } from 'maplibre-gl';
import type { KindCode } from '../../../../server/src/domain/kinds/index.js';

export type EditorTarget = { mode: 'create'; kind?: KindCode } | { mode: 'edit'; projectId: number };

export interface ProjectEditorProps {
  map: MapLibreMap | null;
  target: EditorTarget;
  onSaved(id: number): void;
  onCancel(): void;
  onDeleted(id: number): void;
}

/** Creating and editing a project: drawing its geometry on the map and filling its form (lands next). */
export function ProjectEditor(_props: ProjectEditorProps) {
  return null;
}
