// A customer file row (seeds/002 step 4): whose file it is, who made it, the contract's defaults
// (status 4 "in progress", billing every month) and the timestamps.
import type { Schema } from '../../spec.js'
import { modelDefaults } from '../../generated/rules.js'

type CustomerFile = Schema<'CustomerFile'>
export type FileableType = CustomerFile['fileable_type']

export function buildCustomerFile(
  type: FileableType,
  fileableId: number,
  userId: number,
  now: string,
): Omit<CustomerFile, 'id'> {
  return {
    fileable_type: type,
    fileable_id: fileableId,
    user_id: userId,
    ...modelDefaults.CustomerFile,
    created_at: now,
    updated_at: now,
  }
}
