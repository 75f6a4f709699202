// What passes between the proxy and the checks it runs on each answer: the exchange it forwarded,
// and the findings the checks return (the kit's check-answer.ts has the same shapes).
/** What the checker is told of one exchange: the request as the instance got it, and its answer. */
export type Exchange = {
  method: string
  url: string
  basePath: string
  body?: unknown
  /** The bearer token sent, if any: the checks remember what each user was shown. */
  token?: string
  status: number
  headers: Headers
  text: string
}
/** The judgement of one answer: the kit's check-answer.ts, which the proxy's CLI loads. */
export type CheckAnswer = (
  exchange: Exchange,
) => { severity: 'failure' | 'warning'; message: string }[]
