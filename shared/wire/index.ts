/** Public surface of the wire layer: message types, the checked codec, names and errors. */
export * from './messages.js';
export { decodeResult, decodeWork, encode } from './codec.js';
export { resultMsgId, shardId, subjects, type RunSubjects } from './subjects.js';
export * from './errors.js';
