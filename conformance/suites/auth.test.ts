// Authentication: not in the seeds; the official documentation's authentication and utilities
// pages, and Laravel Passport's `auth:api` (research: laravel-bluerocktel §2c).
import { it } from 'vitest'
import { loadDocument } from '../conforms.js'
import { resourceName } from '../config.js'
import { kit, verify, describeResource } from '../suite.js'

const document = loadDocument()
const { only } = kit.config
/** Every operation behind the token, of the resources this run checks. */
const secured = Object.entries(document.paths as Record<string, any>).flatMap(([path, item]) =>
  ['get', 'post', 'put', 'delete']
    .filter((m) => item[m] && (item[m].security ?? document.security).length > 0)
    .filter((m) => !only || only.includes(resourceName(item[m].tags[0])))
    // Beyond the documentation (x-source) only with --beyond-docs.
    .filter((m) => kit.config.beyondDocs || !item[m]['x-source'])
    .map(
      (m) =>
        [item[m].operationId as string, m.toUpperCase(), path.replace(/\{[^}]+\}/g, '1')] as const,
    ),
)

describeResource('auth', 'auth', () => {
  it('GET /version answers without a token', async () => {
    const answer = await kit.get('/version', { token: null })
    verify(answer, 'the official authentication page: GET /version is public').status(200)
  })

  it.runIf(Boolean(process.env.BLUEROCKTEL_EMAIL && process.env.BLUEROCKTEL_PASSWORD))(
    'POST /login answers a token for the given credentials',
    async () => {
      const answer = await kit.post(
        '/login',
        { email: process.env.BLUEROCKTEL_EMAIL, password: process.env.BLUEROCKTEL_PASSWORD },
        { token: null },
      )
      verify(answer, 'POST /login with valid credentials').status(200)
      verify(answer, 'POST /login answers a token').that(
        typeof answer.body.token === 'string',
        `token is ${JSON.stringify(answer.body.token)}`,
      )
    },
  )

  it('POST /login refuses wrong credentials with 401', async () => {
    const answer = await kit.post(
      '/login',
      { email: `${kit.tag('nobody').replace(/\s/g, '-')}@example.invalid`, password: 'wrong' },
      { token: null },
    )
    verify(answer, 'POST /login refuses wrong credentials').status(401)
  })

  it('POST /login answers 422 without credentials', async () => {
    const answer = await kit.post('/login', {}, { token: null })
    verify(answer, 'POST /login validates its input').status(422)
    verify(answer, 'Laravel rule required').that(
      'email' in (answer.body.errors ?? {}),
      `errors has no email: ${JSON.stringify(answer.body.errors)}`,
    )
  })
})

// Every selected resource's operations, whatever `--only` says of auth itself.
describeResource(null, 'auth:api on every operation behind the token', () => {
  it.each(secured)(
    '%s (%s %s) answers 401 Unauthenticated. without a token and with a bad one, before anything else',
    async (_id, method, path) => {
      const body = method === 'POST' || method === 'PUT' ? {} : undefined
      for (const token of [null, 'conformance-not-a-token']) {
        const answer = await kit.request(method, path, { token, body })
        verify(answer, 'auth:api (Laravel Passport) "Auth required: Yes"').status(401)
        verify(answer, 'auth:api (Laravel Passport)').equal('the body', answer.body, {
          message: 'Unauthenticated.',
        })
      }
    },
  )
})
