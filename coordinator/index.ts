/** The coordinator's public surface, in pipeline order: plan -> shards -> publish -> collect -> aggregate (the report is report/, the transport transport/). */
export { compileStudyOptions, type StudyOptions, type StudyConfig } from './studyOptions.js';
export { presets, findPreset } from './presets.js';
export { makePlan, type Plan } from './plan.js';
export { planShards } from './shards.js';
export { publishShards } from './publish.js';
export { collect } from './collect.js';
export { studyRow, resultRecord, caseFile } from './aggregate.js';
export { writeOutputs, type RunSummary } from './output.js';
export { openRunStore, type RunStore } from './runStore.js';
export { runStudy, type RunContext } from './runStudy.js';
export { createCoordinatorMetrics } from './metrics.js';
