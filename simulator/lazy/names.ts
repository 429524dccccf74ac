/** The names of the simulator's lazily loaded parts (simulator/lazy), in the order a page fetches them once its lab is ready. */
export const PART_NAMES = ['servers', 'extras', 'help'] as const;

export type PartName = (typeof PART_NAMES)[number];

/** The file a part is served as, next to the sandbox's simulator.js. */
export const partFile = (name: string): string => `simulator-${name}.js`;
