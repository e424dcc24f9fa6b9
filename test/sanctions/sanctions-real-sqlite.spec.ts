import { describeRealLists } from './real-lists.shared';

/** Real lists on SQLite (split from PostgreSQL so that each file stays well under a minute). */
describeRealLists('sqlite');
