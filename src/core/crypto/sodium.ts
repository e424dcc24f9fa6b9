import sodium from 'libsodium-wrappers-sumo';

let ready: Promise<typeof sodium> | undefined;

/** libsodium (WebAssembly) must finish loading before first use; every caller awaits this once. */
export function loadSodium(): Promise<typeof sodium> {
  ready ??= sodium.ready.then(() => sodium);
  return ready;
}

export type Sodium = typeof sodium;
