import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Loads a history saved with `temporal workflow show -o json` as a History object.
 * @temporalio/common's historyFromJSON cannot be used here: npm installed two copies of protobufjs (one
 * under @temporalio/common, one under @temporalio/proto), and its `instanceof Type` check fails across
 * them. Parsing with the protojson extension of the copy the History type belongs to sidesteps that.
 */
export function loadHistory(path: string): unknown {
  const protoDir = dirname(require.resolve('@temporalio/proto/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fromJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as {
    fromJson: (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => unknown;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot: (root: unknown) => { lookupType: (name: string) => unknown };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const historyType = patchProtobufRoot(require('@temporalio/proto')).lookupType('temporal.api.history.v1.History');
  return fromJson(historyType, JSON.parse(readFileSync(path, 'utf8')), { ignoreUnknownFields: true });
}
