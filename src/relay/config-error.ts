/** Thrown by `createRelay` and `relayOptionsFromEnv` for options the relay cannot work with; the message names the variable to fix. */
export class RelayConfigError extends Error {}
