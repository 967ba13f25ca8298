import { ConfigError } from '../../../lib/core/errors';
import {
  encodeExperimentContent,
  encodeSessionEndContent,
  encodeSessionStartContent,
  HparamDataType,
  HPARAMS_EXPERIMENT_TAG,
  HPARAMS_NULL_TENSOR,
  hparamsSummaryValue,
  sessionGroupName,
  SessionStatus,
  validateHparams,
} from '../../../lib/logging/tensorboard/hparams';
import { decodePlain, HParamsPluginDataType, TensorProtoType } from './tensorboard_schema';

describe('hparams plugin data', () => {
  const hparams = { lr: 0.001, name: 'dqn', double: true, batch: 64, zero: 0, off: false, empty: '' };

  it('declares an experiment with each hparam typed by its value and the metric tags', () => {
    const content = encodeExperimentContent(hparams, ['eval/returns', 'eval/fps'], 1700000000.5);
    expect(decodePlain(HParamsPluginDataType, content)).toEqual({
      data: 'experiment',
      experiment: {
        time_created_secs: 1700000000.5,
        hparam_infos: [
          { name: 'batch', type: HparamDataType.FLOAT64 },
          { name: 'double', type: HparamDataType.BOOL },
          { name: 'empty', type: HparamDataType.STRING },
          { name: 'lr', type: HparamDataType.FLOAT64 },
          { name: 'name', type: HparamDataType.STRING },
          { name: 'off', type: HparamDataType.BOOL },
          { name: 'zero', type: HparamDataType.FLOAT64 },
        ],
        metric_infos: [{ name: { tag: 'eval/returns' } }, { name: { tag: 'eval/fps' } }],
      },
    });
    // DataType numbers from api.proto: STRING 1, BOOL 2, FLOAT64 3
    expect(HparamDataType).toMatchObject({ STRING: 1, BOOL: 2, FLOAT64: 3 });
  });

  it('writes session-start values as google.protobuf.Value kinds, keeping 0, false and ""', () => {
    const content = encodeSessionStartContent(hparams, 1700000001, 'g1');
    const decoded = decodePlain(HParamsPluginDataType, content);
    expect(decoded.data).toBe('session_start_info');
    expect(decoded.version).toBeUndefined(); // version 0 is the proto3 default
    expect(decoded.session_start_info).toEqual({
      group_name: 'g1',
      start_time_secs: 1700000001,
      hparams: {
        lr: { number_value: 0.001, kind: 'number_value' },
        name: { string_value: 'dqn', kind: 'string_value' },
        double: { bool_value: true, kind: 'bool_value' },
        batch: { number_value: 64, kind: 'number_value' },
        zero: { number_value: 0, kind: 'number_value' },
        off: { bool_value: false, kind: 'bool_value' },
        empty: { string_value: '', kind: 'string_value' },
      },
    });
  });

  it('ends the session with status SUCCESS (1)', () => {
    const decoded = decodePlain(HParamsPluginDataType, encodeSessionEndContent(SessionStatus.SUCCESS, 1700000002.25));
    expect(decoded).toEqual({
      data: 'session_end_info',
      session_end_info: { status: 1, end_time_secs: 1700000002.25 },
    });
  });

  it('wraps content in a summary value with the null tensor and hparams plugin metadata', () => {
    // NULL_TENSOR = TensorProto { dtype: DT_FLOAT (1), tensor_shape { dim { size: 0 } } }
    const tensor = TensorProtoType.toObject(TensorProtoType.decode(HPARAMS_NULL_TENSOR), { longs: Number, defaults: true });
    expect(tensor.dtype).toBe(1);
    expect(tensor.tensor_shape.dim).toEqual([{ size: 0, name: '' }]);
    expect(tensor.tensor_content.length).toBe(0);
    const content = Uint8Array.of(1, 2, 3);
    expect(hparamsSummaryValue(HPARAMS_EXPERIMENT_TAG, content)).toEqual({
      tag: '_hparams_/experiment',
      tensor: HPARAMS_NULL_TENSOR,
      metadata: { pluginData: { pluginName: 'hparams', content } },
    });
  });

  it('names the session group by SHA-256 of the sorted hparams as compact JSON, like summary_v2', () => {
    // Python: hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    // with d = {"lr": 0.001, "name": "dqn", "double": True, "batch": 64}
    // -> json '{"batch":64,"double":true,"lr":0.001,"name":"dqn"}'
    const expected = '5b9aab564f962cd4f083e5b176aa85ab77564262244d646889e65ee416de6fe1';
    expect(sessionGroupName({ lr: 0.001, name: 'dqn', double: true, batch: 64 })).toBe(expected);
    expect(sessionGroupName({ batch: 64, name: 'dqn', lr: 0.001, double: true })).toBe(expected);
    expect(sessionGroupName({ batch: 65, name: 'dqn', lr: 0.001, double: true })).not.toBe(expected);
  });

  it('rejects unsupported hparam values and non-numeric metrics with ConfigError', () => {
    expect(() => validateHparams({ layers: [64, 64] }, {})).toThrow(ConfigError);
    expect(() => validateHparams({ layers: [64, 64] }, {})).toThrow(/hparam "layers" is object/);
    expect(() => validateHparams({ x: null }, {})).toThrow(/is null/);
    expect(() => validateHparams({ '': 1 }, {})).toThrow(/empty name/);
    expect(() => validateHparams({}, { 'eval/returns': '3' })).toThrow(/metric "eval\/returns" is string/);
    expect(() => validateHparams({ a: 1, b: 'x', c: false }, { m: NaN })).not.toThrow();
  });
});
