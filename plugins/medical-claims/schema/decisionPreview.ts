/** The list preview of a fact-check decision: verdict, claim, who and when. */
export function decisionPreview(verdict: 'Approved' | 'Rejected') {
  return {
    select: {claimKey: 'claimKey', checker: 'checkedBy.name', checkerId: 'checkedBy.id', checkedAt: 'checkedAt', reason: 'reason', note: 'note'},
    prepare(value: Record<string, unknown>) {
      const who = (typeof value.checker === 'string' && value.checker) || (typeof value.checkerId === 'string' && value.checkerId) || 'unknown'
      const when = typeof value.checkedAt === 'string' ? value.checkedAt.slice(0, 10) : 'unknown date'
      const why = typeof value.reason === 'string' && value.reason ? value.reason : typeof value.note === 'string' ? value.note : ''
      return {
        title: `${verdict}: claim ${typeof value.claimKey === 'string' ? value.claimKey : '?'}`,
        subtitle: `by ${who} on ${when}${why ? ` · ${why}` : ''}`,
      }
    },
  }
}
