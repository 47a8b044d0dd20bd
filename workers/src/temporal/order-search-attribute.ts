import type { Connection } from '@temporalio/client';
import { ORDER_IDS_SEARCH_ATTRIBUTE } from '@livedrop/workflows';

const KEYWORD_LIST = 7; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST

/**
 * Order sagas are started with the LiveDropOrderIds search attribute, and a namespace without it refuses the
 * start. Registered at the worker's boot (compose, production) as well as by scripts/infra-up.sh; a no-op when
 * it is already there.
 */
export async function ensureOrderSearchAttribute(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  if (customAttributes?.[ORDER_IDS_SEARCH_ATTRIBUTE]) return;
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [ORDER_IDS_SEARCH_ATTRIBUTE]: KEYWORD_LIST } });
}
