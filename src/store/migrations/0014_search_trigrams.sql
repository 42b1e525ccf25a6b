-- Trigram similarity (pg_trgm, contrib on PostgreSQL, loaded by PGlite as an extension) lets the
-- services search find a service by a slightly misspelt name ("Bromly"). A trusted extension since
-- PostgreSQL 13: the database's owner may create it. No index: a few hundred services are scanned.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
