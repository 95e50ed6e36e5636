// Test support: the package objects of a walrus deployment as a full node serves them (a `sui.rpc.v2.Object`
// holding a `Package`): type origins for every datatype the SDK generates for `walrus` and `wal`, and the linkage
// to `wal` and the framework. Versions of an upgrade lineage can introduce datatypes of their own.
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { DATATYPES, walrus } from '@open-walrus/sdk';
import type { Checkpoint } from '../checkpoint/codec.ts';

export interface WalrusPackageVersion {
  id: string;
  version: bigint;
  /** `module::Name` of the datatypes this version added (the original adds every other one). */
  introduces?: readonly string[];
}

const IMMUTABLE = 4; // sui.rpc.v2.Owner.OwnerKind.IMMUTABLE
const STD = normalizeSuiAddress('0x1');
const SUI = normalizeSuiAddress('0x2');

const datatypesOf = (pkg: 'walrus' | 'wal') =>
  DATATYPES.filter((d) => d.pkg === pkg).map((d) => ({ module: d.module, name: d.name }));

function packageObject(pkg: GrpcTypes.Package): GrpcTypes.Object {
  return GrpcTypes.Object.create({
    objectId: pkg.storageId,
    version: pkg.version,
    objectType: 'package',
    owner: { kind: IMMUTABLE },
    package: pkg,
  });
}

function link(id: string, version = 1n): GrpcTypes.Linkage {
  return { originalId: id, upgradedId: id, upgradedVersion: version };
}

/** The `wal` package and every version of the walrus lineage (original first), as GetObject returns them. */
export function walrusPackageObjects(options: {
  walPackageId: string;
  lineage: readonly WalrusPackageVersion[];
}): GrpcTypes.Object[] {
  const wal = normalizeSuiAddress(options.walPackageId);
  const lineage = options.lineage.map((v) => ({ ...v, id: normalizeSuiAddress(v.id) }));
  const original = lineage[0]!.id;
  const introducedBy = new Map<string, string>();
  for (const version of lineage.slice(1))
    for (const type of version.introduces ?? []) introducedBy.set(type, version.id);
  const objects = [
    packageObject(
      GrpcTypes.Package.create({
        storageId: wal,
        originalId: wal,
        version: 1n,
        typeOrigins: datatypesOf('wal').map((d) => ({ moduleName: d.module, datatypeName: d.name, packageId: wal })),
        linkage: [link(STD), link(SUI)],
      }),
    ),
  ];
  lineage.forEach((version, index) => {
    const known = new Set(lineage.slice(0, index + 1).map((v) => v.id));
    const typeOrigins = datatypesOf('walrus').flatMap((d) => {
      const origin = introducedBy.get(`${d.module}::${d.name}`) ?? original;
      return known.has(origin) ? [{ moduleName: d.module, datatypeName: d.name, packageId: origin }] : [];
    });
    objects.push(
      packageObject(
        GrpcTypes.Package.create({
          storageId: version.id,
          originalId: original,
          version: version.version,
          typeOrigins,
          linkage: [link(STD), link(SUI), link(wal)],
        }),
      ),
    );
  });
  return objects;
}

/**
 * An object of `checkpoint` (its last version there), as GetObject returns it. For the `System` object,
 * `packageId` re-encodes its `package_id` field with the SDK's type (what an upgrade followed by the migration
 * leaves: the type still from the original package, the field naming the current one).
 */
export function objectOf(checkpoint: Checkpoint, objectId: string, packageId?: string): GrpcTypes.Object {
  const id = normalizeSuiAddress(objectId);
  const versions = (checkpoint.objects?.objects ?? []).filter((o) => normalizeSuiAddress(o.objectId ?? '') === id);
  const object = versions.reduce<GrpcTypes.Object | undefined>(
    (latest, o) => (latest === undefined || (o.version ?? 0n) > (latest.version ?? 0n) ? o : latest),
    undefined,
  );
  if (object === undefined) throw new Error(`checkpoint ${checkpoint.sequenceNumber} holds no object ${objectId}`);
  if (packageId === undefined) return GrpcTypes.Object.clone(object);
  const fields = walrus.system.System.parse(object.contents!.value!);
  const value = walrus.system.System.serialize({ ...fields, package_id: packageId }).toBytes();
  return GrpcTypes.Object.create({ ...object, contents: { name: object.contents!.name, value } });
}
