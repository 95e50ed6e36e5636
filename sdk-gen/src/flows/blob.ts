// The blob flows users do most, each building one transaction from the generated call builders:
// reserve space and register, certify, extend, delete, set or remove attributes, share and fund.
import { Transaction } from '@mysten/sui/transactions';
import type { Certificate } from '../certificates/certificate.ts';
import { deriveBlobId, ENCODING_TYPE_RS2, encodedBlobLength, storageUnits } from '../certificates/blob-id.ts';
import { currentWalrusPackageId, type Deployment } from '../deployment.ts';
import { blob, shared_blob, system } from '../generated/walrus/index.ts';
import type { SystemStateInnerV1 } from '../generated/walrus/system_state_inner.ts';
import type { ObjectInput } from '../runtime/move-call.ts';
import { walCoinOf, type WalPayment } from './payment.ts';

/** The parts of the system state that price and size a registration (see `readSystem`). */
export interface StoragePricing {
  nShards: number;
  /** FROST per storage unit (1 MiB of encoded size) per epoch. */
  storagePricePerUnitSize: bigint;
  /** FROST per storage unit, once, at registration. */
  writePricePerUnitSize: bigint;
}

/**
 * The pricing of the current epoch from the decoded `SystemStateInnerV1` (`readSystem(...).inner`): the shard
 * count of the current committee and the two per-unit prices, decoded u64 strings turned into bigints.
 */
export function storagePricingOf(
  inner: Pick<SystemStateInnerV1, 'committee' | 'storage_price_per_unit_size' | 'write_price_per_unit_size'>,
): StoragePricing {
  const nShards = inner.committee.n_shards;
  if (!Number.isInteger(nShards) || nShards <= 0) {
    throw new RangeError(
      `the system's committee has ${nShards} shards; a blob cannot be priced before a committee is set`,
    );
  }
  return {
    nShards,
    storagePricePerUnitSize: BigInt(inner.storage_price_per_unit_size),
    writePricePerUnitSize: BigInt(inner.write_price_per_unit_size),
  };
}

export interface BlobQuote {
  blobId: bigint;
  /** Encoded size on the current committee: what is reserved and what the write fee is charged on. */
  encodedSize: bigint;
  storageCost: bigint;
  writeCost: bigint;
  totalCost: bigint;
}

/** Blob id, encoded size and cost of storing an unencoded blob of `size` bytes for `epochsAhead` epochs. */
export function quoteBlob(args: {
  rootHash: bigint;
  size: bigint;
  epochsAhead: number;
  pricing: StoragePricing;
  encodingType?: number;
}): BlobQuote {
  if (!Number.isInteger(args.epochsAhead) || args.epochsAhead <= 0) {
    throw new RangeError(`epochsAhead must be a positive integer, got ${args.epochsAhead}`);
  }
  const encodingType = args.encodingType ?? ENCODING_TYPE_RS2;
  const encodedSize = encodedBlobLength(args.size, args.pricing.nShards);
  const units = storageUnits(encodedSize);
  const storageCost = units * args.pricing.storagePricePerUnitSize * BigInt(args.epochsAhead);
  const writeCost = units * args.pricing.writePricePerUnitSize;
  return {
    blobId: deriveBlobId(args.rootHash, encodingType, args.size),
    encodedSize,
    storageCost,
    writeCost,
    totalCost: storageCost + writeCost,
  };
}

export interface RegisterBlobArgs {
  /** Merkle root over the sliver-pair metadata, computed by the encoder. */
  rootHash: bigint;
  /** Unencoded size in bytes. */
  size: bigint;
  epochsAhead: number;
  deletable: boolean;
  pricing: StoragePricing;
  /** WAL paying for storage and the write fee (both are split from it on chain). */
  payment: ObjectInput;
  /** Receives the new `Blob`. */
  owner: string;
  encodingType?: number;
}

/** Reserves storage for the blob's encoded size and registers the blob on it; the `Blob` goes to `owner`. */
export function reserveAndRegisterBlob(
  deployment: Deployment,
  args: RegisterBlobArgs,
  tx = new Transaction(),
): Transaction {
  const encodingType = args.encodingType ?? ENCODING_TYPE_RS2;
  const quote = quoteBlob({ ...args, encodingType });
  const pkg = currentWalrusPackageId(deployment);
  const storage = tx.add(
    system.reserveSpace({
      package: pkg,
      arguments: {
        self: deployment.systemObjectId,
        storageAmount: quote.encodedSize,
        epochsAhead: args.epochsAhead,
        payment: args.payment,
      },
    }),
  );
  const registered = tx.add(
    system.registerBlob({
      package: pkg,
      arguments: {
        self: deployment.systemObjectId,
        storage,
        blobId: quote.blobId,
        rootHash: args.rootHash,
        size: args.size,
        encodingType,
        deletable: args.deletable,
        writePayment: args.payment,
      },
    }),
  );
  tx.transferObjects([registered], args.owner);
  return tx;
}

/** Certifies a registered blob with a storage-node certificate (see certificates/). */
export function certifyBlob(
  deployment: Deployment,
  args: { blob: ObjectInput; certificate: Certificate },
  tx = new Transaction(),
): Transaction {
  tx.add(
    system.certifyBlob({
      package: currentWalrusPackageId(deployment),
      arguments: {
        self: deployment.systemObjectId,
        blob: args.blob,
        signature: args.certificate.signature,
        signersBitmap: args.certificate.signersBitmap,
        message: args.certificate.message,
      },
    }),
  );
  return tx;
}

/** Extends a blob's lifetime by `extendedEpochs`, paying from `payment`. */
export function extendBlob(
  deployment: Deployment,
  args: { blob: ObjectInput; extendedEpochs: number; payment: ObjectInput },
  tx = new Transaction(),
): Transaction {
  tx.add(
    system.extendBlob({
      package: currentWalrusPackageId(deployment),
      arguments: {
        self: deployment.systemObjectId,
        blob: args.blob,
        extendedEpochs: args.extendedEpochs,
        payment: args.payment,
      },
    }),
  );
  return tx;
}

/** Deletes a deletable blob; the freed `Storage` goes to `owner` for reuse. */
export function deleteBlob(
  deployment: Deployment,
  args: { blob: ObjectInput; owner: string },
  tx = new Transaction(),
): Transaction {
  const storage = tx.add(
    system.deleteBlob({
      package: currentWalrusPackageId(deployment),
      arguments: { self: deployment.systemObjectId, blob: args.blob },
    }),
  );
  tx.transferObjects([storage], args.owner);
  return tx;
}

/** Sets attributes (metadata pairs) on a blob, creating its metadata when it has none. */
export function setBlobAttributes(
  deployment: Deployment,
  args: { blob: ObjectInput; attributes: Readonly<Record<string, string>> },
  tx = new Transaction(),
): Transaction {
  const entries = Object.entries(args.attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) throw new RangeError('setBlobAttributes: no attributes given');
  const blobArg = typeof args.blob === 'string' ? tx.object(args.blob) : args.blob;
  for (const [key, value] of entries) {
    tx.add(
      blob.insertOrUpdateMetadataPair({
        package: currentWalrusPackageId(deployment),
        arguments: { self: blobArg, key, value },
      }),
    );
  }
  return tx;
}

/** Removes attributes from a blob; keys it does not have are ignored. */
export function removeBlobAttributes(
  deployment: Deployment,
  args: { blob: ObjectInput; keys: readonly string[] },
  tx = new Transaction(),
): Transaction {
  if (args.keys.length === 0) throw new RangeError('removeBlobAttributes: no keys given');
  const blobArg = typeof args.blob === 'string' ? tx.object(args.blob) : args.blob;
  for (const key of args.keys) {
    tx.add(
      blob.removeMetadataPairIfExists({
        package: currentWalrusPackageId(deployment),
        arguments: { self: blobArg, key },
      }),
    );
  }
  return tx;
}

/** Wraps an owned blob into a shared `SharedBlob`, optionally funded with WAL for future extensions. */
export function shareBlob(
  deployment: Deployment,
  args: { blob: ObjectInput; funds?: WalPayment },
  tx = new Transaction(),
): Transaction {
  const pkg = currentWalrusPackageId(deployment);
  if (args.funds === undefined) tx.add(shared_blob._new({ package: pkg, arguments: { blob: args.blob } }));
  else
    tx.add(shared_blob.newFunded({ package: pkg, arguments: { blob: args.blob, funds: walCoinOf(tx, args.funds) } }));
  return tx;
}

/** Adds WAL to a shared blob's extension funds. */
export function fundSharedBlob(
  deployment: Deployment,
  args: { sharedBlob: ObjectInput; funds: WalPayment },
  tx = new Transaction(),
): Transaction {
  tx.add(
    shared_blob.fund({
      package: currentWalrusPackageId(deployment),
      arguments: { self: args.sharedBlob, addedFunds: walCoinOf(tx, args.funds) },
    }),
  );
  return tx;
}
