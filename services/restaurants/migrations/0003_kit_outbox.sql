-- Order e-mail now goes through the kit's outbox (kit_outbox_mail), every service's
-- one mail path. Mail still waiting in this service's old outbox moves there, with
-- its attempts and last error, under a Message-ID made from its old id (unique, one
-- '@', no brackets, as the kit's own are); what was sent stays sent and is dropped.
INSERT INTO kit_outbox_mail (id, to_addrs, subject, text_body, html_body, created_at, next_at, attempts, last_error)
SELECT 'restaurants-' || id || '@stepperslife', to_addr, subject, body, '', created_at, next_at, attempts, last_error
FROM outbox_mail WHERE sent_at IS NULL;

DROP TABLE outbox_mail;
