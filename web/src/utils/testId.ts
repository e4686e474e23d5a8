/**
 * Adds a `data-test` attribute (the hook of browser tests) to attributes handed to a component
 * as a prop object (e.g. naive-ui's `input-props`), whose types do not declare data-* keys.
 */
export function withTestId<T extends object>(id: string, attrs: T = {} as T): T {
  return { ...attrs, 'data-test': id };
}
