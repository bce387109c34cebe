/** Study commands (run, presets, report, worker, start): registered by the study runner. */
import type { Command } from 'commander';

export function registerStudyCommands(_program: Command, _print: (line: string) => void): void {}
