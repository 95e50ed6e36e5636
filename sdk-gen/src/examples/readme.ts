// The README's examples, compiled with the rest of the SDK so that they cannot drift from the exported names and
// signatures. Each `// #region <name>` ... `// #endregion` block is shown verbatim in sdk-gen/README.md (checked by
// readme.test.ts); the functions around them only supply the inputs a reader would already have.
import { Transaction } from '@mysten/sui/transactions';
import * as sdk from '../index.ts';

/** A committee member that can sign: what a storage node (or a test) holds. */
export interface ExampleSigner {
  nodeId: string;
  secretKey: Uint8Array;
  weight: number;
}

/** Builds a certificate for a registered deletable blob, checks it as the chain will, and certifies the blob. */
export function certifyExample(
  deployment: sdk.Deployment,
  args: { epoch: number; blobId: bigint; blobObjectId: string; signers: readonly ExampleSigner[] },
): { certified: sdk.CertifiedMessage; tx: Transaction } {
  const { epoch, blobId, blobObjectId, signers } = args;
  // #region certificate
  const committee = sdk.createCommittee(
    epoch,
    signers.map(({ nodeId, secretKey, weight }) => ({
      nodeId,
      publicKey: sdk.publicKeyFromSecretKey(secretKey),
      weight,
    })),
  );
  const message = sdk.encodeBlobCertMessage(epoch, {
    blobId,
    persistence: { kind: 'deletable', objectId: blobObjectId },
  });
  const certificate = sdk.buildCertificate(committee, message, signers);
  // Off-chain check, in the chain's order; throws CertificateError('NotEnoughStake' | 'SigVerification' | ...).
  const certified = sdk.verifyCertificate(committee, certificate, 'quorum');
  const tx = sdk.certifyBlob(deployment, { blob: blobObjectId, certificate });
  // #endregion
  return { certified, tx };
}

/** Reads the system state, prices the blob from it and builds the reserve-and-register transaction. */
export async function registerExample(
  client: { core: sdk.ObjectSource },
  deployment: sdk.Deployment,
  args: { rootHash: bigint; size: bigint; payment: string; owner: string },
): Promise<{ quote: sdk.BlobQuote; tx: Transaction }> {
  const { rootHash, size, payment, owner } = args;
  // #region register
  const { inner } = await sdk.readSystem(client.core, deployment); // System + SystemStateInnerV1
  const pricing = sdk.storagePricingOf(inner); // n_shards and both prices of the current epoch

  const quote = sdk.quoteBlob({ rootHash, size, epochsAhead: 5, pricing }); // blob id, encoded size, cost
  const tx = sdk.reserveAndRegisterBlob(deployment, {
    rootHash,
    size,
    epochsAhead: 5,
    deletable: true,
    pricing,
    payment,
    owner,
  });
  // #endregion
  return { quote, tx };
}

/** The three object readers: each fetches one object and decodes it with its generated type. */
export async function readersExample(
  client: { core: sdk.ObjectSource },
  deployment: sdk.Deployment,
  ids: { blobObjectId: string; stakedWalId: string; nodeId: string },
): Promise<{
  blob: sdk.walrus.blob.Blob;
  stakedWal: sdk.walrus.staked_wal.StakedWal;
  pool: sdk.walrus.staking_pool.StakingPool;
}> {
  const { blobObjectId, stakedWalId, nodeId } = ids;
  // #region readers
  const blob = await sdk.readBlob(client.core, deployment, blobObjectId); // blob.blob_id, blob.certified_epoch, ...
  const stakedWal = await sdk.readStakedWal(client.core, deployment, stakedWalId); // principal, node_id, state
  const pool = await sdk.readStakingPool(client.core, deployment, nodeId); // the pool's id is the node id
  // #endregion
  return { blob, stakedWal, pool };
}
