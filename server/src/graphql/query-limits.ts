import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../config/env';

/**
 * The limits against abusive GraphQL documents (GraphQL Armor's cost, depth, aliases and
 * directives rules, graphql-js's token limit), and the one error every refusal becomes:
 * QUERY_TOO_COMPLEX naming the limit and its maximum, never Armor's "Syntax Error: …" text.
 */

export type QueryLimit = 'cost' | 'depth' | 'aliases' | 'directives' | 'tokens';

/** Tokens of one document (graphql-js counts names, punctuators and values). */
export const MAX_TOKENS = 5000;
export const MAX_DIRECTIVES = 50;

/** A document refused by one of the limits; presentError (errors.ts) turns it into QUERY_TOO_COMPLEX. */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limit: QueryLimit,
    readonly max: number,
  ) {
    super(`Query over the ${limit} limit (${max}).`, { extensions: { limit, max } });
    this.name = 'QueryLimitError';
  }
}

/** Armor hands each refusal to its onReject handlers; ours reports our own error instead of its text. */
function refuse(limit: QueryLimit, max: number) {
  return (ctx: ValidationContext | null) => ctx?.reportError(new QueryLimitError(limit, max));
}

/**
 * The validation rules, Apollo plugins and parse options of the limits. `onCost` sees every
 * accepted operation's cost (the test of the web client's documents reads it).
 */
export function queryLimits(
  cfg: Pick<Config, 'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_ALIASES' | 'GRAPHQL_MAX_COST' | 'NODE_ENV'>,
  onCost?: (cost: number) => void,
) {
  const s = {
    maxDepth: cfg.GRAPHQL_MAX_DEPTH,
    maxAliases: cfg.GRAPHQL_MAX_ALIASES,
    maxCost: cfg.GRAPHQL_MAX_COST,
    maxDirectives: MAX_DIRECTIVES,
    maxTokens: MAX_TOKENS,
  };
  const common = { propagateOnRejection: false, exposeLimits: false } as const;
  const armor = new ApolloArmor({
    maxDepth: { n: s.maxDepth, ...common, onReject: [refuse('depth', s.maxDepth)] },
    maxAliases: { n: s.maxAliases, ...common, onReject: [refuse('aliases', s.maxAliases)] },
    costLimit: {
      maxCost: s.maxCost,
      // A named fragment costs what its fields cost where it is spread. Armor's default counts
      // every spread as one more nesting level (×1.5 for the spread, ×1.5 again for the
      // fragment's own selection), so the finance connections written once as a shared fragment
      // cost 4.3 times their fields. Each spread is still charged in full (a second spread of a
      // fragment even 1.5 times its cost), so fragments spread many times over stay refused.
      flattenFragments: true,
      ...common,
      onReject: [refuse('cost', s.maxCost)],
      onAccept: onCost ? [(_ctx: ValidationContext | null, { n }: { n: number }) => onCost(n)] : [],
    },
    maxDirectives: { n: s.maxDirectives, ...common, onReject: [refuse('directives', s.maxDirectives)] },
    // Armor's token limit throws from a plugin's parsingDidStart, which Apollo answers with a
    // 500; graphql-js's own parse option (parseOptions below) refuses as a syntax error instead.
    maxTokens: { enabled: false },
    // Field suggestions would let anyone map the schema when introspection is off.
    blockFieldSuggestion: { enabled: cfg.NODE_ENV === 'production' },
  }).protect();
  return {
    validationRules: armor.validationRules as ValidationRule[],
    plugins: armor.plugins,
    parseOptions: { maxTokens: s.maxTokens },
  };
}

/**
 * graphql-js's refusal of a document over `parseOptions.maxTokens` (graphql/language/parser;
 * 16.x writes "more that", a later release may fix the typo). It carries no code of its own.
 */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/** The limit an error of Apollo's parse or validation stages comes from, if any. */
export function queryLimitOf(err: GraphQLError): { limit: QueryLimit; max: number } | undefined {
  const original = err.originalError;
  if (original instanceof QueryLimitError) return { limit: original.limit, max: original.max };
  const tokens = TOO_MANY_TOKENS.exec(err.message);
  if (tokens && err.extensions.code === 'GRAPHQL_PARSE_FAILED') return { limit: 'tokens', max: Number(tokens[1]) };
  return undefined;
}
