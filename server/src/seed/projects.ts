import type pg from 'pg';
import { Value } from 'typebox/value';
import type { IsoDate } from '../domain/dates.js';
import { findKind, KIND_CODES, type KindCode } from '../domain/kinds/index.js';
import { STATUSES, type Status } from '../domain/status.js';
import type { DemoDistrict } from './areas.js';
import {
  lineLengthKm,
  lineSubstring,
  offsetKm,
  pointAlong,
  rectangleCentre,
  type DemoGeometry,
  type LineGeometry,
  type Position,
} from './geometry.js';
import { completionNote, drawAftercare, FIRST_COMPLETION_NOTE, type Aftercare } from './followUps.js';
import { allocateIds } from './ids.js';
import { NAMED_PROJECTS, type NamedPlace, type NamedProject } from './namedProjects.js';
import { notAfter, recordNotAfter } from './notInFuture.js';
import { REPORTER_SURNAMES } from './places.js';
import type { Random } from './random.js';
import { OLD_COMPOUND_YEAR, type DemoCompound, type DemoRoad, type ReferenceLayers } from './referenceLayers.js';
import { drawTimeline, namedTimeline, pathTo, type Timeline } from './timeline.js';
import type { DemoUnit } from './units.js';

/** Who the history says did it: the loader, never a person. */
export const DEMO_ACTOR = 'demo-seed';

type Attributes = Record<string, string | number>;

export interface DemoProject {
  id: number;
  districtCode: string;
  kind: KindCode;
  status: Status;
  geometry: DemoGeometry;
  title: string;
  description: string;
  address: string;
  unit?: DemoUnit;
  timeline: Timeline;
  path: Status[];
  householdsBenefited?: number;
  attributes: Attributes;
  reporterName: string;
  reporterPhone: string;
  source: string;
  /** One of the articles' own projects, whose story is told as the article tells it. */
  named: boolean;
  /** Follow-ups, a reopen, a private note: drawn after everything else. */
  aftercare: Aftercare;
}

/** What a project is about, before it gets a story: a place and the words for it. */
interface Subject {
  geometry: DemoGeometry;
  title: string;
  description: string;
  address: string;
  streetName: string;
  householdsBenefited?: number;
  attributes: Attributes;
}

const INSERT_PROJECTS = `
  INSERT INTO projects (id, kind, geom, title, description, address, status, unit_id, deadline, reported_on,
                        completed_on, verified_on, households_benefited, attributes, reporter_name, reporter_phone,
                        internal_note, completion_note, reopen_count, version, is_demo, created_at, updated_at)
  OVERRIDING SYSTEM VALUE
  SELECT p.id, p.kind, ST_SetSRID(ST_GeomFromGeoJSON(p.geometry::text), 4326), p.title, p.description, p.address,
         p.status, p.unit_id, p.deadline, p.reported_on, p.completed_on, p.verified_on, p.households_benefited,
         p.attributes, p.reporter_name, p.reporter_phone, p.internal_note, p.completion_note, p.reopen_count,
         p.version, true, p.created_at, p.updated_at
    FROM json_to_recordset($1::json) AS p(
           id bigint, kind text, geometry json, title text, description text, address text, status text,
           unit_id integer, deadline date, reported_on date, completed_on date, verified_on date,
           households_benefited integer, attributes jsonb, reporter_name text, reporter_phone text,
           internal_note text, completion_note text, reopen_count integer,
           version integer, created_at timestamptz, updated_at timestamptz)
   ORDER BY p.id`;

const INSERT_HISTORY = `
  INSERT INTO project_history (project_id, version, action, actor, at, from_status, to_status, changes, note)
  SELECT h.project_id, h.version, h.action, h.actor, h.at, h.from_status, h.to_status, h.changes, h.note
    FROM json_to_recordset($1::json) AS h(
           project_id bigint, version integer, action text, actor text, at timestamptz,
           from_status text, to_status text, changes jsonb, note text)
   ORDER BY h.project_id, h.version`;

const INSERT_FOLLOW_UPS = `
  INSERT INTO project_follow_ups (project_id, followed_on, satisfaction, satisfied, note, actor, created_at)
  SELECT f.project_id, f.followed_on, f.satisfaction, f.satisfied, f.note, f.actor, f.created_at
    FROM json_to_recordset($1::json) AS f(
           project_id bigint, followed_on date, satisfaction smallint, satisfied boolean, note text, actor text,
           created_at timestamptz)
   ORDER BY f.project_id, f.followed_on`;

/** Each district's mix of kinds, after the one-of-each-status floor; the articles stress different work. */
const KIND_WEIGHTS: Record<string, Record<KindCode, number>> = {
  '430407': { streetlight: 3, drainage: 3, compound: 2, charging: 2 },
  '430723': { streetlight: 2, drainage: 2, compound: 3, charging: 3 },
  '421224': { streetlight: 2, drainage: 3, compound: 2, charging: 1 },
  '411525': { streetlight: 2, drainage: 2, compound: 4, charging: 2 },
  '150703': { streetlight: 2, drainage: 4, compound: 2, charging: 1 },
};

const STATUS_WEIGHTS: readonly (readonly [Status, number])[] = [
  ['reported', 8],
  ['assigned', 10],
  ['in_progress', 18],
  ['completed', 22],
  ['verified', 34],
  ['cancelled', 8],
];

const SOURCES = ['民情走访', '12345热线', '网格员上报', '居民议事会', '信访接待', '巡察发现'];

export interface ProjectContext {
  random: Random;
  asOf: IsoDate;
  /** No time is written after it (see notInFuture.ts); none for a day still to come. */
  latest: Date | undefined;
  districts: readonly DemoDistrict[];
  layers: ReferenceLayers;
  units: readonly DemoUnit[];
}

export async function loadProjects(client: pg.PoolClient, ctx: ProjectContext): Promise<DemoProject[]> {
  const projects = ctx.districts.flatMap((district) => districtProjects(ctx, district));
  for (const p of projects) assertConsistent(p, ctx.asOf);
  const ids = await allocateIds(client, 'projects', projects.length);
  projects.forEach((p, i) => (p.id = ids[i] as number));
  const histories = projects.map((p) => historyRows(ctx.random, p));
  const aftercare = drawAftercare(ctx.random, projects, ctx.asOf);
  projects.forEach((p, i) => (p.aftercare = aftercare[i]!));
  const history = projects.flatMap((p, i) => recordNotAfter(withReopen(histories[i]!, p), ctx.latest));
  await client.query(INSERT_PROJECTS, [JSON.stringify(projects.map((p) => projectRow(p, history)))]);
  await client.query(INSERT_HISTORY, [JSON.stringify(history)]);
  await client.query(INSERT_FOLLOW_UPS, [JSON.stringify(projects.flatMap((p) => followUpRows(p, ctx.latest)))]);
  return projects;
}

/**
 * The named projects first, then one project of every kind in every status
 * (so each district shows the whole lifecycle), then a weighted mix up to the
 * planned count.
 */
function districtProjects(ctx: ProjectContext, district: DemoDistrict): DemoProject[] {
  const { random } = ctx;
  const { plan } = district;
  const pool = new SubjectPool(random, district, ctx.layers);
  const projects = NAMED_PROJECTS.filter((n) => n.districtCode === plan.code).map((n) => namedProject(ctx, district, pool, n));
  const slots: [KindCode, Status][] = KIND_CODES.flatMap((k) => STATUSES.map((s): [KindCode, Status] => [k, s]));
  const weights = KIND_WEIGHTS[plan.code] ?? { streetlight: 1, drainage: 1, compound: 1, charging: 1 };
  while (slots.length + projects.length < plan.projectCount) {
    slots.push([random.weighted(KIND_CODES.map((k) => [k, weights[k]] as const)), random.weighted(STATUS_WEIGHTS)]);
  }
  for (const [kind, status] of random.shuffle(slots)) {
    projects.push(generatedProject(ctx, district, pool, kind, status));
  }
  return projects;
}

function namedProject(ctx: ProjectContext, district: DemoDistrict, pool: SubjectPool, named: NamedProject): DemoProject {
  const subject = pool.named(named.place, named.kind);
  const limit = timeLimit(named.kind);
  const unit = named.unit ? ctx.units.find((u) => u.districtCode === district.plan.code && u.name === named.unit) : undefined;
  if (named.unit && !unit) throw new Error(`unit ${named.unit} is not planned for ${district.plan.name}`);
  const path = pathTo(named.status, false);
  return {
    id: 0,
    districtCode: district.plan.code,
    kind: named.kind,
    status: named.status,
    geometry: subject.geometry,
    title: named.title,
    description: named.description,
    address: subject.address,
    ...(path.includes('assigned') ? { unit: unit ?? pickUnit(ctx, district, named.kind, subject.streetName) } : {}),
    timeline: namedTimeline(ctx.asOf, named.timeline, limit),
    path,
    ...(named.householdsBenefited !== undefined ? { householdsBenefited: named.householdsBenefited } : {}),
    attributes: named.attributes,
    ...reporter(ctx.random),
    source: named.source,
    named: true,
    aftercare: { followUps: [] },
  };
}

function generatedProject(ctx: ProjectContext, district: DemoDistrict, pool: SubjectPool, kind: KindCode, status: Status): DemoProject {
  const { random } = ctx;
  const done = status === 'completed' || status === 'verified';
  const subject = pool.generated(kind, done, district.plan.code === '430723');
  const path = pathTo(status, random.chance(0.4));
  return {
    id: 0,
    districtCode: district.plan.code,
    kind,
    status,
    geometry: subject.geometry,
    title: subject.title,
    description: subject.description,
    address: subject.address,
    ...(path.includes('assigned') ? { unit: pickUnit(ctx, district, kind, subject.streetName) } : {}),
    timeline: drawTimeline(random, ctx.asOf, path, status, timeLimit(kind)),
    path,
    ...(subject.householdsBenefited !== undefined ? { householdsBenefited: subject.householdsBenefited } : {}),
    attributes: subject.attributes,
    ...reporter(random),
    source: random.pick(SOURCES),
    named: false,
    aftercare: { followUps: [] },
  };
}

function timeLimit(kind: KindCode): number {
  const definition = findKind(kind);
  if (!definition) throw new Error(`unknown kind ${kind}`);
  return definition.defaultTimeLimitDays;
}

/** A unit that takes this kind of work; a street office only for work in its own street. */
function pickUnit(ctx: ProjectContext, district: DemoDistrict, kind: KindCode, streetName: string): DemoUnit {
  const streetNames = district.streets.map((s) => s.name.replace(/(街道|镇|乡)$/, ''));
  const eligible = ctx.units.filter((u) => {
    if (u.districtCode !== district.plan.code || !u.kinds.includes(kind)) return false;
    const ownStreet = streetNames.find((n) => u.name.startsWith(n));
    return ownStreet === undefined || streetName.startsWith(ownStreet);
  });
  if (eligible.length === 0) throw new Error(`no unit in ${district.plan.name} takes ${kind}`);
  return ctx.random.pick(eligible);
}

/** Obviously fake contact details: the reporter fields are private and must never look like a real person's. */
function reporter(random: Random): { reporterName: string; reporterPhone: string } {
  return {
    reporterName: `${random.pick(REPORTER_SURNAMES)}${random.pick(['先生', '女士', '大爷', '阿姨'])}`,
    reporterPhone: `1380000${String(random.int(0, 9999)).padStart(4, '0')}`,
  };
}

/**
 * Hands out places for projects: compounds for renovations and charging sites
 * (each compound renovated or given a site at most once), roads for lights,
 * either for drains.
 */
class SubjectPool {
  private readonly compounds: DemoCompound[];
  private readonly roads: DemoRoad[];
  private readonly renovated = new Set<number>();
  private readonly charged = new Set<number>();

  constructor(
    private readonly random: Random,
    private readonly district: DemoDistrict,
    layers: ReferenceLayers,
  ) {
    this.compounds = layers.compounds.filter((c) => c.districtCode === district.plan.code);
    this.roads = layers.roads.filter((r) => r.districtCode === district.plan.code);
  }

  named(place: NamedPlace, kind: KindCode): Subject {
    if ('community' in place) {
      const community = this.district.streets.flatMap((s) => s.communities.map((c) => ({ c, s }))).find((x) => x.c.name === place.community);
      if (!community) throw new Error(`community ${place.community} is not planned`);
      return this.subject({ type: 'Point', coordinates: community.c.seed }, community.s.name, `${community.c.name}`, '', '');
    }
    if ('road' in place) {
      const road = this.road(place.road);
      return this.subject(lineSubstring(road.geometry, place.from, place.to), road.streetName, road.name, '', '');
    }
    const compound = this.compound('compound' in place ? place.compound : place.compoundPipe);
    if (kind === 'compound') this.renovated.add(compound.id);
    if (kind === 'charging') this.charged.add(compound.id);
    const geometry: DemoGeometry =
      'compoundPipe' in place ? pipeThrough(compound, place.lengthM) : kind === 'compound' ? compound.geometry : { type: 'Point', coordinates: compound.centre };
    return this.subject(geometry, compound.streetName, `${compound.communityName}${compound.name}`, '', '');
  }

  generated(kind: KindCode, done: boolean, addsElevators: boolean): Subject {
    switch (kind) {
      case 'streetlight':
        return this.streetlight(done);
      case 'drainage':
        return this.drainage(done);
      case 'compound':
        return this.renovation(done, addsElevators);
      case 'charging':
        return this.chargingSite();
    }
  }

  private streetlight(done: boolean): Subject {
    const { random } = this;
    const road = random.pick(this.roads);
    const lampType = random.weighted([['LED', 6], ['太阳能LED', 2], ['高压钠灯', 1]] as const);
    if (random.chance(0.35)) {
      const lamps = random.int(1, 3);
      return this.subject(
        { type: 'Point', coordinates: pointAlong(road.geometry, random.float(0.05, 0.95)) },
        road.streetName,
        road.name,
        `${road.name}${lamps === 1 ? '一盏' : `${lamps}盏`}路灯不亮`,
        `居民反映${road.name}${lamps}盏路灯夜间不亮,出行不便。`,
        random.int(2, 12) * 10,
        done ? { lamps_repaired: lamps, lamp_type: lampType } : {},
      );
    }
    const from = random.float(0, 0.5);
    const line = lineSubstring(road.geometry, from, Math.min(1, from + random.float(0.2, 0.5)));
    const lamps = Math.max(3, Math.round((lineLengthKm(line) * 1000) / 35));
    return this.subject(
      line,
      road.streetName,
      road.name,
      `${road.name}路段路灯损坏`,
      `${road.name}约${Math.round(lineLengthKm(line) * 1000)}米路段路灯损坏严重,夜间照明不足。`,
      random.int(5, 60) * 10,
      done ? { lamps_repaired: lamps, lamp_type: lampType } : {},
    );
  }

  private drainage(done: boolean): Subject {
    const { random } = this;
    const cause = random.pick(['油污沉积', '建筑垃圾堵塞', '管道老化破损', '化粪池满溢', '树根侵入管道', '雨水篦子淤塞']);
    if (random.chance(0.3)) {
      const road = random.pick(this.roads);
      const lengthKm = lineLengthKm(road.geometry);
      const pieceKm = Math.min(lengthKm * 0.8, random.float(0.05, 0.3));
      const from = random.float(0, 1 - pieceKm / lengthKm);
      const pipe = lineSubstring(road.geometry, from, from + pieceKm / lengthKm);
      const metres = Math.round(lineLengthKm(pipe) * 1000);
      return this.subject(
        pipe,
        road.streetName,
        road.name,
        `${road.name}排水管网老化堵塞`,
        `${road.name}约${metres}米排水管老化,雨后路面积水,需更换管道。`,
        random.int(3, 30) * 10,
        done ? { blockages_cleared: random.int(1, 4), pipe_length_replaced_m: metres, cause } : { cause },
      );
    }
    const compound = random.pick(this.compounds);
    const building = random.int(1, Math.max(1, compound.buildings));
    return this.subject(
      { type: 'Point', coordinates: insideCompound(random, compound) },
      compound.streetName,
      `${compound.communityName}${compound.name}`,
      `${compound.name}${building}栋下水道堵塞`,
      `${compound.name}${building}栋下水道堵塞,污水外溢,居民出行不便。`,
      random.int(2, 12) * 10,
      done ? { blockages_cleared: random.int(1, 3), cause } : { cause },
    );
  }

  /** Old compounds first: renovation programmes target what was built before 2000. */
  private renovation(done: boolean, addsElevators: boolean): Subject {
    const { random } = this;
    const free = this.compounds.filter((c) => !this.renovated.has(c.id));
    const old = free.filter((c) => c.yearBuilt <= OLD_COMPOUND_YEAR);
    const compound = random.pick(old.length > 0 && random.chance(0.9) ? old : free.length > 0 ? free : this.compounds);
    this.renovated.add(compound.id);
    const elevators = addsElevators && done ? random.int(1, 4) : 0;
    const fitness = done ? random.int(0, 2) : 0;
    const attributes: Attributes = { year_built: compound.yearBuilt, buildings: compound.buildings, households: compound.households };
    if (elevators > 0) attributes.elevators_added = elevators;
    if (fitness > 0) attributes.fitness_areas_added = fitness;
    const works = random.pick(['管网改造、外墙修缮', '路面硬化、停车位施划', '屋顶防水、楼道照明', '雨污分流、绿化提升']);
    return this.subject(
      compound.geometry,
      compound.streetName,
      `${compound.communityName}${compound.name}`,
      `${compound.name}老旧小区改造`,
      `${compound.name}建于${compound.yearBuilt}年,设施老化。改造内容:${works}${elevators > 0 ? `,加装电梯${elevators}台` : ''}。`,
      compound.households,
      attributes,
    );
  }

  private chargingSite(): Subject {
    const { random } = this;
    const free = this.compounds.filter((c) => !this.charged.has(c.id));
    const big = free.filter((c) => c.households >= 300);
    const compound = random.pick(big.length > 0 ? big : free.length > 0 ? free : this.compounds);
    this.charged.add(compound.id);
    const vehicle = random.weighted([['e-bike', 6], ['car', 2], ['both', 2]] as const);
    const attributes: Attributes = { piles: random.int(6, 40), vehicle };
    if (vehicle !== 'e-bike') attributes.power_kw = random.pick([7, 7, 11, 60]);
    const what = vehicle === 'e-bike' ? '电动自行车充电桩' : '新能源汽车充电桩';
    return this.subject(
      { type: 'Point', coordinates: compound.centre },
      compound.streetName,
      `${compound.communityName}${compound.name}`,
      `${compound.name}${what}建设`,
      `${compound.name}居民反映充电难、楼道“飞线充电”存在安全隐患,需建设${what}。`,
      compound.households,
      attributes,
    );
  }

  private compound(name: string): DemoCompound {
    const compound = this.compounds.find((c) => c.name === name);
    if (!compound) throw new Error(`compound ${name} is not in ${this.district.plan.name}`);
    return compound;
  }

  private road(name: string): DemoRoad {
    const road = this.roads.find((r) => r.name === name);
    if (!road) throw new Error(`road ${name} is not in ${this.district.plan.name}`);
    return road;
  }

  private subject(
    geometry: DemoGeometry,
    streetName: string,
    place: string,
    title: string,
    description: string,
    householdsBenefited?: number,
    attributes: Attributes = {},
  ): Subject {
    return {
      geometry,
      title,
      description,
      address: `${this.district.plan.name}${streetName}${place}`,
      streetName,
      ...(householdsBenefited !== undefined ? { householdsBenefited } : {}),
      attributes,
    };
  }
}

/** A straight pipe through the middle of a compound, along its longer side. */
function pipeThrough(compound: DemoCompound, lengthM: number): LineGeometry {
  const ring = compound.geometry.coordinates[0] ?? [];
  const [a, b] = [ring[0] as Position, ring[1] as Position];
  const angle = Math.atan2(b[1] - a[1], (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180));
  const half = lengthM / 2000;
  const centre = rectangleCentre(compound.geometry);
  return {
    type: 'LineString',
    coordinates: [offsetKm(centre, -half * Math.cos(angle), -half * Math.sin(angle)), offsetKm(centre, half * Math.cos(angle), half * Math.sin(angle))],
  };
}

/** A point near the middle of a compound (within a quarter of its smaller side). */
function insideCompound(random: Random, compound: DemoCompound): Position {
  return offsetKm(compound.centre, random.float(-0.025, 0.025), random.float(-0.02, 0.02));
}

/** Guards the invariants the brief and the schema promise, so a bad plan fails loudly. */
function assertConsistent(p: DemoProject, asOf: IsoDate): void {
  const t = p.timeline;
  const problems: string[] = [];
  if (t.reportedOn > asOf) problems.push('reported after as-of');
  if (t.completedOn && !(t.reportedOn <= t.completedOn && t.completedOn <= asOf)) problems.push('completed_on out of order');
  if (t.verifiedOn && !(t.completedOn && t.completedOn <= t.verifiedOn && t.verifiedOn <= asOf)) problems.push('verified_on out of order');
  if (t.cancelledOn && t.cancelledOn > asOf) problems.push('cancelled after as-of');
  if (t.deadline && t.deadline < t.reportedOn) problems.push('deadline before report');
  if (p.path.includes('assigned') !== (p.unit !== undefined && t.deadline !== undefined)) problems.push('unit/deadline do not match status');
  const definition = findKind(p.kind);
  if (!definition || !Value.Check(definition.attributes, p.attributes)) problems.push(`attributes ${JSON.stringify(p.attributes)} do not fit kind ${p.kind}`);
  if (!definition?.geometryTypes.includes(p.geometry.type)) problems.push(`geometry ${p.geometry.type} does not fit kind ${p.kind}`);
  if (problems.length > 0) throw new Error(`demo project "${p.title}": ${problems.join('; ')}`);
}

interface HistoryRow {
  project_id: number;
  version: number;
  action: 'create' | 'transition';
  actor: string;
  at: string;
  from_status: Status | null;
  to_status: Status;
  changes: Record<string, [unknown, unknown]>;
  note: string;
}

/** The date each status was reached. */
function dateOf(t: Timeline, status: Status): IsoDate {
  const date = {
    reported: t.reportedOn,
    assigned: t.assignedOn,
    in_progress: t.startedOn,
    completed: t.completedOn,
    verified: t.verifiedOn,
    cancelled: t.cancelledOn,
  }[status];
  if (!date) throw new Error(`no date for status ${status}`);
  return date;
}

/** Office-hours timestamps (China time) on each step's date, strictly increasing within the project. */
function historyRows(random: Random, p: DemoProject): HistoryRow[] {
  const rows: HistoryRow[] = [];
  let previous = '';
  let minutes = 0;
  const stamp = (date: IsoDate): string => {
    minutes = date === previous ? minutes + random.int(20, 90) : random.int(8 * 60 + 30, 11 * 60);
    previous = date;
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${date}T${hh}:${mm}:00+08:00`;
  };
  rows.push({
    project_id: p.id,
    version: 1,
    action: 'create',
    actor: DEMO_ACTOR,
    at: stamp(p.timeline.reportedOn),
    from_status: null,
    to_status: 'reported',
    changes: {},
    note: `${p.source}:${p.title}`,
  });
  let from: Status = 'reported';
  for (const to of p.path) {
    const date = dateOf(p.timeline, to);
    rows.push({
      project_id: p.id,
      version: rows.length + 1,
      action: 'transition',
      actor: DEMO_ACTOR,
      at: stamp(date),
      from_status: from,
      to_status: to,
      changes: transitionChanges(p, to, date),
      note: transitionNote(random, p, to),
    });
    from = to;
  }
  return rows;
}

function transitionChanges(p: DemoProject, to: Status, date: IsoDate): Record<string, [unknown, unknown]> {
  switch (to) {
    case 'assigned':
      return { unit_id: [null, p.unit?.id ?? null], deadline: [null, p.timeline.deadline ?? null] };
    case 'completed':
      return { completed_on: [null, date] };
    case 'verified':
      return { verified_on: [null, date] };
    default:
      return {};
  }
}

function transitionNote(random: Random, p: DemoProject, to: Status): string {
  switch (to) {
    case 'assigned':
      return `交办${p.unit?.name ?? ''},限${p.timeline.deadline ?? ''}前完成`;
    case 'in_progress':
      return '责任单位已进场整改';
    case 'completed':
      return completionNote(p.kind, p.attributes);
    case 'verified':
      return random.pick(['回访群众满意,销号', '回访居民表示问题已解决,销号', '现场复核合格,销号']);
    case 'cancelled':
      return random.pick(['经核实为重复上报,撤销', '经核实不属于本辖区职责,转办后撤销', '居民已自行解决,撤销']);
    default:
      return '';
  }
}

function projectRow(p: DemoProject, history: readonly HistoryRow[]): Record<string, unknown> {
  const own = history.filter((h) => h.project_id === p.id);
  const t = p.timeline;
  return {
    id: p.id,
    kind: p.kind,
    geometry: p.geometry,
    title: p.title,
    description: p.description,
    address: p.address,
    status: p.status,
    unit_id: p.unit?.id ?? null,
    deadline: t.deadline ?? null,
    reported_on: t.reportedOn,
    completed_on: t.completedOn ?? null,
    verified_on: t.verifiedOn ?? null,
    households_benefited: p.householdsBenefited ?? null,
    attributes: p.attributes,
    reporter_name: p.reporterName,
    reporter_phone: p.reporterPhone,
    internal_note: p.aftercare.internalNote ?? null,
    completion_note: p.status === 'completed' || p.status === 'verified' ? completionNote(p.kind, p.attributes) : null,
    reopen_count: p.aftercare.reopen ? 1 : 0,
    version: own.length,
    created_at: own[0]?.at,
    updated_at: own[own.length - 1]?.at,
  };
}

/**
 * A reopened project's record: after the work started, a first completion and
 * the unsatisfied follow-up that sent it back, then the rest of its story.
 */
function withReopen(rows: readonly HistoryRow[], p: DemoProject): HistoryRow[] {
  const reopen = p.aftercare.reopen;
  if (!reopen) return [...rows];
  const started = rows.findIndex((r) => r.to_status === 'in_progress');
  const next = rows[started + 1];
  const startedAt = rows[started]?.at.slice(0, 10);
  const inOrder = startedAt !== undefined && startedAt < reopen.firstCompletedOn && reopen.firstCompletedOn < reopen.reopenedOn;
  if (!inOrder || (next && next.at.slice(0, 10) <= reopen.reopenedOn)) throw new Error(`demo project "${p.title}": reopen dates out of order`);
  const unsatisfied = p.aftercare.followUps.find((f) => !f.satisfied);
  const afternoon = (date: IsoDate) => `${date}T15:00:00+08:00`;
  const spliced: HistoryRow[] = [
    ...rows.slice(0, started + 1),
    {
      ...rows[started]!,
      at: afternoon(reopen.firstCompletedOn),
      from_status: 'in_progress',
      to_status: 'completed',
      changes: { completed_on: [null, reopen.firstCompletedOn] },
      note: FIRST_COMPLETION_NOTE,
    },
    {
      ...rows[started]!,
      at: afternoon(reopen.reopenedOn),
      from_status: 'completed',
      to_status: 'in_progress',
      changes: { completed_on: [reopen.firstCompletedOn, null], reopen_count: [0, 1] },
      note: unsatisfied?.note ?? '回访不满意,退回整改',
    },
    ...rows.slice(started + 1),
  ];
  return spliced.map((r, i) => ({ ...r, version: i + 1 }));
}

function followUpRows(p: DemoProject, latest: Date | undefined): Record<string, unknown>[] {
  return p.aftercare.followUps.map((f) => ({
    project_id: p.id,
    followed_on: f.followedOn,
    satisfaction: f.satisfaction,
    satisfied: f.satisfied,
    note: f.note,
    actor: DEMO_ACTOR,
    created_at: notAfter(`${f.followedOn}T16:00:00+08:00`, latest),
  }));
}
