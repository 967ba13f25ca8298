/**
 * Typed errors. Every message says what was received, what was expected, and how to fix it,
 * so a user can act on it without reading our source.
 */

/** Base class of every error allts throws on purpose. */
export class AlltsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad option, hyperparameter, preset, environment id or CLI argument. */
export class ConfigError extends AlltsError {}

/** An array or tensor whose shape or length does not match what the call needs. */
export class ShapeError extends AlltsError {}

/** An action or observation outside its space. */
export class SpaceError extends AlltsError {}

/** A tensor backend that was asked for but cannot be loaded. */
export class BackendError extends AlltsError {}

/** A file that is missing, torn or not in the format we write. */
export class FileFormatError extends AlltsError {}

/** A numeric failure during training (a non-finite loss or gradient norm). */
export class NumericError extends AlltsError {}

/** A call made at the wrong time, e.g. stepping an environment whose episode is over. */
export class StateError extends AlltsError {}
