import type { KindDefinition } from '../../../../server/src/domain/kinds/index.js';

/** A kind's colour with its one-character symbol, as the map draws it: decoration beside the kind's name. */
export function KindSwatch({ kind }: { kind: Pick<KindDefinition, 'color' | 'symbol'> | undefined }) {
  return (
    <span className="swatch" style={{ background: kind?.color }} aria-hidden="true">
      {kind?.symbol}
    </span>
  );
}
