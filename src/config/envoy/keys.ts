/**
 * The proto3 JSON mapping lets Envoy read a field as `lowerCamelCase` or as its original proto
 * name, so `connectTimeout` and `connect_timeout` are the same field. We normalise to the proto
 * name. Only identifier-shaped keys are touched: map keys such as `envoy.lb` (metadata filter
 * names), `@type` or header names are data, not field names, and stay as written.
 */
export function snakeKey(key: string): string {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(key) || !/[A-Z]|\dxx/.test(key)) return key;
  return (
    key
      .replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
      // proto `consecutive_5xx` has lowerCamel `consecutive5xx`: a naive conversion loses the `_`.
      .replace(/([a-z])(\d+xx)(?=_|$)/g, '$1_$2')
  );
}
