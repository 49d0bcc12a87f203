import {useMemo} from 'react'
import {useCurrentUser} from 'sanity'
import type {FactChecker, MedicalClaimsOptions} from '../rules/types.ts'

export interface UserRoles {
  /** The signed-in user as a decision records them, or null when signed out. */
  user: FactChecker | null
  roles: string[]
  /** Holds one of `options.factCheckerRoles`. */
  isFactChecker: boolean
  /** Holds one of `options.medicalReviewerRoles` (records medical reviews in their own name). */
  isMedicalReviewer: boolean
  /** Holds one of the fact-checker or credential-verifier roles. */
  isCredentialVerifier: boolean
}

/** The current user's Sanity role names, matched against the plugin's role options. */
export function useUserRoles(options: MedicalClaimsOptions): UserRoles {
  const currentUser = useCurrentUser()
  return useMemo(() => {
    const roles = (currentUser?.roles ?? []).map((role) => role.name).filter((name): name is string => typeof name === 'string')
    const isFactChecker = roles.some((role) => options.factCheckerRoles.includes(role))
    return {
      user: currentUser ? {id: currentUser.id, name: currentUser.name, roles} : null,
      roles,
      isFactChecker,
      isMedicalReviewer: roles.some((role) => options.medicalReviewerRoles.includes(role)),
      isCredentialVerifier: isFactChecker || roles.some((role) => options.credentialVerifierRoles.includes(role)),
    }
  }, [currentUser, options])
}
