export const HELP: Record<string, string> = {};
