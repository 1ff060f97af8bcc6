import { RequestRefusedError } from '../../domain/errors.js';

/**
 * How much of a boundary file the importer reads, each bound checked before
 * the work it bounds. A county's communities (about 300 villages, a few
 * thousand vertices each) are a few MB; a province's are tens of MB.
 */
export const BOUNDARY_BOUNDS = {
  /** The file as uploaded. */
  bytes: 100 * 1024 * 1024,
  /** A zip's members, unzipped, all together. */
  unzippedBytes: 400 * 1024 * 1024,
  /** Features of all the file's layers. */
  features: 20_000,
  /** Positions of all the file's features. */
  positions: 5_000_000,
} as const;

type Bound = keyof typeof BOUNDARY_BOUNDS;

const WHAT: Record<Bound, { en: string; zh: string }> = {
  bytes: { en: 'bytes in the file', zh: '文件字节数' },
  unzippedBytes: { en: 'bytes once unzipped', zh: '解压后字节数' },
  features: { en: 'features (areas)', zh: '要素(区域)数' },
  positions: { en: 'coordinate positions', zh: '坐标点数' },
};

/** A file past a bound: nothing was read into the database. */
export function pastBoundaryBound(bound: Bound): RequestRefusedError {
  const limit = BOUNDARY_BOUNDS[bound].toLocaleString('en-US');
  return new RequestRefusedError(
    413,
    'BOUNDARY_FILE_TOO_LARGE',
    `the boundary file has more ${WHAT[bound].en} than the ${limit} allowed: split it by district, or simplify it`,
    `边界文件的${WHAT[bound].zh}超过上限 ${limit}:请按区县拆分,或先简化边界`,
    { bound, limit: BOUNDARY_BOUNDS[bound] },
  );
}
