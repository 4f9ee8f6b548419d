export { type Box, type BoxInitiator, type BoxVars, VAR_ORDER } from './box.ts';
export { type Cells, worldCells } from './cells.ts';
export { type StoryChange, storyChange } from './change.ts';
export { type DiffGroup, diffWorlds, type WorldDiff, whoseConnections } from './diff.ts';
export { fateKey } from './fate.ts';
export { type IntervalSet, normalise as normaliseSet, size as setSize } from './interval-set.ts';
export { boxHolds, valuesIn } from './membership.ts';
export { outcomeKey, outcomeSummary, storyKey } from './outcome.ts';
export {
  CLASS_FIELDS,
  type ClassAnalysis,
  DEFAULT_MAX_CLASSES,
  initialBoxes,
  type PacketClass,
  type PartitionOptions,
  partition,
  partitionEach,
} from './partition.ts';
export { connectionOf, simplestFirst } from './representative.ts';
export {
  addressVariants,
  type ClassWitness,
  type PortQuestions,
  portQuestions,
  portVariants,
} from './variants.ts';
