import { FullscreenControl, type Map as MapLibreMap, type PaddingOptions } from 'maplibre-gl';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapView, type Camera } from '../map/MapView.js';
import { appSearch, embedFilters, type EmbedParams } from './embedParams.js';
import { EmbedLegend } from './EmbedLegend.js';
import { MAPLIBRE_WORDS } from './messages.js';
import { ProjectCard } from './ProjectCard.js';
import { useEmbedArea, useEmbedBoundaries, useEmbedConfig, useEmbedProject, useEmbedProjects } from './publicData.js';

/** Room around the area the map opens on: the legend lies over the top left, the zoom buttons over the right. */
function openPaddingFor(width: number, height: number): PaddingOptions {
  const small = width <= 440 || height <= 300;
  return small ? { top: 48, right: 44, bottom: 8, left: 8 } : { top: 72, right: 52, bottom: 24, left: 24 };
}

/**
 * The public embed: the map, a compact legend, a card for the project clicked,
 * and a link to the full app at the same view. Nothing here edits, logs in or
 * asks for anything but public fields.
 */
export function EmbedApp({ params }: { params: EmbedParams }) {
  const { t } = useTranslation('embed');
  const root = useRef<HTMLDivElement>(null);
  const config = useEmbedConfig();
  const area = useEmbedArea(params.area);
  // An area that does not exist is left out, not sent on to be refused.
  const shown = useMemo<EmbedParams>(() => ({ ...params, area: area.data?.id }), [params, area.data]);
  const filters = useMemo(() => embedFilters(shown), [shown]);
  const nameField = params.lang === 'en' ? 'name_en' : 'name';
  // Asks nothing until the area is settled: the filters name it.
  const projects = useEmbedProjects(filters, area.isSuccess ? config.data?.mapTileThreshold : undefined, nameField);
  const boundaries = useEmbedBoundaries();
  const [selected, setSelected] = useState<number>();
  const [camera, setCamera] = useState<Partial<Camera>>({});
  const [openPadding] = useState(() => openPaddingFor(window.innerWidth, window.innerHeight));

  const listed = selected === undefined ? undefined : projects.features.find((f) => f.id === selected);
  // A project drawn from tiles is in no list loaded here: its card is fetched.
  const fetched = useEmbedProject(selected !== undefined && !listed ? selected : undefined);
  const selectedFeature = listed ?? (fetched.data?.id === selected ? fetched.data : undefined);

  const onReady = useCallback((map: MapLibreMap) => {
    // Only where the embedding page allows it (`allowfullscreen`); MapLibre would warn otherwise.
    if (document.fullscreenEnabled) map.addControl(new FullscreenControl({ container: root.current ?? undefined }), 'top-right');
  }, []);
  const onSelect = useCallback((id: number | undefined) => setSelected(id), []);
  const onCameraChange = useCallback((next: Camera) => setCamera(next), []);

  // Opens once it knows where to look: on the area, or without one where the app opens.
  const canOpen = config.isSuccess && area.isSuccess;
  const failed = config.isError || area.isError || projects.error !== null || fetched.isError;

  return (
    <div className="embed" ref={root}>
      {canOpen && (
        <MapView
          basemap={config.data.basemap}
          areas={boundaries}
          projects={projects.drawn}
          projectTiles={projects.tiles}
          coverage={undefined}
          gaps={undefined}
          selected={selected}
          selectedProject={selectedFeature as GeoJSON.Feature | undefined}
          selectedArea={shown.area}
          nameField={nameField}
          initialCamera={{}}
          fitBox={area.data?.bbox}
          openPadding={openPadding}
          selectable
          onSelect={onSelect}
          onCameraChange={onCameraChange}
          onReady={onReady}
          cooperativeGestures
          locale={MAPLIBRE_WORDS[params.lang]}
        />
      )}
      <EmbedLegend
        counts={projects.counts}
        kinds={params.kinds}
        areaName={area.data ? area.data.properties[nameField] : undefined}
        appHref={`/${appSearch(shown, camera, selected)}`}
      />
      {selectedFeature && <ProjectCard feature={selectedFeature} onClose={() => setSelected(undefined)} />}
      {failed && (
        <p className="embed-alert" role="alert">
          {t('loadFailed')}{' '}
          <button
            type="button"
            onClick={() => {
              projects.retry();
              void Promise.all([config.refetch(), area.refetch(), fetched.isError ? fetched.refetch() : undefined]);
            }}
          >
            {t('retry')}
          </button>
        </p>
      )}
    </div>
  );
}
