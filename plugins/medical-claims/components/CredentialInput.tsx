import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {CloseCircleIcon} from '@sanity/icons/CloseCircle'
import {Badge, Button, Card, Flex, Stack, Text, TextArea} from '@sanity/ui'
import {useState, type ChangeEvent} from 'react'
import {set, setIfMissing, unset, useFormValue, type InputProps, type ObjectInputProps, type ObjectSchemaType, type SchemaType} from 'sanity'
import {CREDENTIAL_TYPE} from '../rules/constants.ts'
import {useUserRoles} from '../hooks/useUserRoles.ts'
import {daysFrom, REVERIFY_WITHIN_DAYS, verificationDueOn} from '../reverification.ts'
import {credentialFingerprint} from '../rules/fingerprints.ts'
import {getPublishedId} from '../rules/ids.ts'
import {credentialStanding, utcDay} from '../rules/policy.ts'
import type {Credential, CredentialStanding, MedicalClaimsOptions} from '../rules/types.ts'
import {ActionDialogHost} from './ActionDialogHost.tsx'
import {isArticleBodyInput, LiveBodyInput} from './LiveBodyInput.tsx'
import {STANDING_DISPLAY, verificationLine} from './display.ts'

/** Whether a schema type is, or extends, the named type. */
export function isSchemaType(schemaType: SchemaType | undefined, name: string): boolean {
  let type: SchemaType | undefined = schemaType
  while (type) {
    if (type.name === name) return true
    type = type.type
  }
  return false
}

const VERIFICATION_FIELDS = ['status', 'verifiedBy', 'verifiedAt', 'evidence']

/** The verification object inside a credential (by its fields, as the data contract defines it). */
export function isVerificationInput(props: InputProps): boolean {
  const last = props.path[props.path.length - 1]
  if (last !== 'verification' || props.schemaType.jsonType !== 'object') return false
  const fields = (props.schemaType as ObjectSchemaType).fields?.map((field) => field.name) ?? []
  return VERIFICATION_FIELDS.every((name) => fields.includes(name))
}

type Mode = 'idle' | 'verify' | 'revoke'

/**
 * When a verified credential has to be verified again: the day its verification lapsed (it is due
 * now), or the day it lapses when that is within REVERIFY_WITHIN_DAYS (as the fact-check queue's
 * "Re-verify credentials" list says).
 */
function dueNote(credential: Credential, standing: CredentialStanding, options: MedicalClaimsOptions, today: string): string | null {
  if (standing !== 'verificationDue' && standing !== 'valid') return null
  const dueOn = verificationDueOn(credential, options)
  if (standing === 'verificationDue') {
    return dueOn
      ? `Its verification lapsed on ${dueOn}: check the register and verify it again, with the evidence.`
      : 'Its verification has no date, so it does not count: check the register and verify it again, with the evidence.'
  }
  if (!dueOn) return null
  const days = daysFrom(today, dueOn)
  return days <= REVERIFY_WITHIN_DAYS ? `Due for verification again on ${dueOn}, in ${days === 1 ? '1 day' : `${days} days`}.` : null
}

/**
 * The credential input with a verification bar: fact-checkers and credential verifiers mark the
 * credential verified (with the evidence) or revoke it; everybody sees its standing today. A
 * verification is pinned to the credential and the expert's name as they were verified
 * (`credentialFingerprint`); after either is edited the credential stands as changed until it is
 * verified again.
 */
export function CredentialInput(props: ObjectInputProps & {pluginOptions: MedicalClaimsOptions}) {
  const {pluginOptions, ...inputProps} = props
  const {isCredentialVerifier, user} = useUserRoles(pluginOptions)
  const [mode, setMode] = useState<Mode>('idle')
  const [text, setText] = useState('')
  const credential = (inputProps.value ?? {}) as Credential
  const holderName = useFormValue(['name'])
  const holder = {name: typeof holderName === 'string' ? holderName : undefined}
  const now = new Date()
  // The project's own intervals (reverifyAfterDays, per issuer): the same standing the rules give.
  const standing = credentialStanding(credential, now, holder, pluginOptions)
  const verification = credential.verification
  const due = dueNote(credential, standing, pluginOptions, utcDay(now))
  const verificationType = inputProps.schemaType.fields.find((field) => field.name === 'verification')?.type.name

  const record = (status: 'verified' | 'revoked') => {
    if (!user) return
    const who = user.name ? `${user.name} (${user.id})` : user.id
    const fingerprint = status === 'verified' ? credentialFingerprint(holder.name, credential) : null
    inputProps.onChange([
      setIfMissing(verificationType && verificationType !== 'object' ? {_type: verificationType} : {}, ['verification']),
      set(status, ['verification', 'status']),
      set(who, ['verification', 'verifiedBy']),
      set(new Date().toISOString(), ['verification', 'verifiedAt']),
      set(text.trim(), ['verification', 'evidence']),
      fingerprint === null ? unset(['verification', 'fingerprint']) : set(fingerprint, ['verification', 'fingerprint']),
    ])
    setMode('idle')
    setText('')
  }

  const canAct = isCredentialVerifier && Boolean(user) && !inputProps.readOnly
  return (
    <Stack gap={3}>
      {inputProps.renderDefault(inputProps)}
      <Card padding={3} radius={2} border tone={STANDING_DISPLAY[standing].tone === 'positive' ? 'positive' : 'caution'} data-testid="credential-verification">
        <Stack gap={3}>
          <Flex gap={2} align="center" wrap="wrap">
            <Badge tone={STANDING_DISPLAY[standing].tone} data-testid="credential-standing" data-standing={standing}>
              {STANDING_DISPLAY[standing].title}
            </Badge>
            <Text size={1} muted>
              {verificationLine(verification, standing)}
            </Text>
          </Flex>
          {due ? (
            <Text size={1} data-testid="credential-due">
              {due}
            </Text>
          ) : null}
          {canAct && mode === 'idle' ? (
            <Flex gap={2}>
              <Button
                text={verification?.status === 'verified' ? 'Verify again' : 'Mark verified'}
                tone="positive"
                icon={CheckmarkCircleIcon}
                onClick={() => setMode('verify')}
                data-testid="credential-verify-button"
              />
              {verification?.status !== 'revoked' ? (
                <Button text="Revoke" tone="critical" mode="ghost" icon={CloseCircleIcon} onClick={() => setMode('revoke')} data-testid="credential-revoke-button" />
              ) : null}
            </Flex>
          ) : null}
          {canAct && mode !== 'idle' ? (
            <Stack gap={2}>
              <Text size={1} weight="semibold">
                {mode === 'verify'
                  ? "Evidence (required): where you checked it, e.g. the board's lookup page and the reference it returned"
                  : 'Why is it revoked? (required)'}
              </Text>
              <TextArea
                rows={3}
                value={text}
                onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setText(event.currentTarget.value)}
                data-testid="credential-evidence"
              />
              <Flex gap={2}>
                <Button
                  text={mode === 'verify' ? 'Mark verified' : 'Revoke credential'}
                  tone={mode === 'verify' ? 'positive' : 'critical'}
                  disabled={text.trim().length === 0}
                  onClick={() => record(mode === 'verify' ? 'verified' : 'revoked')}
                  data-testid="credential-confirm-button"
                />
                <Button text="Cancel" mode="bleed" onClick={() => setMode('idle')} />
              </Flex>
            </Stack>
          ) : null}
          {!isCredentialVerifier ? (
            <Text size={1} muted>
              Only fact-checkers and credential verifiers mark credentials verified.
            </Text>
          ) : null}
        </Stack>
      </Card>
    </Stack>
  )
}

/**
 * The plugin's form input: an article's form hosts the plugin's action dialogs, the credential
 * gets its verification bar, and the verification fields are read-only for users who may not
 * verify. Every other input renders as before.
 */
export function createFormInput(options: MedicalClaimsOptions) {
  function MedicalClaimsInput(props: InputProps) {
    const documentId = props.id === 'root' && options.articleTypes.includes(props.schemaType.name) ? (props.value as {_id?: unknown} | undefined)?._id : undefined
    if (typeof documentId === 'string') {
      return (
        <>
          {props.renderDefault(props)}
          <ActionDialogHost documentId={getPublishedId(documentId)} />
        </>
      )
    }
    if (isSchemaType(props.schemaType, CREDENTIAL_TYPE) && props.schemaType.jsonType === 'object') {
      return <CredentialInput {...(props as ObjectInputProps)} pluginOptions={options} />
    }
    if (isVerificationInput(props)) return <VerificationInput {...props} pluginOptions={options} />
    if (isArticleBodyInput(props)) return <LiveBodyInput {...props} pluginOptions={options} />
    return props.renderDefault(props)
  }
  return MedicalClaimsInput
}

function VerificationInput(props: InputProps & {pluginOptions: MedicalClaimsOptions}) {
  const {pluginOptions, ...inputProps} = props
  const {isCredentialVerifier} = useUserRoles(pluginOptions)
  return isCredentialVerifier ? inputProps.renderDefault(inputProps) : inputProps.renderDefault({...inputProps, readOnly: true})
}
