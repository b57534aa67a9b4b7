/**
 * The emulator started and stopped by jest's hooks, for a block of tests or for each test.
 *
 * `useEmulator()` and `emulatorPerTest()` hand back a stand-in that forwards to whichever
 * emulator is running, so a suite can keep `const emulator = useEmulator()` at the top and use
 * it in every test; touching it while none runs throws instead of reaching a stopped one.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { type EmulatorOptions, IdentityCenterEmulator } from '../../emulator/index.js';

/** Holds the running emulator of a fixture, and starts and stops it. */
class EmulatorSlot {
  private current: IdentityCenterEmulator | undefined;

  constructor(private readonly defaults: EmulatorOptions) {}

  async start(options: EmulatorOptions = {}): Promise<IdentityCenterEmulator> {
    await this.stop();
    this.current = await IdentityCenterEmulator.start({ ...this.defaults, ...options });
    return this.current;
  }

  async stop(): Promise<void> {
    const running = this.current;
    this.current = undefined;
    await running?.stop();
  }

  running(): IdentityCenterEmulator {
    if (!this.current) {
      throw new Error(
        'No emulator is running here: use it inside a test of the block that set it up.',
      );
    }
    return this.current;
  }

  /** The stand-in: every property read goes to the running emulator, methods bound to it. */
  standIn(): IdentityCenterEmulator {
    return new Proxy(Object.create(IdentityCenterEmulator.prototype) as IdentityCenterEmulator, {
      get: (_target, property) => {
        const emulator = this.running();
        const value: unknown = Reflect.get(emulator, property, emulator);
        return typeof value === 'function' ? value.bind(emulator) : value;
      },
      set: (_target, property, value) => Reflect.set(this.running(), property, value),
      has: (_target, property) => Reflect.has(this.running(), property),
    });
  }
}

/**
 * The emulator of the enclosing block (or file). `'block'`: one for all its tests, started
 * before them, stopped after them, and its request log and injected faults cleared before each
 * test, so that every test sees only its own requests. `'test'`: a fresh one for each test.
 */
export function useEmulator(
  options: EmulatorOptions = {},
  per: 'block' | 'test' = 'block',
): IdentityCenterEmulator {
  const slot = new EmulatorSlot(options);
  if (per === 'test') {
    beforeEach(async () => {
      await slot.start();
    });
    afterEach(() => slot.stop());
    return slot.standIn();
  }
  beforeAll(async () => {
    await slot.start();
  });
  afterAll(() => slot.stop());
  beforeEach(() => {
    slot.running().clearRequests();
    slot.running().clearFaults();
  });
  return slot.standIn();
}

export interface EmulatorPerTest {
  /** The running emulator (a stand-in; throws while none runs). */
  readonly emulator: IdentityCenterEmulator;
  /** Stops the running one, if any, and starts a fresh one: the fixture's options, then these. */
  start(options?: EmulatorOptions): Promise<IdentityCenterEmulator>;
}

/**
 * A fresh emulator per test, for suites whose tests change its settings: each test (or a
 * `beforeEach` of its block) calls `start(options)`; whatever runs is stopped after each test.
 */
export function emulatorPerTest(defaults: EmulatorOptions = {}): EmulatorPerTest {
  const slot = new EmulatorSlot(defaults);
  afterEach(() => slot.stop());
  return { emulator: slot.standIn(), start: (options) => slot.start(options) };
}
