/**
 * Summaries for TensorBoard's HPARAMS tab: the hparams plugin protocol.
 *
 * Ports what tensorboard/plugins/hparams/summary_v2.py (`hparams_pb`, `hparams_config_pb`) and
 * summary.py (`session_end_pb`) emit, https://github.com/tensorflow/tensorboard : three
 * `Summary.Value`s tagged `_hparams_/experiment`, `_hparams_/session_start_info` and
 * `_hparams_/session_end_info`, each holding TensorBoard's null tensor (float32, shape [0]) and
 * metadata `plugin_data { plugin_name: "hparams", content: HParamsPluginData }` with version 0.
 * Field numbers from plugin_data.proto, api.proto and google/protobuf/struct.proto.
 * Deliberately differs: the experiment declares each hparam's type (string / bool / float64) from
 * its value but no domain; hparam names are written in sorted order; the session group name is a
 * SHA-256 of the sorted hparams as JSON, like summary_v2's default trial id but not byte-identical
 * to Python's `json.dumps` for every float.
 */

import { createHash } from 'node:crypto';
import { ConfigError } from '../../core/errors';
import type { SummaryValueData } from './event_proto';
import { ProtoWriter } from './protobuf_writer';

/** Plugin name the hparams plugin reads its metadata under. */
export const HPARAMS_PLUGIN_NAME = 'hparams';
/** The only HParamsPluginData version TensorBoard accepts. */
export const HPARAMS_PLUGIN_DATA_VERSION = 0;
/** Tag of the experiment summary (hparam and metric declarations). */
export const HPARAMS_EXPERIMENT_TAG = '_hparams_/experiment';
/** Tag of the session-start summary (this run's hparam values). */
export const HPARAMS_SESSION_START_INFO_TAG = '_hparams_/session_start_info';
/** Tag of the session-end summary (this run's status). */
export const HPARAMS_SESSION_END_INFO_TAG = '_hparams_/session_end_info';

/** `tensorboard.hparams.DataType` values. */
export const HparamDataType = { UNSET: 0, STRING: 1, BOOL: 2, FLOAT64: 3 } as const;
/** `tensorboard.hparams.Status` values. */
export const SessionStatus = { UNKNOWN: 0, SUCCESS: 1, FAILURE: 2, RUNNING: 3 } as const;

/** A hyperparameter value TensorBoard can show. */
export type HparamValue = string | number | boolean;

/**
 * TensorBoard's null tensor (`metadata.NULL_TENSOR`): TensorProto { dtype: DT_FLOAT (1),
 * tensor_shape { dim { size: 0 } } }. Every hparams summary value carries it so that TensorBoard
 * indexes the value as a tensor time series. Bytes: 08 01 | 12 02 | 12 00.
 */
export const HPARAMS_NULL_TENSOR: Uint8Array = Uint8Array.of(0x08, 0x01, 0x12, 0x02, 0x12, 0x00);

const PLUGIN_DATA = { version: 1, experiment: 2, sessionStartInfo: 3, sessionEndInfo: 4 } as const;
const EXPERIMENT = { description: 1, user: 2, timeCreatedSecs: 3, hparamInfos: 4, metricInfos: 5 } as const;
const HPARAM_INFO = { name: 1, type: 4 } as const;
const METRIC_INFO = { name: 1 } as const;
const METRIC_NAME = { group: 1, tag: 2 } as const;
const SESSION_START = { hparams: 1, groupName: 4, startTimeSecs: 5 } as const;
const SESSION_END = { status: 1, endTimeSecs: 2 } as const;
const MAP_ENTRY = { key: 1, value: 2 } as const;
const STRUCT_VALUE = { numberValue: 2, stringValue: 3, boolValue: 4 } as const;

/**
 * Checks hparams and metrics; throws ConfigError naming the first bad entry.
 * @param hparams name → string / number / boolean
 * @param metrics metric tag → number
 */
export function validateHparams(hparams: Record<string, unknown>, metrics: Record<string, unknown>): void {
  if (hparams === null || typeof hparams !== 'object') {
    throw new ConfigError(`addHparams: hparams must be an object of name → value; received ${String(hparams)}.`);
  }
  if (metrics === null || typeof metrics !== 'object') {
    throw new ConfigError(`addHparams: metrics must be an object of tag → number; received ${String(metrics)}.`);
  }
  for (const [name, value] of Object.entries(hparams)) {
    if (name === '') throw new ConfigError('addHparams: a hyperparameter has an empty name; give every hparam a name.');
    const t = typeof value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') {
      throw new ConfigError(
        `addHparams: hparam "${name}" is ${value === null ? 'null' : t} (${String(value)}); expected a string, number ` +
          'or boolean. Convert it first, e.g. JSON.stringify for arrays and objects.',
      );
    }
  }
  for (const [tag, value] of Object.entries(metrics)) {
    if (tag === '') throw new ConfigError('addHparams: a metric has an empty tag; use the scalar tag, e.g. "eval/returns".');
    if (typeof value !== 'number') {
      throw new ConfigError(`addHparams: metric "${tag}" is ${typeof value} (${String(value)}); expected a number.`);
    }
  }
}

function dataTypeOf(value: HparamValue): number {
  if (typeof value === 'boolean') return HparamDataType.BOOL;
  if (typeof value === 'number') return HparamDataType.FLOAT64;
  return HparamDataType.STRING;
}

/** Writes a google.protobuf.Value; its kind is a oneof, so false / 0 / "" are still written. */
function writeStructValue(w: ProtoWriter, value: HparamValue): void {
  if (typeof value === 'boolean') w.boolField(STRUCT_VALUE.boolValue, value);
  else if (typeof value === 'number') w.doubleField(STRUCT_VALUE.numberValue, value);
  else w.stringField(STRUCT_VALUE.stringValue, value);
}

function pluginData(field: number, build: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter();
  // version is 0 = the proto3 default, so it is not written (as Python's serializer omits it).
  w.messageField(field, build);
  return w.finish();
}

/**
 * Serialized HParamsPluginData holding an Experiment that declares the hparams (with types) and
 * the metric tags (group "": the metric lives in the same run as the session).
 * @param hparams the run's hyperparameters (names sorted in the output)
 * @param metricTags scalar tags shown as metric columns
 * @param timeCreatedSecs seconds since the Unix epoch
 */
export function encodeExperimentContent(
  hparams: Record<string, HparamValue>,
  metricTags: readonly string[],
  timeCreatedSecs: number,
): Uint8Array {
  return pluginData(PLUGIN_DATA.experiment, (e) => {
    if (timeCreatedSecs !== 0) e.doubleField(EXPERIMENT.timeCreatedSecs, timeCreatedSecs);
    for (const name of Object.keys(hparams).sort()) {
      e.messageField(EXPERIMENT.hparamInfos, (h) => {
        h.stringField(HPARAM_INFO.name, name);
        h.int64Field(HPARAM_INFO.type, dataTypeOf(hparams[name] as HparamValue));
      });
    }
    for (const tag of metricTags) {
      e.messageField(EXPERIMENT.metricInfos, (m) => m.messageField(METRIC_INFO.name, (n) => n.stringField(METRIC_NAME.tag, tag)));
    }
  });
}

/**
 * Serialized HParamsPluginData holding a SessionStartInfo: the hparam values of this run.
 * @param hparams name → value; numbers become `number_value`, booleans `bool_value`, strings `string_value`
 * @param startTimeSecs seconds since the Unix epoch
 * @param groupName session group; sessions with the same group are aggregated (see {@link sessionGroupName})
 */
export function encodeSessionStartContent(
  hparams: Record<string, HparamValue>,
  startTimeSecs: number,
  groupName: string,
): Uint8Array {
  return pluginData(PLUGIN_DATA.sessionStartInfo, (s) => {
    for (const name of Object.keys(hparams).sort()) {
      s.messageField(SESSION_START.hparams, (entry) => {
        entry.stringField(MAP_ENTRY.key, name);
        entry.messageField(MAP_ENTRY.value, (v) => writeStructValue(v, hparams[name] as HparamValue));
      });
    }
    if (groupName !== '') s.stringField(SESSION_START.groupName, groupName);
    if (startTimeSecs !== 0) s.doubleField(SESSION_START.startTimeSecs, startTimeSecs);
  });
}

/**
 * Serialized HParamsPluginData holding a SessionEndInfo.
 * @param status a {@link SessionStatus} value (SUCCESS = 1)
 * @param endTimeSecs seconds since the Unix epoch
 */
export function encodeSessionEndContent(status: number, endTimeSecs: number): Uint8Array {
  return pluginData(PLUGIN_DATA.sessionEndInfo, (s) => {
    if (status !== 0) s.int64Field(SESSION_END.status, status);
    if (endTimeSecs !== 0) s.doubleField(SESSION_END.endTimeSecs, endTimeSecs);
  });
}

/**
 * Default session group name: hex SHA-256 of the hparams as compact JSON with sorted keys
 * (summary_v2's default trial id). Runs with identical hparams share a group.
 */
export function sessionGroupName(hparams: Record<string, HparamValue>): string {
  const sorted: Record<string, HparamValue> = {};
  for (const name of Object.keys(hparams).sort()) sorted[name] = hparams[name] as HparamValue;
  return createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex');
}

/**
 * A summary value for the hparams plugin: the given tag, TensorBoard's null tensor, and
 * metadata { plugin_data { plugin_name: "hparams", content } }.
 * @param tag one of the HPARAMS_*_TAG constants
 * @param content serialized HParamsPluginData
 */
export function hparamsSummaryValue(tag: string, content: Uint8Array): SummaryValueData {
  return { tag, tensor: HPARAMS_NULL_TENSOR, metadata: { pluginData: { pluginName: HPARAMS_PLUGIN_NAME, content } } };
}
