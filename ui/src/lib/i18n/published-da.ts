// Danish texts of published reports (PublishedReports.svelte and the
// "Publicér" actions beside the report exports), kept apart so da.ts stays
// readable; da.ts spreads them in, published-en.ts has their English.
export const publishedDa = {
  'published.title': 'Udgivne rapporter',
  'published.intro':
    'En udgivet rapport gemmes, som den var, da den blev udgivet, og kan hentes uændret senere – også hos de andre medlemmer.',
  'published.none': 'Ingen rapporter er udgivet endnu.',
  'published.colReport': 'Rapport',
  'published.colPeriod': 'Periode',
  'published.colBy': 'Udgivet af',
  'published.colWhen': 'Tidspunkt',
  'published.colFiles': 'Filer',
  'published.kind.status': 'Statusredegørelse',
  'published.kind.deliverables': 'Leveranceoversigt',
  'published.kind.highlight': 'Highlight-rapport',
  'published.unknownBy': 'ukendt',
  'published.saveLabel': 'Gem {format} af {report} {period}',
  'published.waiting': 'venter',
  'published.waitingHint': 'Filen er ikke på denne computer endnu; den kommer med næste synkronisering.',
  'published.publish': 'Publicér',
  'published.publishStatus': 'Publicér statusredegørelsen for {year}',
  'published.publishDeliverables': 'Publicér leveranceoversigten for {half}',
  'published.publishHighlight': 'Publicér highlight-rapporten for {period}',
  'published.done': '{report} {period} er udgivet og står under Udgivne rapporter på Overblik.',
} as const;
