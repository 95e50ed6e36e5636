// What `npm start` prints once the API answers: where it is, and a few queries to paste into GraphiQL or curl.

/** Queries that show the indexed data at a glance; each is valid against the API's schema (tested). */
export const EXAMPLE_QUERIES: readonly { title: string; query: string }[] = [
  {
    title: 'The current epoch, its prices and committee',
    query:
      '{ currentEpoch { epoch state startTime storagePricePerUnitSize writePricePerUnitSize ' +
      'committee { nodeId weight } } }',
  },
  {
    title: 'The newest certified blobs',
    query:
      '{ blobs(first: 5, filter: { certified: true }) { totalCount nodes { blobId size status ' +
      'storage { endEpoch } expiresAt { epoch estimatedTime } } } }',
  },
  {
    title: 'Storage nodes by stake, with commission and APY',
    query: '{ storageNodes(first: 10) { nodes { name stake shards commissionRate apy } } }',
  },
];

export interface BannerFacts {
  /** Base URL of the API, e.g. http://127.0.0.1:4000. */
  url: string;
  /** One line saying what is indexed (synthetic or which real network). */
  what: string;
  /** The indexer's metrics URL, when its server is on. */
  indexerMetricsUrl?: string;
}

/** Shell-quotes a JSON body for curl (single quotes, none inside our queries). */
function curlBody(query: string): string {
  return `'${JSON.stringify({ query })}'`;
}

export function banner(facts: BannerFacts): string {
  const graphql = `${facts.url}/graphql`;
  const lines = [
    '',
    `open-walrus is running: ${facts.what}`,
    `GraphQL API and GraphiQL: ${graphql}`,
    `health ${facts.url}/healthz, API metrics ${facts.url}/metrics` +
      (facts.indexerMetricsUrl ? `, indexer metrics ${facts.indexerMetricsUrl}` : ''),
    '',
    'Example queries (paste into GraphiQL, or run with curl):',
  ];
  for (const example of EXAMPLE_QUERIES) {
    lines.push(`  # ${example.title}`, `  ${example.query}`);
  }
  const first = EXAMPLE_QUERIES[0]!;
  lines.push(
    '',
    `  curl -s ${graphql} -H 'content-type: application/json' -d ${curlBody(first.query)}`,
    '',
    'Ctrl-C stops the indexer and the API.',
    '',
  );
  return lines.join('\n');
}
