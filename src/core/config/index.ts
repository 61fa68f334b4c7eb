/** Configuration as code: workspace files, validated, planned against a server and applied. */
export * from './apply';
export * from './complete';
export * from './normalize';
export * from './plan';
export * from './pull';
export * from './references';
export * from './render';
export * from './schema';
export * from './suggest';
export * from './validate';
