import type { Map as MapLibreMap } from 'maplibre-gl';
import { useTranslation } from 'react-i18next';
import type { KindCode } from '../../../../server/src/domain/kinds/index.js';
import { useProject } from '../../api/queries.js';
import { ProjectForm } from './ProjectForm.js';

export type EditorTarget = { mode: 'create'; kind?: KindCode } | { mode: 'edit'; projectId: number };

export interface ProjectEditorProps {
  map: MapLibreMap | null;
  target: EditorTarget;
  onSaved(id: number): void;
  onCancel(): void;
  onDeleted(id: number): void;
}

/**
 * Creating and editing a project: drawing its geometry on the map (terra-draw)
 * and filling its form, checked with the server's own rules. Whether a user
 * may edit at all is the App's decision: it mounts this or it does not.
 */
export function ProjectEditor(props: ProjectEditorProps) {
  const { target, ...rest } = props;
  if (target.mode === 'edit') return <EditExisting key={target.projectId} projectId={target.projectId} {...rest} />;
  return <ProjectForm key={`new-${target.kind ?? ''}`} project={null} initialKind={target.kind} {...rest} />;
}

function EditExisting(props: Omit<ProjectEditorProps, 'target'> & { projectId: number }) {
  const { t } = useTranslation('editing');
  const { projectId, ...rest } = props;
  const project = useProject(projectId);
  if (project.isError) {
    return (
      <div className="editor">
        <p className="editor-notice editor-failure" role="alert">
          {t('loadFailed', { message: project.error.message })}
        </p>
        <div className="editor-actions">
          <button type="button" onClick={props.onCancel}>
            {t('actions.cancel')}
          </button>
        </div>
      </div>
    );
  }
  if (!project.data) {
    return (
      <div className="editor" aria-busy="true">
        <p>{t('loading')}</p>
      </div>
    );
  }
  // Opened once from what was loaded: a later refetch must not overwrite what the user is typing.
  return <ProjectForm project={project.data} {...rest} />;
}
