import type { Bilingual } from '../../../../server/src/domain/text.js';
import { useAreas, useUnits } from '../../api/queries.js';
import type { Unit } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';

export function unitName(unit: Unit, bilingual: (b: Bilingual) => string): string {
  return bilingual({ zh: unit.name, en: unit.name_en ?? unit.name });
}

/** Units under their district, so a planner finds hers among the five districts' units. */
export function unitGroups(
  units: readonly Unit[],
  districts: readonly { id: number; properties: { name: string; name_en: string } }[],
): { key: string; district: Bilingual | null; units: Unit[] }[] {
  const groups = new Map<number | null, Unit[]>();
  for (const unit of units) groups.set(unit.district_id, [...(groups.get(unit.district_id) ?? []), unit]);
  return [...groups.entries()].map(([id, members]) => {
    const district = districts.find((d) => d.id === id);
    return {
      key: String(id),
      district: district ? { zh: district.properties.name, en: district.properties.name_en } : null,
      units: members,
    };
  });
}

/** The responsible units as a select's options, grouped by district; the select and its empty option are the caller's. */
export function UnitOptions() {
  const bilingual = useBilingual();
  const units = useUnits().data ?? [];
  const districts = useAreas('district').data?.features ?? [];
  const option = (u: Unit) => (
    <option key={u.id} value={String(u.id)}>
      {unitName(u, bilingual)}
    </option>
  );
  return unitGroups(units, districts).map((group) =>
    group.district ? (
      <optgroup key={group.key} label={bilingual(group.district)}>
        {group.units.map(option)}
      </optgroup>
    ) : (
      group.units.map(option)
    ),
  );
}
