import type { publishedDa } from './published-da';

// English texts of published reports: the same keys as published-da.ts.
export const publishedEn: Record<keyof typeof publishedDa, string> = {
  'published.title': 'Published reports',
  'published.intro':
    'A published report is kept as it was when it was published and can be fetched unchanged later – by the other members too.',
  'published.none': 'No reports have been published yet.',
  'published.colReport': 'Report',
  'published.colPeriod': 'Period',
  'published.colBy': 'Published by',
  'published.colWhen': 'When',
  'published.colFiles': 'Files',
  'published.kind.status': 'Annual status report',
  'published.kind.deliverables': 'Deliverables overview',
  'published.kind.highlight': 'Highlight report',
  'published.unknownBy': 'unknown',
  'published.saveLabel': 'Save the {format} of {report} {period}',
  'published.waiting': 'waiting',
  'published.waitingHint': 'The file is not on this computer yet; the next sync brings it.',
  'published.publish': 'Publish',
  'published.publishStatus': 'Publish the annual status report for {year}',
  'published.publishDeliverables': 'Publish the deliverables overview for {half}',
  'published.publishHighlight': 'Publish the highlight report for {period}',
  'published.done': '{report} {period} is published and listed under Published reports on the Overview.',
} as const;
