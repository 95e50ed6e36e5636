// What every resolver receives: the limits, what `serviceConfig` reports, this request's data access (snapshot +
// loaders) and the live feed subscriptions listen to.
import type { ApiLimits } from './config.ts';
import type { Loaders } from './loaders.ts';
import type { RequestData } from './request-data.ts';
import type { ServiceConfigModel } from './schema/parents.ts';
import type { LiveFeed } from './subscriptions/live-feed.ts';

export interface ApiContext {
  limits: ApiLimits;
  /** The limits as enforced on this database (the statement timeout only where the database has one). */
  serviceConfig: ServiceConfigModel;
  data: RequestData<Loaders>;
  live: LiveFeed;
}
