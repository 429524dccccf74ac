/**
 * The marks Go values carry once they came out of JSON, shared by the template engine and the
 * typed views that feed it (commands/inspect-typed.ts): small, so a view needs no engine loaded.
 */

/** A nil slice or map as a struct field holds it: prints `[]` / `map[]`, encodes as `null`. */
export const NIL_SLICE: unknown[] = Object.freeze([]) as unknown as unknown[];
export const NIL_MAP: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * On a struct: what `json` encodes for some fields instead of what they print as (undefined: the
 * field is left out, as `omitempty` left it out of the daemon's JSON; a time's RFC 3339 text).
 */
export const JSON_FIELDS: unique symbol = Symbol('jsonFields');

/**
 * On a struct the API type holds through a pointer (`*Health`, a network's `*EndpointSettings`):
 * the address `%v` prints for it inside another value. Printed itself, it is the struct.
 */
export const POINTER: unique symbol = Symbol('pointer');

/**
 * On a struct made of embedded structs (an image's Config: the OCI ImageConfig, then Docker's
 * extension): the field names of each part. `%v` prints `{{...} {...}}`; fields are promoted.
 */
export const EMBEDDED: unique symbol = Symbol('embedded');
