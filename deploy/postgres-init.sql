-- The assistant's role and databases; run as a superuser, any number of times:
--   psql -v ON_ERROR_STOP=1 -v rpa_password="..." -f deploy/postgres-init.sql
-- `make cluster` runs exactly this file (bot/tooling/cluster.py), setting rpa_password first.
-- rpa_knowledge holds the knowledge base, feedback and anonymous usage events (backed up);
-- rpa_conversations the conversations, purged after RPA_RETENTION_DAYS (never backed up).

SELECT 'CREATE ROLE rpa LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rpa') \gexec
ALTER ROLE rpa WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'rpa_password';

SELECT 'CREATE DATABASE rpa_knowledge OWNER rpa ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'rpa_knowledge') \gexec
SELECT 'CREATE DATABASE rpa_conversations OWNER rpa ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'rpa_conversations') \gexec

REVOKE ALL ON DATABASE rpa_knowledge, rpa_conversations FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE rpa_knowledge, rpa_conversations TO rpa;
