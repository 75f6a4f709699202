import { describe, it, expect } from 'vitest'
import type { OpenAPI3 } from 'openapi-typescript'
import { deriveRules } from './derive-rules.js'
import { modelDefaults, operationRules } from '../src/generated/rules.js'

/** A contract with one model, written as the project's are: ThingCreate is ThingUpdate plus what a create requires. */
const document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingCreate' } } },
        },
        responses: {},
      },
    },
    '/things/{id}': {
      put: {
        operationId: 'updateThing',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingUpdate' } } },
        },
        responses: {},
      },
    },
  },
  components: {
    schemas: {
      ThingCreate: { allOf: [{ $ref: '#/components/schemas/ThingUpdate' }], required: ['name'] },
      ThingUpdate: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 20 },
          code: { type: ['string', 'null'], maxLength: 8, pattern: '^\\S+$' },
          email: { type: ['string', 'null'], format: 'email', maxLength: 255 },
          starts: { type: ['string', 'null'], format: 'date' },
          count: { type: 'integer', exclusiveMinimum: 0, maximum: 120, default: 1 },
          price: { type: ['number', 'string', 'null'], minimum: -9.99, maximum: 9.99 },
          kind: { type: 'string', enum: ['a', 'b'] },
          active: { type: 'boolean', default: true },
          ids: { type: 'array', items: { type: 'integer' } },
          anything: { description: 'accepted and ignored' },
        },
      },
    },
  },
} as unknown as OpenAPI3

describe('deriveRules', () => {
  const text = deriveRules(document, '// header\n')

  it.each([
    ['name', '["required","string",["max",20]]', '["sometimes","required","string",["max",20]]'],
    [
      'code',
      '["string",["max",8],["regex","^\\\\S+$"]]',
      '["string",["max",8],["regex","^\\\\S+$"]]',
    ],
    ['email', '["string","email",["max",255]]', '["string","email",["max",255]]'],
    ['starts', '["date"]', '["date"]'],
    ['count', '["integer",["gt",0],["max",120]]', '["integer",["gt",0],["max",120]]'],
    ['price', '["numeric",["min",-9.99],["max",9.99]]', '["numeric",["min",-9.99],["max",9.99]]'],
    ['kind', '["string",["in",["a","b"]]]', '["string",["in",["a","b"]]]'],
    ['active', '["boolean"]', '["boolean"]'],
    ['ids', '["array"]', '["array"]'],
  ])(
    "derives %s's rules on create and on update (type, format, range, length, pattern, values)",
    (field, create, update) => {
      const [createRules, updateRules] = text.split('  updateThing: {')
      expect(createRules).toContain(`    ${field}: ${create},`)
      expect(updateRules).toContain(`    ${field}: ${update},`)
    },
  )

  it('gives a property without a type no rules, and every model its defaults (null where nullable)', () => {
    expect(text).not.toMatch(/anything:/)
    expect(text).toContain(
      '  Thing: {"code":null,"email":null,"starts":null,"count":1,"price":null,"active":true},',
    )
  })
})

describe('src/generated/rules.ts', () => {
  it("holds the customers' rules and defaults as CustomerCreate.yaml and CustomerUpdate.yaml write them", () => {
    expect(operationRules.createCustomer.name).toEqual(['required', 'string', ['max', 255]])
    expect(operationRules.updateCustomer.name).toEqual([
      'sometimes',
      'required',
      'string',
      ['max', 255],
    ])
    expect(operationRules.updateCustomer.customer_account).toEqual([
      'string',
      ['max', 255],
      ['regex', '^\\S+$'],
    ])
    expect(modelDefaults.Customer).toMatchObject({
      brand_id: 1,
      main_address_country: 'France',
      active: true,
      charge_vat: true,
      representative_id: null,
    })
  })
})
