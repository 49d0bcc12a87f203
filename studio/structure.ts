import {ActivityIcon} from '@sanity/icons/Activity'
import {BookIcon} from '@sanity/icons/Book'
import {ComposeIcon} from '@sanity/icons/Compose'
import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {DocumentsIcon} from '@sanity/icons/Documents'
import {EditIcon} from '@sanity/icons/Edit'
import {PublishIcon} from '@sanity/icons/Publish'
import {TagIcon} from '@sanity/icons/Tag'
import {UserIcon} from '@sanity/icons/User'
import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {ClipboardIcon} from '@sanity/icons/Clipboard'
import type {StructureResolver} from 'sanity/structure'
import {API_VERSION, ARTICLE_TYPE, CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE, WITHDRAWAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'

/**
 * Whether a listed document is a draft. Lists query through the selected perspective, where a
 * draft carries its published id in `_id` and its real id in `_originalId`; the `raw` view has
 * only `_id`. `coalesce` covers both.
 */
const IS_DRAFT = 'coalesce(_originalId, _id) in path("drafts.**")'

/**
 * Whether a medical review (a `factCheck.review` document, which names the article's published
 * id) was recorded for a listed draft: its published id is its real id without `drafts.`. Whether
 * the review still counts is the rules' to say (the article's badge and Publish).
 */
const HAS_REVIEW = `count(*[_type == "${REVIEW_TYPE}" && article._ref == string::split(coalesce(^._originalId, ^._id), "drafts.")[1]]) > 0`

/** Types with a place of their own in the structure below. */
const PLACED_TYPES: ReadonlyArray<string> = [ARTICLE_TYPE, EXPERT_TYPE, 'procedure', 'risk', CITATION_TYPE, 'writer', 'category']

/** Plugin-internal types (claim decisions, medical reviews, withdrawals): the medical-claims plugin shows them where they matter. */
const HIDDEN_TYPES: ReadonlyArray<string> = [...DECISION_TYPES, WITHDRAWAL_TYPE]

/** The desk: articles by workflow state, then the people, facts and sources they rely on. */
export const structure: StructureResolver = (S) => {
  const articleList = (id: string, title: string, filter: string, icon: typeof DocumentTextIcon) =>
    S.listItem()
      .id(id)
      .title(title)
      .icon(icon)
      .schemaType(ARTICLE_TYPE)
      .child(
        S.documentList()
          .id(id)
          .title(title)
          .schemaType(ARTICLE_TYPE)
          .apiVersion(API_VERSION)
          .filter(filter)
          .defaultOrdering([{field: '_updatedAt', direction: 'desc'}]),
      )

  const articles = S.listItem()
    .id('articles')
    .title('Articles')
    .icon(DocumentTextIcon)
    .child(
      S.list()
        .id('articles')
        .title('Articles')
        .items([
          S.listItem()
            .id('all-articles')
            .title('All articles')
            .icon(DocumentsIcon)
            .schemaType(ARTICLE_TYPE)
            .child(S.documentTypeList(ARTICLE_TYPE).title('All articles')),
          S.divider(),
          articleList('drafts-in-progress', 'Drafts not yet medically reviewed', `_type == "${ARTICLE_TYPE}" && ${IS_DRAFT} && !(${HAS_REVIEW})`, EditIcon),
          articleList('drafts-in-review', 'Drafts with a medical review', `_type == "${ARTICLE_TYPE}" && ${IS_DRAFT} && ${HAS_REVIEW}`, ClipboardIcon),
          articleList('published', 'Published', `_type == "${ARTICLE_TYPE}" && !(${IS_DRAFT})`, PublishIcon),
        ]),
    )

  const proceduresAndRisks = S.listItem()
    .id('procedures-and-risks')
    .title('Procedures & risks')
    .icon(ActivityIcon)
    .child(
      S.list()
        .id('procedures-and-risks')
        .title('Procedures & risks')
        .items([S.documentTypeListItem('procedure').title('Procedures'), S.documentTypeListItem('risk').title('Risks').icon(WarningOutlineIcon)]),
    )

  const writersAndCategories = S.listItem()
    .id('writers-and-categories')
    .title('Writers & categories')
    .icon(ComposeIcon)
    .child(
      S.list()
        .id('writers-and-categories')
        .title('Writers & categories')
        .items([S.documentTypeListItem('writer').title('Writers'), S.documentTypeListItem('category').title('Categories').icon(TagIcon)]),
    )

  // Anything a plugin or a later change adds still shows up, except the plugin-internal types.
  const others = S.documentTypeListItems().filter((item) => {
    const id = item.getId()
    return id !== undefined && !PLACED_TYPES.includes(id) && !HIDDEN_TYPES.includes(id)
  })

  return S.list()
    .title('Content')
    .items([
      articles,
      S.divider(),
      S.documentTypeListItem(EXPERT_TYPE).title('Experts').icon(UserIcon),
      proceduresAndRisks,
      S.documentTypeListItem(CITATION_TYPE).title('Citations').icon(BookIcon),
      writersAndCategories,
      ...(others.length > 0 ? [S.divider(), ...others] : []),
    ])
}
