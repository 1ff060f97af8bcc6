import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PHOTO_STAGES, type PhotoStage } from '../../../../server/src/domain/photo.js';
import { isOpen, type Status } from '../../../../server/src/domain/status.js';
import { useErrorText } from '../../api/errorText.js';
import { ApiError } from '../../api/http.js';
import { queryKeys } from '../../api/queries.js';
import { useFormat } from '../../i18n/index.js';
import { useSessionRecheck } from '../../session/session.js';
import { Field } from '../editing/Field.js';
import type { Problem } from '../editing/validate.js';
import { loopKeys, uploadPhoto, usePhotos, type Photo, type PhotoUpload } from './api.js';
import { PHOTO_ACCEPT, photoFileProblem, refusedPhotoProblem } from './photoFile.js';

const FILE = 'photo.file';

/**
 * A project's photos before and after the work, as thumbnails opening the full
 * image; for roles that may upload, a form to add one. The public sees only the
 * photos marked public, and nothing at all when there are none.
 */
export function Photos({ projectId, status, canUpload }: { projectId: number; status: Status; canUpload: boolean }) {
  const { t } = useTranslation('loop');
  const photos = usePhotos(projectId);
  const [uploading, setUploading] = useState(false);
  const [uploaded, setUploaded] = useState(false);
  const list = photos.data ?? [];
  if (!canUpload && list.length === 0) return null;

  return (
    <section className="loop-photos" aria-labelledby={`photos-${projectId}`} data-testid="photos">
      <h3 id={`photos-${projectId}`}>{t('photos.heading')}</h3>
      {list.length === 0 && photos.isSuccess && <p className="loop-empty">{t('photos.none')}</p>}
      {PHOTO_STAGES.map((stage) => {
        const ofStage = list.filter((p) => p.stage === stage);
        return ofStage.length === 0 ? null : (
          <div key={stage} className="loop-photo-stage">
            <h4>{t(`photos.stage.${stage}`)}</h4>
            <ul>
              {ofStage.map((p) => (
                <PhotoThumb key={p.id} photo={p} />
              ))}
            </ul>
          </div>
        );
      })}
      {uploaded && !uploading && (
        <p className="loop-notice loop-done" role="status">
          {t('photos.uploaded')}
        </p>
      )}
      {canUpload &&
        (uploading ? (
          <PhotoUploadForm
            projectId={projectId}
            defaultStage={isOpen(status) && status !== 'in_progress' ? 'before' : 'after'}
            onDone={() => {
              setUploading(false);
              setUploaded(true);
            }}
            onCancel={() => setUploading(false)}
          />
        ) : (
          <button
            type="button"
            className="loop-secondary"
            onClick={() => {
              setUploading(true);
              setUploaded(false);
            }}
            data-testid="open-photo-upload"
          >
            {t('photos.upload')}
          </button>
        ))}
    </section>
  );
}

function PhotoThumb({ photo }: { photo: Photo }) {
  const { t } = useTranslation('loop');
  const format = useFormat();
  const alt = photo.caption ?? t(`photos.stage.${photo.stage}`);
  return (
    <li>
      <figure>
        <a href={photo.url} target="_blank" rel="noopener" title={t('photos.open')}>
          <img src={photo.url} alt={alt} loading="lazy" />
        </a>
        <figcaption>
          {photo.caption && <span>{photo.caption}</span>}
          {!photo.is_public && <span className="loop-private">{t('photos.private')}</span>}
          <time dateTime={photo.uploaded_at}>{format.dateTime(photo.uploaded_at)}</time>
          {photo.uploaded_by && <span>{t('photos.by', { who: photo.uploaded_by })}</span>}
        </figcaption>
      </figure>
    </li>
  );
}

/** A file, before or after, public or not, with a caption; checked here for type and size before it is sent. */
function PhotoUploadForm(props: { projectId: number; defaultStage: PhotoStage; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation('loop');
  const errorText = useErrorText();
  const recheckSession = useSessionRecheck();
  const queryClient = useQueryClient();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<PhotoStage>(props.defaultStage);
  const [isPublic, setIsPublic] = useState(false);
  const [caption, setCaption] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const upload = useMutation({
    mutationFn: (u: PhotoUpload) => uploadPhoto(props.projectId, u),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: loopKeys.photos(props.projectId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.history(props.projectId) });
      props.onDone();
    },
    onError: (error, u) => {
      recheckSession(error);
      const problem = error instanceof ApiError ? refusedPhotoProblem(error.status, u.file, FILE) : null;
      if (problem) setProblems([problem]);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = file ? photoFileProblem(file, FILE) : { field: FILE, rule: 'required' as const };
    setProblems(problem ? [problem] : []);
    if (problem || !file || upload.isPending) return;
    upload.mutate({ file, stage, isPublic, caption });
  };

  const refusedOtherwise = upload.isError && problems.length === 0;
  return (
    <form className="editor loop-form" onSubmit={submit} noValidate data-testid="photo-upload">
      <Field name={FILE} label={t('photos.file')} required hint={t('photos.fileHint')} problems={problems}>
        {(a11y) => (
          <input
            {...a11y}
            type="file"
            accept={PHOTO_ACCEPT}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setProblems([]);
              upload.reset();
            }}
          />
        )}
      </Field>
      <fieldset className="loop-choices">
        <legend>{t('photos.stageLegend')}</legend>
        {PHOTO_STAGES.map((s) => (
          <label key={s}>
            <input type="radio" name={`${ids}-stage`} value={s} checked={stage === s} onChange={() => setStage(s)} />
            {t(`photos.stage.${s}`)}
          </label>
        ))}
      </fieldset>
      <div className="loop-check">
        <label>
          <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />
          {t('photos.public')}
        </label>
        <p className="editor-hint">{t('photos.publicHint')}</p>
      </div>
      <Field name="photo.caption" label={t('photos.caption')}>
        {(a11y) => <input {...a11y} type="text" maxLength={500} value={caption} onChange={(e) => setCaption(e.target.value)} />}
      </Field>
      {refusedOtherwise && (
        <p className="editor-notice editor-failure" role="alert">
          {t('photos.failed', { message: errorText(upload.error) })}
        </p>
      )}
      <div className="loop-actions">
        <button type="submit" className="editor-primary" disabled={upload.isPending}>
          {upload.isPending ? t('photos.uploading') : t('photos.upload')}
        </button>
        <button type="button" onClick={props.onCancel} disabled={upload.isPending}>
          {t('photos.cancel')}
        </button>
      </div>
    </form>
  );
}
