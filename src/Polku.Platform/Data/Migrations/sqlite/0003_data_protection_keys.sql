-- ASP.NET Core data-protection keys (session and anti-forgery cookies, protected sign-in state), shared by every
-- node through the database so that any node can read what another node protected. Rows are XML key elements
-- written by the framework's key manager; keys are added and never changed by Polku.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NULL,
    xml TEXT NULL
);
