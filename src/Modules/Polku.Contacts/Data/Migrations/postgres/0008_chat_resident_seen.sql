-- When the resident of a chat was last seen (a message, the chat page, an open event stream): a chat waiting in a queue
-- whose resident has gone (closed the browser) is abandoned after a while instead of waiting for ever.
ALTER TABLE contacts_chat_sessions ADD COLUMN resident_seen_utc timestamptz NULL;
