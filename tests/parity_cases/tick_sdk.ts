// A hand-written SDK's view of the minimal catalog (tests/specs/minimal), shaped like
// openai-node: a union of namespaced interfaces, payloads from another module.
import * as ClocksAPI from './clocks';

export type TickEvent =
  | TickEvent.ClockStarted
  | TickEvent.ClockHalted
  | TickEvent.ClockReset;

export namespace TickEvent {
  /**
   * Started.
   */
  export interface ClockStarted {
    data: ClocksAPI.Clock;

    event: 'clock.started';
  }

  /**
   * Stopped: named differently here, and typed with another payload.
   */
  export interface ClockHalted {
    data: ClocksAPI.Timer;

    event: 'clock.stopped';

    /** A nested object must not be read as the event's own property. */
    meta?: { event: 'nested'; data: Other };
  }

  /**
   * An event the catalog does not have.
   */
  export interface ClockReset {
    data: ClocksAPI.Clock;

    event: "clock.reset";
  }
}

export type Unrelated = string | number;
