// Politeness toward the servers a run reads: a limit on requests at once across all hosts, a
// limit per host, and a pause between the requests one host receives. Government sites are often
// small servers that rate-limit hard, so a run asks one thing at a time of each by default.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AttemptSlot } from './remote.ts';

/** The requests one host has in hand: who may go next, and when. */
interface HostState {
  limit: LimitFunction;
  /** The earliest moment the host's next request may start (epoch ms). */
  nextStart: number;
  pauseMs: number;
}

/** Hands out request slots: one global limit, and per host a limit and a pause between request starts. */
export class HostGate {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, HostState>();

  constructor(
    concurrency: number,
    private readonly perHost: number,
    private readonly pauseMs: number,
  ) {
    this.global = pLimit(concurrency);
  }

  /** Given a host and work, runs the work holding one of the host's slots (held across its retries and their waits, so a struggling server is left alone meanwhile). */
  inHostSlot<T>(hostname: string, work: () => Promise<T>): Promise<T> {
    return this.host(hostname).limit(work);
  }

  /** Given some work (a local read, an attempt), runs it in a global slot, checking the signal first so queued work ends at once after an abort. */
  inGlobalSlot<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.global(() => {
      signal.throwIfAborted();
      return work();
    });
  }

  /** Given a host, returns the slot each attempt on it runs in: the host's pause is waited out first, then a global slot taken. */
  attemptSlot(hostname: string, signal: AbortSignal): AttemptSlot {
    return async (attempt) => {
      await this.paced(hostname, signal);
      return this.inGlobalSlot(attempt, signal);
    };
  }

  /** Given a host and a pause its robots.txt asks for (Crawl-delay), lengthens the host's pause to it when longer. */
  slowDown(hostname: string, pauseMs: number): void {
    const state = this.host(hostname);
    state.pauseMs = Math.max(state.pauseMs, pauseMs);
  }

  /** Given a host, waits until its next request may start and books the one after. */
  private async paced(hostname: string, signal: AbortSignal): Promise<void> {
    const state = this.host(hostname);
    const now = Date.now();
    const start = Math.max(now, state.nextStart);
    state.nextStart = start + state.pauseMs;
    if (start > now) await sleep(start - now, undefined, { signal });
  }

  private host(hostname: string): HostState {
    let state = this.hosts.get(hostname);
    if (!state) this.hosts.set(hostname, (state = { limit: pLimit(this.perHost), nextStart: 0, pauseMs: this.pauseMs }));
    return state;
  }
}
