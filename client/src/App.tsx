import { useEffect, useMemo, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import { KINDS } from '../../server/src/domain/kinds/index.js';
import { fetchAllProjects, fetchAreas, type AreaProperties, type ProjectProperties } from './api/client.js';
import { CATALOGUES, format, type Locale } from './i18n/messages.js';
import { MapView } from './map/MapView.js';

export function App() {
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [areas, setAreas] = useState<FeatureCollection<Geometry, AreaProperties>>();
  const [projects, setProjects] = useState<FeatureCollection<Geometry, ProjectProperties>>();
  const [error, setError] = useState<string>();
  const t = CATALOGUES[locale];

  useEffect(() => {
    Promise.all([fetchAreas('district'), fetchAreas('street'), fetchAllProjects()])
      .then(([districts, streets, all]) => {
        setAreas({ type: 'FeatureCollection', features: [...districts.features, ...streets.features] });
        setProjects(all);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const counts = useMemo(() => {
    const byKind = new Map<string, number>();
    for (const f of projects?.features ?? []) byKind.set(f.properties.kind, (byKind.get(f.properties.kind) ?? 0) + 1);
    return byKind;
  }, [projects]);
  const overdue = projects?.features.filter((f) => f.properties.overdue).length ?? 0;
  const hasDemo = projects?.features.some((f) => f.properties.is_demo) ?? false;
  const nameOf = (name: { zh: string; en: string }) => (locale === 'zh-CN' ? name.zh : name.en);

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          {t.appTitle} <small>{t.appSubtitle}</small>
        </h1>
        {hasDemo && <span className="demo-badge">{t.demoBadge}</span>}
        <button type="button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t.switchLanguage}
        </button>
      </header>
      <main className="app-main">
        <MapView areas={areas} projects={projects} nameField={locale === 'zh-CN' ? 'name' : 'name_en'} />
        <aside className="legend" aria-label={t.legendTitle}>
          <h2>{t.legendTitle}</h2>
          {error ? (
            <p role="alert">
              {t.loadFailed}
              {error}
            </p>
          ) : !projects ? (
            <p>{t.loading}</p>
          ) : (
            <>
              <ul>
                {KINDS.map((k) => (
                  <li key={k.code}>
                    <span className="swatch" style={{ background: k.color }} />
                    {nameOf(k.name)} <b>{(counts.get(k.code) ?? 0).toLocaleString(locale)}</b>
                  </li>
                ))}
              </ul>
              <p>{format(t.projectsShown, { count: projects.features.length }, locale)}</p>
              <p className="overdue">{format(t.overdue, { count: overdue }, locale)}</p>
            </>
          )}
        </aside>
      </main>
    </div>
  );
}
