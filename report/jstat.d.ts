/** The part of jStat (no published typings) that compareSamples.ts uses. */
declare module 'jstat' {
  export const jStat: {
    studentt: { cdf(x: number, dof: number): number };
  };
}
