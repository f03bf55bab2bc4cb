// What the engine is doing right now, for the host's deadlines (the kinds: contract/phase.ts). The worker forwards
// each phase to its host; anywhere else nobody listens.
import type { Phase, PhaseKind } from '../contract/phase';

export type { Phase, PhaseKind };

let listener: ((phase: Phase) => void) | null = null;

/** The engine worker's hook: one listener, the port to the host. */
export function onPhase(report: (phase: Phase) => void): void {
  listener = report;
}

export function enterPhase(kind: PhaseKind, what: string): void {
  listener?.({ kind, what });
}
