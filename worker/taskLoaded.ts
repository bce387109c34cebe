/**
 * The message a pool thread posts once its task module is in (worker/task.ts), so that the pool
 * ends no thread while Node is still loading that module: ending a thread inside the synchronous
 * load of an ES module (Piscina requires the task file; Node >= 20.19 loads ES modules that way)
 * can stop the whole process with a fatal V8 error ("IsGraphAsync must be used on an instantiated
 * module"), as a Ctrl-C two seconds into a sliced `analyze` did once under a loaded test run.
 */
export const TASK_LOADED = 'identifiability:task-loaded';

export function isTaskLoaded(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as Record<string, unknown>)[TASK_LOADED] === true;
}

export const taskLoadedMessage = (): Record<string, true> => ({ [TASK_LOADED]: true });
