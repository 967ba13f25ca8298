/**
 * Reads back TensorBoard event files: TFRecord framing (both CRCs checked) and the Event fields
 * our writer uses.
 *
 * Mirrors TensorBoard's event_file_loader (tensorboard/backend/event_processing) for the subset
 * we write. Deliberately differs: strict (a torn tail or a bad CRC throws FileFormatError instead
 * of being skipped, since our writer never leaves one), synchronous, and tensors are returned as
 * raw TensorProto bytes rather than decoded. Meant for our tests and tools, not for arbitrary
 * TensorFlow output.
 */

import * as fs from 'node:fs';
import { FileFormatError } from '../../core/errors';
import {
  EVENT_FIELDS,
  HISTOGRAM_FIELDS,
  SUMMARY_FIELDS,
  SUMMARY_METADATA_FIELDS,
  SUMMARY_VALUE_FIELDS,
  type EventData,
  type HistogramData,
  type PluginData,
  type SummaryMetadataData,
  type SummaryValueData,
} from './event_proto';
import { forEachField } from './protobuf_reader';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf_writer';
import { parseRecords } from './tfrecord';

function decodeHistogram(bytes: Uint8Array): HistogramData {
  const h: HistogramData = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  forEachField(bytes, (field, wire, r) => {
    if (wire === WIRE_FIXED64) {
      if (field === HISTOGRAM_FIELDS.min) h.min = r.double();
      else if (field === HISTOGRAM_FIELDS.max) h.max = r.double();
      else if (field === HISTOGRAM_FIELDS.num) h.num = r.double();
      else if (field === HISTOGRAM_FIELDS.sum) h.sum = r.double();
      else if (field === HISTOGRAM_FIELDS.sumSquares) h.sumSquares = r.double();
      else if (field === HISTOGRAM_FIELDS.bucketLimit) h.bucketLimit.push(r.double());
      else if (field === HISTOGRAM_FIELDS.bucket) h.bucket.push(r.double());
      else return false;
      return true;
    }
    if (wire === WIRE_LENGTH_DELIMITED && field === HISTOGRAM_FIELDS.bucketLimit) {
      h.bucketLimit.push(...r.packedDoubles());
      return true;
    }
    if (wire === WIRE_LENGTH_DELIMITED && field === HISTOGRAM_FIELDS.bucket) {
      h.bucket.push(...r.packedDoubles());
      return true;
    }
    return false;
  });
  return h;
}

function decodeMetadata(bytes: Uint8Array): SummaryMetadataData {
  const m: SummaryMetadataData = {};
  forEachField(bytes, (field, wire, r) => {
    if (wire !== WIRE_LENGTH_DELIMITED) return false;
    if (field === SUMMARY_METADATA_FIELDS.pluginData) {
      const plugin: PluginData = { pluginName: '', content: new Uint8Array(0) };
      forEachField(r.bytesView(), (f, w, pr) => {
        if (w !== WIRE_LENGTH_DELIMITED) return false;
        if (f === SUMMARY_METADATA_FIELDS.pluginName) plugin.pluginName = pr.string();
        else if (f === SUMMARY_METADATA_FIELDS.content) plugin.content = pr.bytes();
        else return false;
        return true;
      });
      m.pluginData = plugin;
    } else if (field === SUMMARY_METADATA_FIELDS.displayName) m.displayName = r.string();
    else if (field === SUMMARY_METADATA_FIELDS.summaryDescription) m.summaryDescription = r.string();
    else return false;
    return true;
  });
  return m;
}

function decodeSummaryValue(bytes: Uint8Array): SummaryValueData {
  const v: SummaryValueData = { tag: '' };
  forEachField(bytes, (field, wire, r) => {
    if (field === SUMMARY_VALUE_FIELDS.simpleValue && wire === WIRE_FIXED32) v.simpleValue = r.float();
    else if (wire !== WIRE_LENGTH_DELIMITED) return false;
    else if (field === SUMMARY_VALUE_FIELDS.tag) v.tag = r.string();
    else if (field === SUMMARY_VALUE_FIELDS.histo) v.histo = decodeHistogram(r.bytesView());
    else if (field === SUMMARY_VALUE_FIELDS.tensor) v.tensor = r.bytes();
    else if (field === SUMMARY_VALUE_FIELDS.metadata) v.metadata = decodeMetadata(r.bytesView());
    else return false;
    return true;
  });
  return v;
}

/**
 * Decodes one serialized `Event` (unknown fields are skipped).
 * @param bytes an Event's protobuf bytes, e.g. one TFRecord's data
 */
export function decodeEvent(bytes: Uint8Array): EventData {
  const e: EventData = { wallTime: 0, step: 0 };
  forEachField(bytes, (field, wire, r) => {
    if (field === EVENT_FIELDS.wallTime && wire === WIRE_FIXED64) e.wallTime = r.double();
    else if (field === EVENT_FIELDS.step && wire === WIRE_VARINT) e.step = r.int64();
    else if (field === EVENT_FIELDS.fileVersion && wire === WIRE_LENGTH_DELIMITED) e.fileVersion = r.string();
    else if (field === EVENT_FIELDS.summary && wire === WIRE_LENGTH_DELIMITED) {
      const value: SummaryValueData[] = [];
      forEachField(r.bytesView(), (f, w, sr) => {
        if (f !== SUMMARY_FIELDS.value || w !== WIRE_LENGTH_DELIMITED) return false;
        value.push(decodeSummaryValue(sr.bytesView()));
        return true;
      });
      e.summary = { value };
    } else return false;
    return true;
  });
  return e;
}

/**
 * Reads every Event of an event file, checking the TFRecord CRCs.
 * @param file path of an `events.out.tfevents.*` file
 * @returns the events in file order; the first normally has `fileVersion` "brain.Event:2"
 * @throws FileFormatError if a record is torn or a CRC does not match, or the file is missing
 */
export function readEventFile(file: string): EventData[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new FileFormatError(`Cannot read event file ${file} (${code}); expected an existing events.out.tfevents.* file.`);
  }
  return parseRecords(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file).map(decodeEvent);
}
