import { Type } from 'typebox';
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
        datatype: choices ? ('singlevaluelist' as const) : schema.type === 'integer' || schema.type === 'number' ? ('number' as const) : ('string' as const),
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

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** GeoReport v2's answers, as this server gives them: what GET /docs/json describes and the serializer writes. */
export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean({ description: 'true when the service has attributes (GET services/{code}.json)' }),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.Enum(['string', 'number', 'singlevaluelist']),
      required: Type.Boolean(),
      datatype_description: Type.String(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
});

/** A project as a service request: public fields only. */
export const Open311Request = Type.Object({
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: nullable(Type.String()),
  service_notice: Type.Null(),
  requested_datetime: Type.String({ format: 'date-time' }),
  updated_datetime: Type.String({ format: 'date-time' }),
  expected_datetime: nullable(Type.String({ format: 'date-time' })),
  address: nullable(Type.String()),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: nullable(Type.String()),
});

/** The answer to a report: a list of one, as the specification has it. */
export const Open311Receipt = Type.Object({
  service_request_id: Type.String(),
  service_notice: Type.String(),
  account_id: nullable(Type.String()),
});

/** GeoReport v2's errors: a list of {code, description}, code the HTTP status. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
