/**
 * Host row gathering for the batches agents build from their own records (rollouts, online
 * steps, minibatches): every column is a flat row-major typed array of `rowCount` rows of equal
 * width, and a gather copies the same rows of every column into fresh arrays.
 */
import { ShapeError } from '../../core/errors';

/** Named columns of per-row values; each holds `rowCount * width` values for its own width. */
export type Columns = Record<string, Float32Array | Int32Array>;

/**
 * Copies rows `indices` of every column, in that order, into fresh arrays of the same types.
 * @param columns the columns, each `rowCount * width` values
 * @param rowCount rows in every column
 * @param indices rows to copy, each in [0, rowCount)
 * @returns the gathered columns under the same names, `indices.length` rows each
 * @throws ShapeError when a column's length is not a multiple of rowCount
 */
export function gatherRows<C extends Columns>(columns: C, rowCount: number, indices: ArrayLike<number>): C {
  const n = indices.length;
  const out: Record<string, Float32Array | Int32Array> = {};
  for (const [name, column] of Object.entries(columns)) {
    const width = rowCount === 0 ? 0 : column.length / rowCount;
    if (!Number.isInteger(width)) {
      throw new ShapeError(`gatherRows: column "${name}" has ${column.length} values, not a whole number of rows for ${rowCount} rows; every column must hold rowCount * width values`);
    }
    const gathered = column instanceof Int32Array ? new Int32Array(n * width) : new Float32Array(n * width);
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      if (width === 1) gathered[k] = column[i]!;
      else gathered.set(column.subarray(i * width, (i + 1) * width), k * width);
    }
    out[name] = gathered;
  }
  return out as C;
}

/**
 * The rows to keep, in order: those of 0..count-1 for which `keep` is true.
 * @returns their indices, or undefined when every row is kept (the caller can use its columns as they are)
 */
export function keptRows(count: number, keep: (row: number) => boolean): Int32Array | undefined {
  const kept: number[] = [];
  for (let i = 0; i < count; i++) if (keep(i)) kept.push(i);
  return kept.length === count ? undefined : Int32Array.from(kept);
}
