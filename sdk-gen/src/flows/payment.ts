// WAL handed to a Move function by value: a whole coin, or an exact amount split from one.
import type { Transaction, TransactionObjectArgument } from '@mysten/sui/transactions';
import type { ObjectInput } from '../runtime/move-call.ts';

/** A whole `Coin<WAL>` (id or argument), or `{ coin, amount }` to split `amount` FROST from `coin` first. */
export type WalPayment = ObjectInput | { coin: ObjectInput; amount: bigint };

function isSplit(payment: WalPayment): payment is { coin: ObjectInput; amount: bigint } {
  return typeof payment === 'object' && payment !== null && 'coin' in payment && 'amount' in payment;
}

/** The coin argument for `payment`, adding a split command when an amount is given. */
export function walCoinOf(tx: Transaction, payment: WalPayment): ObjectInput {
  if (!isSplit(payment)) return payment;
  if (payment.amount <= 0n) throw new RangeError(`WAL amount must be positive, got ${payment.amount}`);
  const [coin] = tx.splitCoins(payment.coin, [payment.amount]);
  return coin as TransactionObjectArgument;
}
