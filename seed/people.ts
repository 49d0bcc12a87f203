/**
 * The users the local Content Lake creates on its first start. Pure data: the lake maps `role` to
 * its grants; `p-dana` is the fact-checker who signed off the seed's fact-check approvals and
 * recorded its medical reviews; `p-sam` records medical reviews as a medical reviewer; `p-site` is
 * the read-only user `npm run site` reads the lake as.
 */
export type LocalRole = 'administrator' | 'editor' | 'fact-checker' | 'medical-reviewer' | 'viewer'

export interface LocalUser {
  id: string
  name: string
  email: string
  role: LocalRole
}

export const LOCAL_USERS: ReadonlyArray<LocalUser> = [
  {id: 'p-morgan', name: 'Morgan Reyes', email: 'morgan.reyes@example.com', role: 'administrator'},
  {id: 'p-priya', name: 'Priya Natarajan', email: 'priya.natarajan@example.com', role: 'editor'},
  {id: 'p-tom', name: 'Tom Becker', email: 'tom.becker@example.com', role: 'editor'},
  {id: 'p-dana', name: 'Dana Whitfield', email: 'dana.whitfield@example.com', role: 'fact-checker'},
  {id: 'p-sam', name: 'Sam Adeyemi', email: 'sam.adeyemi@example.com', role: 'medical-reviewer'},
  {id: 'p-site', name: 'Reference site', email: 'site@example.com', role: 'viewer'},
]
