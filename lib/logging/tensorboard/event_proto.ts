/**
 * Encoders for the TensorBoard `Event` protocol buffer and the messages inside it.
 *
 * Ports the wire layout of tensorboard/compat/proto/event.proto (Event), summary.proto (Summary,
 * Summary.Value, SummaryMetadata) and histogram.proto (HistogramProto) from
 * https://github.com/tensorflow/tensorboard . Deliberately differs from the generated Python
 * classes: only the fields a training logger needs (scalars, histograms, plugin metadata, raw
 * tensors) are modelled; the field numbers are the same.
 */

import { ConfigError } from '../../core/errors';
import { ProtoWriter } from './protobuf_writer';

/** Field numbers of `tensorboard.Event`. */
export const EVENT_FIELDS = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 } as const;
/** Field numbers of `tensorboard.Summary` (`value`) and `Summary.Value`. */
export const SUMMARY_FIELDS = { value: 1 } as const;
/** Field numbers of `tensorboard.Summary.Value`. */
export const SUMMARY_VALUE_FIELDS = { tag: 1, simpleValue: 2, histo: 5, tensor: 8, metadata: 9 } as const;
/** Field numbers of `tensorboard.SummaryMetadata` and its nested `PluginData`. */
export const SUMMARY_METADATA_FIELDS = {
  pluginData: 1,
  displayName: 2,
  summaryDescription: 3,
  pluginName: 1,
  content: 2,
} as const;
/** Field numbers of `tensorboard.HistogramProto`. */
export const HISTOGRAM_FIELDS = { min: 1, max: 2, num: 3, sum: 4, sumSquares: 5, bucketLimit: 6, bucket: 7 } as const;

/** The `file_version` every event file starts with (TensorFlow's current event format). */
export const FILE_VERSION = 'brain.Event:2';

/**
 * A `HistogramProto`: summary statistics plus buckets. Bucket `i` counts the values from
 * `bucketLimit[i-1]` (or `min` for the first bucket) up to its right edge `bucketLimit[i]`.
 */
export interface HistogramData {
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Number of values. */
  num: number;
  /** Sum of the values. */
  sum: number;
  /** Sum of the squared values. */
  sumSquares: number;
  /** Right edge of each bucket, increasing. */
  bucketLimit: number[];
  /** Count in each bucket (same length as `bucketLimit`); the counts add up to `num`. */
  bucket: number[];
}

/** `SummaryMetadata.PluginData`: which TensorBoard plugin owns a value, and its private payload. */
export interface PluginData {
  /** Plugin name, e.g. "hparams" or "scalars". */
  pluginName: string;
  /** Plugin-specific bytes (for hparams: a serialized HParamsPluginData). */
  content: Uint8Array;
}

/** `SummaryMetadata`. */
export interface SummaryMetadataData {
  /** Owning plugin and its payload. */
  pluginData?: PluginData;
  /** Display name shown instead of the tag. */
  displayName?: string;
  /** Longer description (markdown). */
  summaryDescription?: string;
}

/** One `Summary.Value`: a tag and exactly one of `simpleValue`, `histo` or `tensor`. */
export interface SummaryValueData {
  /** Time-series name, e.g. "loss/q". */
  tag: string;
  /** A scalar, stored as float32 (NaN and ±Infinity are kept). */
  simpleValue?: number;
  /** A histogram. */
  histo?: HistogramData;
  /** A serialized `TensorProto`, written as is. */
  tensor?: Uint8Array;
  /** Plugin metadata. */
  metadata?: SummaryMetadataData;
}

/** One `Event` record of an event file. */
export interface EventData {
  /** Wall-clock time, seconds since the Unix epoch (fractional). */
  wallTime: number;
  /** Global step (an integer; environment frames in allts). */
  step: number;
  /** Set only in the first record of a file: "brain.Event:2". */
  fileVersion?: string;
  /** The summary values logged at this step. */
  summary?: { value: SummaryValueData[] };
}

/** Writes the body of a `HistogramProto`. */
export function writeHistogram(w: ProtoWriter, h: HistogramData): void {
  if (h.bucketLimit.length !== h.bucket.length) {
    throw new ConfigError(
      `Histogram has ${h.bucketLimit.length} bucket limits but ${h.bucket.length} bucket counts; expected equal lengths.`,
    );
  }
  if (h.min !== 0) w.doubleField(HISTOGRAM_FIELDS.min, h.min);
  if (h.max !== 0) w.doubleField(HISTOGRAM_FIELDS.max, h.max);
  if (h.num !== 0) w.doubleField(HISTOGRAM_FIELDS.num, h.num);
  if (h.sum !== 0) w.doubleField(HISTOGRAM_FIELDS.sum, h.sum);
  if (h.sumSquares !== 0) w.doubleField(HISTOGRAM_FIELDS.sumSquares, h.sumSquares);
  w.packedDoubleField(HISTOGRAM_FIELDS.bucketLimit, h.bucketLimit);
  w.packedDoubleField(HISTOGRAM_FIELDS.bucket, h.bucket);
}

/** Writes the body of a `SummaryMetadata`. */
export function writeSummaryMetadata(w: ProtoWriter, m: SummaryMetadataData): void {
  const plugin = m.pluginData;
  if (plugin !== undefined) {
    w.messageField(SUMMARY_METADATA_FIELDS.pluginData, (p) => {
      if (plugin.pluginName !== '') p.stringField(SUMMARY_METADATA_FIELDS.pluginName, plugin.pluginName);
      if (plugin.content.length > 0) p.bytesField(SUMMARY_METADATA_FIELDS.content, plugin.content);
    });
  }
  if (m.displayName) w.stringField(SUMMARY_METADATA_FIELDS.displayName, m.displayName);
  if (m.summaryDescription) w.stringField(SUMMARY_METADATA_FIELDS.summaryDescription, m.summaryDescription);
}

/** Writes the body of a `Summary.Value`, fields in field-number order as protobuf serializers do. */
export function writeSummaryValue(w: ProtoWriter, v: SummaryValueData): void {
  const kinds = [v.simpleValue, v.histo, v.tensor].filter((k) => k !== undefined).length;
  if (kinds !== 1) {
    throw new ConfigError(
      `Summary value "${v.tag}" has ${kinds} of simpleValue / histo / tensor set; expected exactly one.`,
    );
  }
  if (v.tag !== '') w.stringField(SUMMARY_VALUE_FIELDS.tag, v.tag);
  // simple_value, histo and tensor are members of a oneof, so they are written even when zero.
  if (v.simpleValue !== undefined) w.floatField(SUMMARY_VALUE_FIELDS.simpleValue, v.simpleValue);
  const histo = v.histo;
  if (histo !== undefined) w.messageField(SUMMARY_VALUE_FIELDS.histo, (h) => writeHistogram(h, histo));
  if (v.tensor !== undefined) w.bytesField(SUMMARY_VALUE_FIELDS.tensor, v.tensor);
  const metadata = v.metadata;
  if (metadata !== undefined) w.messageField(SUMMARY_VALUE_FIELDS.metadata, (m) => writeSummaryMetadata(m, metadata));
}

/**
 * Serializes one `Event`.
 * @param event wall time (seconds), integer step, and either a file version or a summary
 * @returns the Event's protobuf bytes (not yet framed as a TFRecord)
 */
export function encodeEvent(event: EventData): Uint8Array {
  if (!Number.isSafeInteger(event.step)) {
    throw new ConfigError(`Event step must be a safe integer; received ${event.step}. Pass a whole number of steps.`);
  }
  if (event.fileVersion !== undefined && event.summary !== undefined) {
    throw new ConfigError('An Event holds either fileVersion or summary (a protobuf oneof); received both.');
  }
  const w = new ProtoWriter();
  if (event.wallTime !== 0) w.doubleField(EVENT_FIELDS.wallTime, event.wallTime);
  if (event.step !== 0) w.int64Field(EVENT_FIELDS.step, event.step);
  if (event.fileVersion !== undefined) w.stringField(EVENT_FIELDS.fileVersion, event.fileVersion);
  const summary = event.summary;
  if (summary !== undefined) {
    w.messageField(EVENT_FIELDS.summary, (s) => {
      for (const value of summary.value) s.messageField(SUMMARY_FIELDS.value, (sv) => writeSummaryValue(sv, value));
    });
  }
  return w.finish();
}
