import { KINDS, type KindDefinition } from './kinds/index.js';
import { isOpen, STATUS_LABELS, type Status } from './status.js';

/**
 * Open311 GeoReport v2: how the product's kinds, statuses and units read to
 * other civic systems. Each kind is a service; a project is a service request.
 */
export type Open311Status = 'open' | 'closed';

export function open311Status(status: Status): Open311Status {
  return isOpen(status) ? 'open' : 'closed';
}

/** The project statuses an Open311 status stands for. */
export function statusesOf(open311: Open311Status): Status[] {
  return (Object.keys(STATUS_LABELS) as Status[]).filter((s) => open311Status(s) === open311);
}

export function statusNotes(status: Status, completionNote: string | null): string {
  const label = `${STATUS_LABELS[status].zh} ${STATUS_LABELS[status].en}`;
  return completionNote && (status === 'completed' || status === 'verified') ? `${label}: ${completionNote}` : label;
}

/** A service can be reported through Open311 only when a point can stand for it. */
export function takesPoint(kind: KindDefinition): boolean {
  return kind.geometryTypes.includes('Point');
}

export function serviceOf(kind: KindDefinition) {
  return {
    service_code: kind.code,
    service_name: `${kind.name.zh} ${kind.name.en}`,
    description: takesPoint(kind)
      ? `${kind.name.zh}: report a location (lat, long); rectified within ${kind.defaultTimeLimitDays} days of assignment.`
      : `${kind.name.zh}: an area project, entered by planners in the app; requests can be read but not created here.`,
    metadata: Object.keys(kind.attributeLabels).length > 0,
    type: 'realtime' as const,
    keywords: [kind.name.zh, kind.name.en, kind.code].join(','),
    group: '民生实事',
  };
}

interface AttributeSchema {
  type?: string;
  enum?: readonly unknown[];
  description?: string;
}

/** The kind's attributes as Open311 attribute definitions (all optional: a resident rarely knows them). */
export function serviceDefinitionOf(kind: KindDefinition) {
  const properties = kind.attributes.properties as Record<string, AttributeSchema>;
  const labels = kind.attributeLabels as Record<string, { zh: string; en: string }>;
  const values = (kind.valueLabels ?? {}) as Record<string, Record<string, { zh: string; en: string }>>;
  return {
    service_code: kind.code,
    attributes: Object.entries(properties).map(([code, schema], i) => {
      const choices = schema.enum?.map(String);
      return {
        variable: true,
        code,
        datatype: choices ? 'singlevaluelist' : schema.type === 'integer' || schema.type === 'number' ? 'number' : 'string',
        required: false,
        datatype_description: schema.type === 'integer' ? 'a whole number' : schema.type === 'number' ? 'a number' : '',
        order: i + 1,
        description: `${labels[code]?.zh ?? code} ${labels[code]?.en ?? ''}`.trim(),
        ...(choices ? { values: choices.map((key) => ({ key, name: values[code]?.[key]?.zh ?? key })) } : {}),
      };
    }),
  };
}

export const SERVICES = KINDS;
