import type { Static, TObject } from 'typebox';
import type { Bilingual } from '../text.js';

/** GeoJSON geometry types a project may have. */
export const GEOMETRY_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPolygon'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

/**
 * Everything the product knows about one kind of project. The server, the
 * client, the importer and the docs all read these definitions; adding a kind
 * means adding one file to this folder and listing it in the registry.
 */
export interface KindDefinition<A extends TObject = TObject, C extends string = string> {
  /** Stable identifier stored in the database and used in URLs. */
  code: C;
  name: Bilingual;
  geometryTypes: readonly GeometryType[];
  /** Kind-specific attributes; unknown keys are refused. */
  attributes: A;
  /** Labels of the attributes, for forms, ledgers and exports. */
  attributeLabels: { [K in keyof Static<A>]-?: Bilingual };
  /** Labels of the values of enumerated attributes, where the stored value is a code. */
  valueLabels?: { [K in keyof Static<A>]?: Record<string, Bilingual> };
  /**
   * Days allowed for rectification when a project is assigned without an
   * explicit deadline (the district's time limit for this kind, 按期处置).
   */
  defaultTimeLimitDays: number;
  /** Map colour, a CSS hex colour. */
  color: string;
  /**
   * One character drawn on the map for this kind. A CJK character is drawn from
   * the browser's local fonts, so no sprite or glyph server is needed.
   */
  symbol: string;
}

/** How to show an attribute's value: its label when it is a code with one, otherwise the value itself. */
export function attributeValueLabel(kind: KindDefinition, attribute: string, value: unknown): Bilingual | undefined {
  const labels = (kind.valueLabels as Record<string, Record<string, Bilingual>> | undefined)?.[attribute];
  return typeof value === 'string' ? labels?.[value] : undefined;
}

export function defineKind<const C extends string, A extends TObject>(definition: KindDefinition<A, C>): KindDefinition<A, C> {
  return definition;
}
