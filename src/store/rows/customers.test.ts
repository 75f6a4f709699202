import { describe, it, expect } from 'vitest'
import type { Schema } from '../../spec.js'
import { createSeedState } from '../seed.js'
import { buildCustomer } from './customers.js'

describe('buildVolumeCustomer', () => {
  it('builds each customer past 150 as buildCustomer does from the columns it draws: same columns, same order', () => {
    const { tables } = createSeedState(42, { sizes: { customers: 400 } })
    for (const row of tables.customers.slice(150)) {
      const drawn = Object.fromEntries(
        Object.entries(row).filter(([key]) => VOLUME_DRAWN.includes(key)),
      ) as Schema<'Customer'>
      expect(JSON.stringify(buildCustomer(drawn, row.id, new Date(row.created_at)))).toBe(
        JSON.stringify(row),
      )
    }
  })
})

/** The columns a customer past 150 draws (seed-customers.ts); the others are buildCustomer's defaults. */
const VOLUME_DRAWN = [
  'name',
  'representative_id',
  'registration_number',
  'tax_registration_number',
  'type',
  'capital',
  'activity_code',
  'email_address',
  'account_email_address',
  'phone',
  'mobile_phone',
  'main_contact_first_name',
  'main_contact_last_name',
  'main_address_line1',
  'main_address_postal_code',
  'main_address_city',
  'website',
  'active',
  'vip',
  'on_call_duty',
  'charge_vat',
]
