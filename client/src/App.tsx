import { useQueryClient } from '@tanstack/react-query';
import { bbox as turfBbox } from '@turf/turf';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deepestArea, useAreaPath } from './api/areaPath.js';
import { projectQuery, useAreas, useClientConfig, useProject } from './api/queries.js';
import type { AreaCollection } from './api/types.js';
import { CoveragePanel } from './features/coverage/CoveragePanel.js';
import { DashboardButton } from './features/dashboard/DashboardButton.js';
import { DashboardMount } from './features/dashboard/DashboardMount.js';
import { useCoverageView } from './features/coverage/useCoverageView.js';
import { ProjectEditor, type EditorTarget } from './features/editing/ProjectEditor.js';
import { ExportMenu } from './features/export/ExportMenu.js';
import type { AreaPath } from './features/filters/AreaPicker.js';
import { FilterPanel } from './features/filters/FilterPanel.js';
import { ImportButton } from './features/import/ImportButton.js';
import { PlacingHint } from './features/import/PlacingHint.js';
import { UnplacedButton } from './features/import/UnplacedButton.js';
import { UnplacedPanel } from './features/import/UnplacedPanel.js';
import { useMapPlacing } from './features/import/useMapPlacing.js';
import { Legend } from './features/legend/Legend.js';
import { MyTasks } from './features/loop/MyTasks.js';
import { ProjectList } from './features/projects/ProjectList.js';
import { ProjectPanel } from './features/projects/ProjectPanel.js';
import { useMapProjects } from './features/projects/useMapProjects.js';
import { FOLLOW_CHANGES_MS } from './features/projects/useFollowChanges.js';
import { ShareButton } from './features/share/ShareButton.js';
import { homeBox } from './map/homeBox.js';
import { MapView, type Camera } from './map/MapView.js';
import { PROJECT_TILE_ZOOMS, viewBox } from './map/projectTiles.js';
import { usePermissions } from './permissions.js';
import { useSession } from './session/session.js';
import { SessionControls } from './session/SessionControls.js';
import { useViewState } from './state/useViewState.js';

type Box = [number, number, number, number];

export function App() {
  const { t, i18n } = useTranslation(['translation', 'editing', 'coverage']);
  const [view, updateView] = useViewState();
  const permissions = usePermissions();
  const config = useClientConfig();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [shownBox, setShownBox] = useState<Box>();
  const nameField = view.lang === 'en' ? 'name_en' : 'name';
  const projects = useMapProjects(view.filters, {
    threshold: config.data?.mapTileThreshold,
    unitId: session.user?.unit_id,
    nameField,
    viewBox: shownBox,
    followChangesMs: FOLLOW_CHANGES_MS,
  });
  const areaPath = useAreaPath(view.filters.area);
  const areas = useAllAreas();
  const [fitBox, setFitBox] = useState<Box>();
  const [editor, setEditor] = useState<EditorTarget>();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const coverage = useCoverageView(view.filters.area, areas);
  const setCoverageOpen = coverage.setOpen;
  const [unplacedOpen, setUnplacedOpen] = useState(false);

  useEffect(() => {
    void i18n.changeLanguage(view.lang);
    document.documentElement.lang = view.lang;
  }, [i18n, view.lang]);

  // A link with an area but no camera opens on that area, once its box is known.
  const [openedWithCamera] = useState(view.center !== undefined);
  const [linkedArea] = useState(view.filters.area);
  const linkedAreaBox = useMemo(
    () => (openedWithCamera || linkedArea === undefined ? undefined : areas?.features.find((a) => a.id === linkedArea)?.bbox),
    [areas, linkedArea, openedWithCamera],
  );
  // A link naming no place opens where the server's districts are (the demo's 石鼓区 while it is loaded).
  const home = useMemo(() => (openedWithCamera || linkedArea !== undefined ? undefined : homeBox(areas)), [areas, linkedArea, openedWithCamera]);

  const { features, inView, counts } = projects;
  // Tiles ring the selected project from the panel's copy of it (the same query, so no second request).
  const selectedProject = useProject(projects.mode === 'tiles' ? view.selected : undefined);
  const countsByKind = useMemo(() => counts?.byKind ?? new Map<string, number>(), [counts]);

  // The box the map shows, for the list beside a tiled map.
  const onMapReady = useCallback((instance: MapLibreMap) => {
    setMap(instance);
    setShownBox(boxShownBy(instance));
  }, []);
  useEffect(() => {
    if (!map) return;
    const update = () => setShownBox(boxShownBy(map));
    map.on('moveend', update);
    return () => {
      map.off('moveend', update);
    };
  }, [map]);

  const showArea = (area: number | undefined) => {
    updateView({ filters: { ...view.filters, area } });
    const box = area === undefined ? undefined : areas?.features.find((a) => a.id === area)?.bbox;
    if (box) setFitBox(box);
  };
  const chooseArea = (path: AreaPath) => showArea(deepestArea(path));

  const select = useCallback(
    (id: number | undefined, options: { zoomTo?: boolean } = {}) => {
      updateView({ selected: id });
      if (id !== undefined) setCoverageOpen(false);
      if (id === undefined || !options.zoomTo) return;
      if (projects.mode !== 'tiles') {
        const feature = features.find((f) => f.id === id);
        if (feature) setFitBox(turfBbox(feature.geometry as GeoJSON.Geometry) as Box);
        return;
      }
      // A tiled list is what the map shows: a project in it stays where it is, unless the map draws
      // counts instead of projects. One from elsewhere (my tasks) is fetched, as the panel fetches it, and
      // shown with its surroundings, not so close that the list empties.
      const shown = inView.find((f) => f.id === id);
      if (shown && (map?.getZoom() ?? 0) >= PROJECT_TILE_ZOOMS.minzoom) return;
      const geometry = shown ? Promise.resolve(shown.geometry) : queryClient.fetchQuery(projectQuery(id)).then((p) => p.geometry);
      geometry.then(
        (g) => setFitBox(aroundBox(turfBbox(g as GeoJSON.Geometry) as Box)),
        () => undefined, // The panel, asking for the same project, says what went wrong.
      );
    },
    [projects.mode, features, inView, map, updateView, setCoverageOpen, queryClient],
  );

  // Imported rows without coordinates: the list in the panel, placed one click at a time.
  const showUnplaced = unplacedOpen && permissions.canImport;
  const placing = useMapPlacing(map, showUnplaced && editor === undefined && !coverage.open, (id) => select(id));
  const openUnplaced = () => {
    setCoverageOpen(false);
    setUnplacedOpen(true);
  };
  // Closing the list gives up the row being placed too: placing is only active while the list shows.
  const closeUnplaced = () => setUnplacedOpen(false);

  const onCameraChange = useCallback((camera: Camera) => updateView(camera, { replace: true }), [updateView]);
  const hasDemo = counts?.hasDemo ?? false;
  const panelOpen = editor !== undefined || coverage.open || showUnplaced || view.selected !== undefined;

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          {t('app.title')} <small>{t('app.subtitle')}</small>
        </h1>
        {hasDemo && (
          <span className="demo-badge" title={t('app.demoNote')}>
            {t('app.demoBadge')}
          </span>
        )}
        <button type="button" className="sidebar-toggle" aria-expanded={sidebarOpen} onClick={() => setSidebarOpen(!sidebarOpen)}>
          {t('app.filtersToggle')}
        </button>
        <button type="button" aria-pressed={coverage.open} onClick={() => coverage.setOpen(!coverage.open)} data-testid="open-coverage">
          {t('coverage:open')}
        </button>
        {permissions.canCreate && (
          <button type="button" onClick={() => setEditor({ mode: 'create' })} data-testid="new-project">
            {t('editing:newProject')}
          </button>
        )}
        {permissions.canImport && <ImportButton onPlaceUnplaced={openUnplaced} />}
        {permissions.canImport && <UnplacedButton open={showUnplaced} onToggle={() => (showUnplaced ? closeUnplaced() : openUnplaced())} />}
        <ShareButton filters={view.filters} lang={view.lang} />
        <ExportMenu filters={view.filters} count={counts?.total ?? 0} />
        <DashboardButton view={view} updateView={updateView} />
        <button
          type="button"
          aria-label={t('app.switchLanguageLabel')}
          onClick={() => updateView({ lang: view.lang === 'zh-CN' ? 'en' : 'zh-CN' })}
          data-testid="switch-language"
        >
          {t('app.switchLanguage')}
        </button>
        <SessionControls />
      </header>
      <div className="app-body">
        <DashboardMount view={view} updateView={updateView} onArea={showArea} onShowOnMap={setFitBox} />
        <aside className="sidebar" data-open={sidebarOpen}>
          {permissions.role === 'unit' && <MyTasks selected={view.selected} onSelect={(id) => select(id, { zoomTo: true })} />}
          <FilterPanel
            filters={view.filters}
            areaPath={areaPath.data ?? {}}
            countsByKind={countsByKind}
            onChange={(filters) => updateView({ filters })}
            onAreaChange={chooseArea}
          />
          {projects.error ? (
            <p role="alert">
              {t('app.loadFailed', { message: projects.error.message })}{' '}
              <button type="button" onClick={projects.retry}>
                {t('app.retry')}
              </button>
            </p>
          ) : (
            <ProjectList
              projects={projects.mode === 'tiles' ? inView : features}
              inView={projects.inViewPaging}
              selected={view.selected}
              onSelect={(id) => select(id, { zoomTo: true })}
            />
          )}
        </aside>
        <main className="map-area">
          {config.data && (
            <MapView
              basemap={config.data.basemap}
              areas={areas}
              projects={projects.drawn}
              projectTiles={projects.tiles}
              coverage={coverage.features}
              gaps={coverage.gaps as GeoJSON.FeatureCollection | undefined}
              gapTiles={coverage.gapTiles}
              onCoverageAreaClick={coverage.open ? showArea : undefined}
              selected={view.selected}
              selectedProject={selectedProject.data as GeoJSON.Feature | undefined}
              selectedArea={view.filters.area}
              nameField={nameField}
              initialCamera={{ center: view.center, zoom: view.zoom }}
              fitBox={fitBox ?? linkedAreaBox ?? home}
              selectable={editor === undefined && placing.target === undefined}
              onSelect={(id) => select(id)}
              onCameraChange={onCameraChange}
              onReady={onMapReady}
            />
          )}
          {counts ? <Legend counts={counts} /> : <p className="loading">{t('app.loading')}</p>}
          {showUnplaced && <PlacingHint placing={placing} map={map} />}
        </main>
        {panelOpen && (
          <aside className="panel" aria-label={editor ? t('app.panel') : coverage.open ? t('coverage:heading') : showUnplaced ? t('import:unplaced.heading') : t('app.panel')}>
            <button
              type="button"
              className="close"
              aria-label={t('app.closePanel')}
              onClick={() => (editor ? setEditor(undefined) : coverage.open ? coverage.setOpen(false) : showUnplaced ? closeUnplaced() : select(undefined))}
            >
              {t('app.closeGlyph')}
            </button>
            {editor ? (
              <ProjectEditor
                map={map}
                target={editor}
                onSaved={(id) => {
                  setEditor(undefined);
                  select(id);
                }}
                onCancel={() => setEditor(undefined)}
                onDeleted={() => {
                  setEditor(undefined);
                  select(undefined);
                }}
              />
            ) : coverage.open ? (
              <CoveragePanel coverage={coverage} area={view.filters.area} areas={areas} onDrill={showArea} />
            ) : showUnplaced ? (
              <UnplacedPanel placing={placing} />
            ) : (
              view.selected !== undefined && (
                <ProjectPanel
                  projectId={view.selected}
                  editAction={
                    permissions.canEdit && (
                      <button type="button" onClick={() => setEditor({ mode: 'edit', projectId: view.selected! })} data-testid="edit-project">
                        {t('editing:edit')}
                      </button>
                    )
                  }
                />
              )
            )}
          </aside>
        )}
      </div>
    </div>
  );
}

function boxShownBy(map: MapLibreMap): Box {
  return viewBox(map.getBounds().toArray() as [[number, number], [number, number]]);
}

/** A project's box with about a kilometre around it: zoomed to, the map shows it among its neighbours. */
function aroundBox([w, s, e, n]: Box): Box {
  const margin = 0.01;
  return [w - margin, s - margin, e + margin, n + margin];
}

/** Every boundary, districts to communities, as one collection for the map. */
function useAllAreas(): AreaCollection | undefined {
  const districts = useAreas('district');
  const streets = useAreas('street');
  const communities = useAreas('community');
  return useMemo(() => {
    if (!districts.data) return undefined;
    return {
      type: 'FeatureCollection',
      features: [...districts.data.features, ...(streets.data?.features ?? []), ...(communities.data?.features ?? [])],
    };
  }, [districts.data, streets.data, communities.data]);
}
