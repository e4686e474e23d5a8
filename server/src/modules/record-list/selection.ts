import {
  type FieldNode,
  type FragmentSpreadNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  type InlineFragmentNode,
  type SelectionSetNode,
  getDirectiveValues,
} from 'graphql';

/**
 * The fields a query selects under a path of a connection (e.g. edges → node), fragments
 * and inline fragments included, so the list query computes exactly what the page shows.
 * A field dropped by @include(if: false) or @skip(if: true) is not computed: a page shows
 * optional columns that way.
 */
export type Selection = Map<string, Selection>;

function included(info: GraphQLResolveInfo, node: FieldNode | FragmentSpreadNode | InlineFragmentNode): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function collect(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, into: Selection): void {
  if (!set) return;
  for (const s of set.selections) {
    if (!included(info, s)) continue;
    if (s.kind === 'Field') {
      const child = into.get(s.name.value) ?? new Map();
      collect(info, s.selectionSet, child);
      into.set(s.name.value, child);
    } else if (s.kind === 'InlineFragment') {
      collect(info, s.selectionSet, into);
    } else {
      collect(info, info.fragments[s.name.value]?.selectionSet, into);
    }
  }
}

/** The selection of the resolved field itself. */
export function selectionOf(info: GraphQLResolveInfo): Selection {
  const root: Selection = new Map();
  for (const node of info.fieldNodes as readonly FieldNode[]) collect(info, node.selectionSet, root);
  return root;
}

/** The sub-selection at a path (empty when not selected). */
export function at(selection: Selection, ...path: string[]): Selection {
  let current: Selection | undefined = selection;
  for (const name of path) current = current?.get(name);
  return current ?? new Map();
}
