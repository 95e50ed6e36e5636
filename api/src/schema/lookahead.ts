// Looking ahead into the selection of the field being resolved, so a resolver can read what its children will ask
// for in the same statement.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields selected directly in `sets`, through fragments. Directives are not evaluated: a field under `@skip`
 * counts as selected, which costs at most a read nobody uses, never a wrong answer.
 */
export function fieldsIn(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        walk(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return fields;
}

/**
 * The field nodes whose value is an item of the connection being resolved: its `nodes { ... }` and
 * `edges { node { ... } }`, fragments included.
 */
export function connectionItemFields(info: GraphQLResolveInfo): FieldNode[] {
  const connection = fieldsIn(
    info.fieldNodes.map((n) => n.selectionSet),
    info,
  );
  const edges = fieldsIn(
    connection.filter((f) => f.name.value === 'edges').map((f) => f.selectionSet),
    info,
  );
  return [...connection.filter((f) => f.name.value === 'nodes'), ...edges.filter((f) => f.name.value === 'node')];
}
