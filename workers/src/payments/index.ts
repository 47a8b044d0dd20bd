export type { PaymentProvider } from './payment-provider';
export { createSandboxPaymentProvider, type SandboxOptions } from './sandbox-payment-provider';
