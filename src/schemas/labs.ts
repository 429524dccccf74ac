/**
 * The lab names a chapter may ask for. Kept as a plain list (not read from the simulator) so the
 * content config does not pull the simulator into Astro's config bundle; a unit test checks that it
 * matches `simulator/labs/index.ts`.
 */
export const LAB_NAMES = ['docker'] as const;

export type LabName = (typeof LAB_NAMES)[number];
