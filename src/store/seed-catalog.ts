// The catalog part of the seed: taxes, suppliers, families, subfamilies, items and bundles. The
// docs' examples exist: family 3 (Internet Services) with subfamily 12 (Fibre), family 7 (VoIP
// Services), item 42 (the cookbook's "SIP Trunk — 2 channels", seeds/002 step 2) and bundle 7
// (seeds/004's "Starter Pack Fibre", whose sums are 150.00 and 35.82). There are 42 items, so the
// catalog page's create example answers item 43, as the contract's example says.
import type { Faker } from '@faker-js/faker'
import type { Schema } from '../spec.js'
import { toDecimal, toTimestamp } from '../laravel/serialize.js'
import { buildItem } from './rows/items.js'
import type { Rows, LineKind } from './tables.js'

type Tables = { [K in keyof Rows]: Rows[K][] }

const TAXES: [name: string, rate: string][] = [
  ['TVA 20%', '0.2000'],
  ['TVA 10%', '0.1000'],
  ['TVA 5.5%', '0.0550'],
  ['TVA 2.1%', '0.0210'],
  ['Exonéré', '0.0000'],
]
const SUPPLIERS = [
  'Fibre Wholesale SA',
  'Telecom Distribution',
  'Mobile Networks Europe',
  'Cloud Infra SAS',
  'Secure IT',
  'Voice Carrier France',
  'Hardware Direct',
  'Software Licensing Partners',
]
const FAMILIES = [
  'Hardware',
  'Mobile',
  'Internet Services',
  'Hosting',
  'Security',
  'Services',
  'VoIP Services',
  'Software Licences',
]

type Kind = 'hardware' | 'subscription' | 'usage' | 'licence' | 'service'
/** Subfamilies in id order (subfamily 12 is Fibre, of family 3), with the products each holds. */
const SUBFAMILIES: [name: string, familyId: number, kind: Kind, products: string[]][] = [
  ['Handsets', 1, 'hardware', ['IP desk phone', 'DECT handset', 'Conference phone']],
  ['Routers', 1, 'hardware', ['Business router', 'Wi-Fi access point', '4G router']],
  ['Mobile plans', 2, 'usage', ['Mobile plan 20 GB', 'Mobile plan unlimited', 'Mobile plan 5 GB']],
  ['Data SIMs', 2, 'usage', ['Data SIM 50 GB', 'M2M SIM']],
  ['Copper access', 3, 'subscription', ['VDSL2 access', 'SDSL 4 Mbps']],
  ['Wireless access', 3, 'subscription', ['4G backup link', '5G business access']],
  ['Web hosting', 4, 'subscription', ['Shared web hosting', 'Managed WordPress']],
  [
    'Cloud servers',
    4,
    'subscription',
    ['Virtual server S', 'Virtual server M', 'Virtual server L'],
  ],
  ['Firewalls', 5, 'subscription', ['Managed firewall', 'DDoS protection']],
  ['Backup', 5, 'subscription', ['Online backup 100 GB', 'Online backup 1 TB']],
  [
    'Installation',
    6,
    'service',
    ['On-site installation', 'Remote configuration', 'Cabling (per hour)'],
  ],
  [
    'Fibre',
    3,
    'subscription',
    ['Fibre 500 Mbps', 'Dedicated fibre 100 Mbps', 'Fibre installation fee', 'Fibre 2 Gbps'],
  ],
  [
    'SIP trunks',
    7,
    'usage',
    ['SIP Trunk — 10 channels', 'SIP Trunk — 30 channels', 'Phone number (DID)'],
  ],
  ['Hosted PBX', 7, 'licence', ['Hosted PBX extension', 'Call queue', 'Voicemail to e-mail']],
  ['Office licences', 8, 'licence', ['Office suite licence', 'E-mail mailbox']],
  ['Antivirus licences', 8, 'licence', ['Antivirus endpoint', 'Antivirus server']],
]
const BRANDS = ['blue_rock', 'Yealink', 'Cisco', 'Fortinet', 'Microsoft', 'Snom', null]
export const ITEM_COUNT = 42
/** Bundles in id order; bundle 7 is seeds/004's example. */
const BUNDLES = [
  'Starter Pack VoIP',
  'Office Essentials',
  'Mobile Fleet',
  'Secure Office',
  'Hosting Pro',
  'Small Business Fibre',
  'Starter Pack Fibre',
  'Full Telecom Suite',
]

export function seedCatalog(faker: Faker, tables: Tables, day: (n: number) => Date) {
  const stamp = (n: number) => toTimestamp(day(n))
  TAXES.forEach(([name, rate], i) =>
    tables.taxes.push({ id: i + 1, name, rate, created_at: stamp(0), updated_at: stamp(0) }),
  )
  SUPPLIERS.forEach((name, i) =>
    tables.suppliers.push({ id: i + 1, name, created_at: stamp(0), updated_at: stamp(0) }),
  )
  FAMILIES.forEach((name, i) =>
    tables.families.push({ id: i + 1, name, created_at: stamp(1), updated_at: stamp(1) }),
  )
  SUBFAMILIES.forEach(([name, family_id], i) =>
    tables.subfamilies.push({
      id: i + 1,
      family_id,
      name,
      created_at: stamp(2),
      updated_at: stamp(2),
    }),
  )

  const products = SUBFAMILIES.flatMap(([, familyId, kind, names], i) =>
    names.map((description) => ({ description, familyId, subfamilyId: i + 1, kind })),
  )
  for (let id = 1; id <= ITEM_COUNT; id++) {
    if (id === 42) {
      // seeds/002 step 2, as the cookbook created it: family 7, 19.90 a month.
      tables.items.push(
        buildItem(
          {
            description: 'SIP Trunk — 2 channels',
            family_id: 7,
            selling_price_without_tax: '19.90',
          },
          id,
          day(3),
        ),
      )
      continue
    }
    const p = products[id - 1]!
    const price =
      p.kind === 'hardware'
        ? faker.number.int({ min: 30, max: 600 })
        : faker.number.float({ min: 2, max: 250, fractionDigits: 2 })
    const selling = toDecimal(price, 2)
    tables.items.push(
      buildItem(
        {
          description: p.description,
          internal_reference: `${p.description
            .replace(/[^A-Za-z0-9]/g, '')
            .slice(0, 3)
            .toUpperCase()}-${String(id).padStart(4, '0')}`,
          bar_code: p.kind === 'hardware' ? faker.string.numeric(13) : null,
          brand: faker.helpers.arrayElement(BRANDS),
          family_id: p.familyId,
          subfamily_id: p.subfamilyId,
          tax_id: 1,
          supplier_id: faker.number.int({ min: 1, max: SUPPLIERS.length }),
          supplier_reference: faker.string.alphanumeric({ length: 8, casing: 'upper' }),
          buying_price_without_tax: toDecimal(Math.round(Number(selling) * 60) / 100, 2),
          selling_price_without_tax: selling,
          install: p.kind === 'subscription',
          install_selling_price_without_tax:
            p.kind === 'subscription' ? toDecimal(faker.number.int({ min: 0, max: 300 }), 2) : null,
          billing_frequency: p.kind === 'licence' ? faker.helpers.arrayElement([1, 12]) : 1,
          active: id % 10 !== 5, // a few items are withdrawn from the catalog
          active_for_initial_billing:
            p.kind === 'hardware' || p.kind === 'service' || p.description.includes('fee'),
          active_for_recurring_billing: p.kind !== 'hardware' && p.kind !== 'service',
          active_for_store: p.kind === 'hardware',
          has_consumptions: p.kind === 'usage',
          has_stock: p.kind === 'hardware',
          quantity: p.kind === 'hardware' ? faker.number.int({ min: 0, max: 200 }) : null,
          alert_stock: p.kind === 'hardware' ? 10 : null,
          security_stock: p.kind === 'hardware' ? 5 : null,
          replenishment_lead_time:
            p.kind === 'hardware' ? `${faker.number.int({ min: 2, max: 15 })} days` : null,
        },
        id,
        day(3 + (id % 7)),
      ),
    )
  }

  const stamped = { created_at: stamp(12), updated_at: stamp(12) }
  BUNDLES.forEach((name, i) =>
    tables.bundles.push({
      id: i + 1,
      name,
      description: null,
      active: i !== 4,
      user_id: 1,
      ...stamped,
    }),
  )
  const line = (
    bundle_id: number,
    kind: LineKind,
    item_id: number,
    quantity: number,
    price: string | null,
    discount: string | null,
  ): Schema<'BundleInitialItem'> & { id: number; kind: LineKind } => ({
    id: tables.bundle_lines.length + 1,
    kind,
    bundle_id,
    item_id,
    quantity: toDecimal(quantity, 2),
    selling_price_without_tax: price,
    discount_rate: discount,
    ...stamped,
  })
  const fibreFee = tables.items.find((i) => i.description === 'Fibre installation fee')!.id
  for (const bundle of tables.bundles) {
    if (bundle.id === 7) {
      // seeds/004's example: 1 × 150.00 one-time, and 2 × item 42 at 19.90 less 10% a month (35.82).
      tables.bundle_lines.push(line(7, 'initial', fibreFee, 1, '150.00', null))
      tables.bundle_lines.push(line(7, 'recurring', 42, 2, null, '0.1000'))
      continue
    }
    const active = tables.items.filter((i) => i.active && i.id !== 42)
    for (const kind of ['initial', 'licence', 'recurring'] as const) {
      const candidates = active.filter((i) =>
        kind === 'initial' ? i.active_for_initial_billing : i.active_for_recurring_billing,
      )
      for (const item of faker.helpers.arrayElements(candidates, { min: 0, max: 2 }))
        tables.bundle_lines.push(
          line(
            bundle.id,
            kind,
            item.id,
            faker.number.int({ min: 1, max: 5 }),
            faker.datatype.boolean() ? null : item.selling_price_without_tax,
            faker.helpers.arrayElement([null, '0.0500', '0.1000']),
          ),
        )
    }
  }
}
