import protobuf from 'protobufjs';

/** The Payload message of Eclipse Tahu's `sparkplug_b.proto` (shipped in media/). */
export const SPARKPLUG_PAYLOAD_TYPE = 'org.eclipse.tahu.protobuf.Payload';

/** The Sparkplug B payload type, parsed from the text of `media/sparkplug_b.proto`. */
export function loadSparkplugPayloadType(protoText: string): protobuf.Type {
  const { root } = protobuf.parse(protoText, new protobuf.Root(), { keepCase: false });
  root.resolveAll();
  return root.lookupType(SPARKPLUG_PAYLOAD_TYPE);
}

/** Sparkplug B data type names by number (the comment block of sparkplug_b.proto; 3.0 adds the arrays). */
export const SPARKPLUG_DATATYPES: readonly string[] = [
  'Unknown', 'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'Float', 'Double', 'Boolean', 'String', 'DateTime', 'Text',
  'UUID', 'DataSet', 'Bytes', 'File', 'Template', 'PropertySet', 'PropertySetList',
  'Int8Array', 'Int16Array', 'Int32Array', 'Int64Array', 'UInt8Array', 'UInt16Array', 'UInt32Array', 'UInt64Array', 'FloatArray', 'DoubleArray', 'BooleanArray', 'StringArray', 'DateTimeArray',
];
