import { describeRealLists } from './real-lists.shared';

/** Real lists on PostgreSQL (split from SQLite so that each file stays well under a minute). */
describeRealLists('postgres');
