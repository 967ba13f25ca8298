/**
 * TensorBoard event files without native dependencies: a hand-written protobuf encoder, TFRecord
 * framing with masked CRC32C, Event / Summary / HistogramProto / hparams-plugin encoders, the
 * EventFileWriter, and a strict reader for our tests and tools.
 */

export { crc32c, maskCrc, maskedCrc32c } from './crc32c';
export {
  decodeEvent,
  readEventFile,
} from './event_file_reader';
export { DEFAULT_FLUSH_INTERVAL_MS, EventFileWriter, type EventFileWriterOptions } from './event_file_writer';
export {
  encodeEvent,
  EVENT_FIELDS,
  FILE_VERSION,
  HISTOGRAM_FIELDS,
  SUMMARY_FIELDS,
  SUMMARY_METADATA_FIELDS,
  SUMMARY_VALUE_FIELDS,
  writeHistogram,
  writeSummaryMetadata,
  writeSummaryValue,
  type EventData,
  type HistogramData,
  type PluginData,
  type SummaryMetadataData,
  type SummaryValueData,
} from './event_proto';
export {
  encodeExperimentContent,
  encodeSessionEndContent,
  encodeSessionStartContent,
  HparamDataType,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_NULL_TENSOR,
  HPARAMS_PLUGIN_DATA_VERSION,
  HPARAMS_PLUGIN_NAME,
  HPARAMS_SESSION_END_INFO_TAG,
  HPARAMS_SESSION_START_INFO_TAG,
  hparamsSummaryValue,
  sessionGroupName,
  SessionStatus,
  validateHparams,
  type HparamValue,
} from './hparams';
export { computeHistogram, defaultBucketLimits } from './histogram';
export { forEachField, ProtoReader } from './protobuf_reader';
export {
  ProtoWriter,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
  zigzagDecode64,
  zigzagEncode64,
} from './protobuf_writer';
export { encodeRecord, parseRecords, TFRECORD_OVERHEAD } from './tfrecord';
