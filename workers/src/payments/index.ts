export type {
  ChargeRequest, ChargeResult, PaymentProvider, PaymentStatus, RefundResult, RefundTarget,
} from './payment-provider';
export { createSandboxPaymentProvider, VOIDED_DECLINE_CODE, type SandboxOptions } from './sandbox-payment-provider';
