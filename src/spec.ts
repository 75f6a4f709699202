// The one type-level bridge between the generated types of the contract and the handlers. A
// handler is registered under its spec path (http/routes.ts) and answers only through
// `respond(status, body)`, so an undocumented status, or a body the schema does not allow, does
// not compile. Types only: no bytes, no Hono at run time.
import type { Context } from 'hono'
import type { components, paths } from './generated/openapi.js'

export type Schema<N extends keyof components['schemas']> = components['schemas'][N]

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
export type Operation = { responses: Record<number, unknown> }
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends Operation ? P : never
}[keyof paths]
type OperationAt<P extends keyof paths, M extends Method> = Extract<paths[P][M], Operation>

declare const checked: unique symbol
/** An answer already checked against the spec; only `respond` makes one. */
export type Reply<Op extends Operation> = { status: number; body: unknown; [checked]: Op }
export type Respond<Op extends Operation> = <S extends keyof Op['responses'] & number>(
  status: S,
  ...body: [JsonOf<Op['responses'][S]>] extends [never] ? [] : [JsonOf<Op['responses'][S]>]
) => Reply<Op>
// Indexing a mapped type (rather than a generic parameter) keeps literal statuses and contextual typing.
export type Handlers<M extends Method> = {
  [P in PathsWith<M>]: (
    c: Context,
    respond: Respond<OperationAt<P, M>>,
  ) => Reply<OperationAt<P, M>> | Promise<Reply<OperationAt<P, M>>>
}
