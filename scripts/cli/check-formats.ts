// The renderings of `check`, named here so that building the command tree does not load the command itself.
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
