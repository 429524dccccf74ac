import { dockerLab } from './docker.ts';
import type { LabDefinition } from './types.ts';

export const LABS: Record<string, LabDefinition> = {
  docker: dockerLab,
};

export type { LabDefinition } from './types.ts';
