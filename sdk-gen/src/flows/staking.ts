// Staking flows, each building one transaction: stake WAL with a node, request withdrawal, withdraw,
// register a storage node, and vote on prices and capacity.
import { Transaction } from '@mysten/sui/transactions';
import { currentWalrusPackageId, type Deployment } from '../deployment.ts';
import { node_metadata, staking } from '../generated/walrus/index.ts';
import type { ObjectInput } from '../runtime/move-call.ts';
import { walCoinOf, type WalPayment } from './payment.ts';

/** Stakes WAL with the pool of `nodeId`; the new `StakedWal` goes to `owner`. */
export function stakeWithNode(
  deployment: Deployment,
  args: { nodeId: string; stake: WalPayment; owner: string },
  tx = new Transaction(),
): Transaction {
  const staked = tx.add(
    staking.stakeWithPool({
      package: currentWalrusPackageId(deployment),
      arguments: { staking: deployment.stakingObjectId, toStake: walCoinOf(tx, args.stake), nodeId: args.nodeId },
    }),
  );
  tx.transferObjects([staked], args.owner);
  return tx;
}

/** Asks to withdraw a `StakedWal`; the WAL can be withdrawn once the withdrawal epoch is reached. */
export function requestWithdrawal(
  deployment: Deployment,
  args: { stakedWal: ObjectInput },
  tx = new Transaction(),
): Transaction {
  tx.add(
    staking.requestWithdrawStake({
      package: currentWalrusPackageId(deployment),
      arguments: { staking: deployment.stakingObjectId, stakedWal: args.stakedWal },
    }),
  );
  return tx;
}

/** Withdraws a `StakedWal` (principal and rewards); the WAL coin goes to `owner`. */
export function withdrawStake(
  deployment: Deployment,
  args: { stakedWal: ObjectInput; owner: string },
  tx = new Transaction(),
): Transaction {
  const coin = tx.add(
    staking.withdrawStake({
      package: currentWalrusPackageId(deployment),
      arguments: { staking: deployment.stakingObjectId, stakedWal: args.stakedWal },
    }),
  );
  tx.transferObjects([coin], args.owner);
  return tx;
}

export interface RegisterNodeArgs {
  name: string;
  networkAddress: string;
  metadata: { imageUrl: string; projectUrl: string; description: string };
  /** BLS12-381 public key, 48 bytes compressed. */
  publicKey: Uint8Array;
  /** Ed25519 network key, 33 bytes with its flag. */
  networkPublicKey: Uint8Array;
  /** Proof of possession of the BLS key for this epoch and sender (see certificates/). */
  proofOfPossession: Uint8Array;
  /** Basis points (10 000 = 100%). */
  commissionRate: number;
  storagePrice: bigint;
  writePrice: bigint;
  nodeCapacity: bigint;
  /** Receives the `StorageNodeCap`. */
  owner: string;
}

/** Registers a storage-node candidate (a new staking pool); the `StorageNodeCap` goes to `owner`. */
export function registerNode(deployment: Deployment, args: RegisterNodeArgs, tx = new Transaction()): Transaction {
  const pkg = currentWalrusPackageId(deployment);
  const metadata = tx.add(node_metadata._new({ package: pkg, arguments: args.metadata }));
  const cap = tx.add(
    staking.registerCandidate({
      package: pkg,
      arguments: {
        staking: deployment.stakingObjectId,
        name: args.name,
        networkAddress: args.networkAddress,
        metadata,
        publicKey: args.publicKey,
        networkPublicKey: args.networkPublicKey,
        proofOfPossession: args.proofOfPossession,
        commissionRate: args.commissionRate,
        storagePrice: args.storagePrice,
        writePrice: args.writePrice,
        nodeCapacity: args.nodeCapacity,
      },
    }),
  );
  tx.transferObjects([cap], args.owner);
  return tx;
}

/** Casts a node's votes for the next epoch: any of storage price, write price and capacity. */
export function voteAsNode(
  deployment: Deployment,
  args: { cap: ObjectInput; storagePrice?: bigint; writePrice?: bigint; nodeCapacity?: bigint },
  tx = new Transaction(),
): Transaction {
  const pkg = currentWalrusPackageId(deployment);
  const self = deployment.stakingObjectId;
  const cap = typeof args.cap === 'string' ? tx.object(args.cap) : args.cap;
  if (args.storagePrice === undefined && args.writePrice === undefined && args.nodeCapacity === undefined) {
    throw new RangeError('voteAsNode: give at least one of storagePrice, writePrice, nodeCapacity');
  }
  if (args.storagePrice !== undefined) {
    tx.add(staking.setStoragePriceVote({ package: pkg, arguments: { self, cap, storagePrice: args.storagePrice } }));
  }
  if (args.writePrice !== undefined) {
    tx.add(staking.setWritePriceVote({ package: pkg, arguments: { self, cap, writePrice: args.writePrice } }));
  }
  if (args.nodeCapacity !== undefined) {
    tx.add(staking.setNodeCapacityVote({ package: pkg, arguments: { self, cap, nodeCapacity: args.nodeCapacity } }));
  }
  return tx;
}
