/**
 * Preload for `node --import`: records the URL of every module the process resolves, one per
 * line, in the file named by MODULE_LOG. Tests use it to see which packages a command loads.
 */
import { register } from 'node:module';

const log = process.env.MODULE_LOG;
if (!log) throw new Error('moduleLog: set MODULE_LOG to the file to write');
register('./moduleLogHooks.js', import.meta.url, { data: { log } });
