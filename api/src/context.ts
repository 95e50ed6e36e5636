// What every resolver receives: the limits, this request's data access (snapshot + loaders) and the live feed
// subscriptions listen to.
import type { ApiLimits } from './config.ts';
import type { Loaders } from './loaders.ts';
import type { RequestData } from './request-data.ts';
import type { LiveFeed } from './subscriptions/live-feed.ts';

export interface ApiContext {
  limits: ApiLimits;
  data: RequestData<Loaders>;
  live: LiveFeed;
}
