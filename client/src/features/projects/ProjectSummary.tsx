import type { ReactNode } from 'react';
import { findKind } from '../../../../server/src/domain/kinds/index.js';
import { STATUS_LABELS } from '../../../../server/src/domain/status.js';
import type { ProjectListFeature } from '../../api/types.js';
import { useBilingual } from '../../i18n/index.js';
import { KindSwatch } from '../legend/KindSwatch.js';
import { DeadlineBadge } from './DeadlineBadge.js';

/** One project as a list line: kind, title (after an optional badge), status · area, deadline standing. */
export function ProjectSummary({ properties, badge }: { properties: ProjectListFeature['properties']; badge?: ReactNode }) {
  const label = useBilingual();
  return (
    <>
      <KindSwatch kind={findKind(properties.kind)} />
      <span className="title">
        {badge}
        {properties.title}
      </span>
      <span className="meta">
        {label(STATUS_LABELS[properties.status])}
        {properties.area_name ? ` · ${properties.area_name}` : ''}
      </span>
      <DeadlineBadge properties={properties} />
    </>
  );
}
