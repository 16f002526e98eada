/** Ports: what services need from the outside world. Adapters implement them; tests inject their own. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
