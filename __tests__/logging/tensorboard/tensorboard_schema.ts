/**
 * An independent decoder for the tests: protobufjs message types built from a schema written here
 * by hand with the field numbers of tensorflow/tensorboard's event.proto, summary.proto,
 * histogram.proto, tensor.proto, tensor_shape.proto, hparams/plugin_data.proto, hparams/api.proto
 * and google/protobuf/struct.proto (Value renamed StructValue). Only the fields we write, plus
 * neighbours that would catch a wrong field number.
 */
import * as protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package tbtest;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    bytes graph_def = 4;
    Summary summary = 5;
  }
}

message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      bytes obsolete_old_style_histogram = 3;
      HistogramProto histo = 5;
      TensorProto tensor = 8;
    }
  }
  repeated Value value = 1;
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
  int32 data_class = 4;
}

message HistogramProto {
  double min = 1;
  double max = 2;
  double num = 3;
  double sum = 4;
  double sum_squares = 5;
  repeated double bucket_limit = 6 [packed = true];
  repeated double bucket = 7 [packed = true];
}

message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated float float_val = 5 [packed = true];
}

message StructValue {
  oneof kind {
    int32 null_value = 1;
    double number_value = 2;
    string string_value = 3;
    bool bool_value = 4;
  }
}

message ListValue {
  repeated StructValue values = 1;
}

message HParamsPluginData {
  int32 version = 1;
  oneof data {
    Experiment experiment = 2;
    SessionStartInfo session_start_info = 3;
    SessionEndInfo session_end_info = 4;
  }
}

message Experiment {
  string name = 6;
  string description = 1;
  string user = 2;
  double time_created_secs = 3;
  repeated HParamInfo hparam_infos = 4;
  repeated MetricInfo metric_infos = 5;
}

message HParamInfo {
  string name = 1;
  string display_name = 2;
  string description = 3;
  int32 type = 4;
  oneof domain {
    ListValue domain_discrete = 5;
    Interval domain_interval = 6;
  }
  bool differs = 7;
}

message Interval {
  double min_value = 1;
  double max_value = 2;
}

message MetricName {
  string group = 1;
  string tag = 2;
}

message MetricInfo {
  MetricName name = 1;
  string display_name = 3;
  string description = 4;
  int32 dataset_type = 5;
}

message SessionStartInfo {
  map<string, StructValue> hparams = 1;
  string model_uri = 2;
  string monitor_url = 3;
  string group_name = 4;
  double start_time_secs = 5;
}

message SessionEndInfo {
  int32 status = 1;
  double end_time_secs = 2;
}
`;

/** The parsed schema. */
export const tbRoot = protobuf.parse(SCHEMA, { keepCase: true }).root;
/** tensorboard.Event */
export const EventType = tbRoot.lookupType('tbtest.Event');
/** tensorboard.hparams.HParamsPluginData */
export const HParamsPluginDataType = tbRoot.lookupType('tbtest.HParamsPluginData');
/** tensorboard.TensorProto */
export const TensorProtoType = tbRoot.lookupType('tbtest.TensorProto');

/** Decodes bytes to a plain object: int64 as number, bytes as Buffer, oneof names included, defaults omitted. */
export function decodePlain(type: protobuf.Type, bytes: Uint8Array): Record<string, any> {
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Buffer, oneofs: true, defaults: false });
}
