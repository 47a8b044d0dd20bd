import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';
import type { paths } from '../../lib/api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Product = Json<paths['/v1/products/{productId}']['get']['responses'][200]>;
export type ProductInput = NonNullable<paths['/v1/products']['post']['requestBody']>['content']['application/json'];
export type CreatorDrop = Json<paths['/v1/me/drops']['get']['responses'][200]>['drops'][number];
export type DropDetail = Json<paths['/v1/drops/{dropId}']['get']['responses'][200]>;
export type ScheduleInput = NonNullable<paths['/v1/drops']['post']['requestBody']>['content']['application/json'];
export type EditInput = NonNullable<paths['/v1/drops/{dropId}']['patch']['requestBody']>['content']['application/json'];

export const creatorKeys = {
  products: ['creator', 'products'] as const,
  product: (id: number) => ['creator', 'product', id] as const,
  drops: ['creator', 'drops'] as const,
  drop: (id: number) => ['creator', 'drop', id] as const,
  live: (id: number) => ['creator', 'live', id] as const,
};

export function useMyProducts() {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.products,
    queryFn: async () => unwrap(await api.GET('/v1/me/products', { params: { query: { limit: 100 } } })),
  });
}

export function useProduct(productId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.product(productId ?? 0),
    enabled: productId !== undefined,
    queryFn: async () => unwrap(await api.GET('/v1/products/{productId}', { params: { path: { productId: productId! } } })),
  });
}

export function useSaveProduct(productId: number | undefined) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: ProductInput) => productId === undefined
      ? unwrap(await api.POST('/v1/products', { body: input }))
      : unwrap(await api.PATCH('/v1/products/{productId}', { params: { path: { productId } }, body: input })),
    onSuccess: (product) => {
      qc.setQueryData(creatorKeys.product(product.id), product);
      return qc.invalidateQueries({ queryKey: creatorKeys.products });
    },
  });
}

export function useMyDrops() {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.drops,
    queryFn: async () => unwrap(await api.GET('/v1/me/drops')),
    refetchInterval: 5000, // statuses move by time (scheduled → live → …)
  });
}

export function useDrop(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.drop(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/drops/{dropId}', { params: { path: { dropId } } })),
    refetchInterval: 5000,
  });
}

/** Queue length, units sold and stock left of the creator's own drop, once a second while watched. */
export function useDropLive(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.live(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/drops/{dropId}/live', { params: { path: { dropId } } })),
    refetchInterval: 1000,
  });
}

export function useScheduleDrop() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: ScheduleInput) => unwrap(await api.POST('/v1/drops', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: creatorKeys.drops }),
  });
}

export function useEditDrop(dropId: number) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: EditInput) =>
      unwrap(await api.PATCH('/v1/drops/{dropId}', { params: { path: { dropId } }, body: input })),
    onSuccess: (drop) => {
      qc.setQueryData(creatorKeys.drop(dropId), drop);
      return qc.invalidateQueries({ queryKey: creatorKeys.drops });
    },
  });
}

export function useCancelDrop(dropId: number) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(await api.POST('/v1/drops/{dropId}/cancel', { params: { path: { dropId } }, body: reason ? { reason } : {} })),
    onSuccess: () => Promise.all([
      qc.invalidateQueries({ queryKey: creatorKeys.drop(dropId) }), qc.invalidateQueries({ queryKey: creatorKeys.drops }),
    ]),
  });
}
