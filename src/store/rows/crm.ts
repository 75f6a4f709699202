// Rows of the official SDK's resources (prospects, contacts, notes, phone calls, users): the
// contract's defaults for the columns a row lacks. Rows seeded before these columns existed (the
// seed's prospects, the customers' contacts, the fixture users) keep their bytes, and gain the
// columns in the answer only.
import { modelDefaults } from '../../generated/rules.js'
import type { Schema } from '../../spec.js'

type Prospect = Schema<'Prospect'>
type Contact = Schema<'Contact'>

export const PROSPECT_DEFAULTS = { ...modelDefaults.Prospect, quick_search_index: false }
export const CONTACT_DEFAULTS = { ...modelDefaults.Contact, user_id: null }
export const USER_DEFAULTS = modelDefaults.User
export const NOTE_DEFAULTS = modelDefaults.Note
export const PHONE_CALL_DEFAULTS = modelDefaults.PhoneCall

/** documentation: a prospect's account is "PR" and the zero-padded id. */
export const prospectAccountOf = (id: number) => `PR${String(id).padStart(6, '0')}`

/** A row with every column of its model: the row's own values over the defaults, the id first. */
export const complete = <T extends { id: number }, D extends object>(row: T, defaults: D): D & T =>
  Object.assign({ id: row.id }, defaults, row)

export const toProspect = (row: Prospect) => complete(row, PROSPECT_DEFAULTS)
export const toContactRecord = (row: Contact) => complete(row, CONTACT_DEFAULTS)

/** Phone numbers compare by their last nine digits: `+33 6 12 34 56 78` is `0612345678`. */
export const phoneTail = (phone: string) => phone.replace(/\D/g, '').slice(-9)
