/**
 * One discovery method swept over its thresholds on one single-output network: the circuit each
 * threshold returns. ACDC's threshold is the largest distance increase that removes an edge,
 * EAP's the number k of top edges, the learned masks' the sparsity weight lambda.
 */
import type { CheckedCircuit } from '../check/checkedCircuit.js';
import type { EdgeLayout } from '../check/edgeSet.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import { acdc } from './acdc.js';
import { eapCircuit, eapScores, rankEdges } from './eap.js';
import { maskCircuit } from './masks.js';
import type { Distance } from './outputDistance.js';

export const Methods = { acdc: 'acdc', eap: 'eap', masks: 'masks' } as const;
export type Method = (typeof Methods)[keyof typeof Methods];
export const methodNames: readonly Method[] = Object.values(Methods);

export interface DiscoveryOptions {
  readonly distance: Distance;
  readonly seed: number;
  /** Thresholds to sweep; default `defaultThresholds`. */
  readonly thresholds?: readonly number[];
}

export interface DiscoveredCircuit {
  readonly threshold: number;
  readonly circuit: CheckedCircuit;
}

/** The default sweep of each method (EAP: every k from 1 to all edges). */
export function defaultThresholds(method: Method, layout: EdgeLayout): number[] {
  if (method === 'eap') return Array.from({ length: layout.total }, (_, k) => k + 1);
  if (method === 'acdc') return [1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1];
  return [1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1];
}

export function discover(model: NetworkModel, layout: EdgeLayout, samples: SampleSet, method: Method, options: DiscoveryOptions): DiscoveredCircuit[] {
  const thresholds = options.thresholds ?? defaultThresholds(method, layout);
  if (method === 'eap') {
    const ranked = rankEdges(eapScores(model, layout, samples, options.distance));
    return thresholds.map((k) => ({ threshold: k, circuit: eapCircuit(layout, ranked, k) }));
  }
  if (method === 'acdc') return thresholds.map((threshold) => ({ threshold, circuit: acdc(model, layout, samples, { threshold, distance: options.distance }) }));
  return thresholds.map((lambda) => ({ threshold: lambda, circuit: maskCircuit(model, layout, samples, { lambda, distance: options.distance, seed: options.seed }) }));
}
