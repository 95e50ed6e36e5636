// Shapes shared by the generated code and the hand-written layer.
import type { BcsType } from '@mysten/sui/bcs';

/** A type argument of a phantom position: only its name is used (in the BCS type's name). */
export interface PhantomTypeArgument {
  name: string;
}

/** One abort code of a module, as declared in the Move sources. */
export interface MoveErrorInfo {
  name: string;
  /** The constant's doc comment: when the abort fires. */
  doc?: string;
}

export type ErrorTable = Readonly<Record<number, MoveErrorInfo>>;

/** A generated datatype, as listed in the registry. */
export interface GeneratedDatatype {
  /** Package alias: `wal`, `walrus` (resolved through a Deployment) or `std` / `sui` (0x1 / 0x2). */
  pkg: string;
  module: string;
  name: string;
  kind: 'struct' | 'enum';
  abilities: readonly ('copy' | 'drop' | 'store' | 'key')[];
  phantoms: readonly boolean[];
  /** The BCS type for the given type arguments (one per type parameter, phantom ones included). */
  bcs: (typeArgs: readonly (BcsType<any, any> | PhantomTypeArgument)[]) => BcsType<any, any>;
}
