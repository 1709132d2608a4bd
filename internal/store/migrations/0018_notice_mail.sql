-- Messages about one declaration (0: about the agreement), and which kinds
-- of notices a person also gets by e-mail.
ALTER TABLE messages ADD COLUMN declaration_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX messages_declaration ON messages (declaration_id, id);
ALTER TABLE accounts ADD COLUMN mail_notices TEXT NOT NULL DEFAULT 'agreements,declarations,messages,payments';
