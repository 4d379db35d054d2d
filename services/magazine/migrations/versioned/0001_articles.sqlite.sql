-- Every write to articles bumps the data version except a reading counted (views
-- alone): the answers that show the count are stamped with the clock's window, so it
-- is at most one window behind, and a new reader does not recompute every answer.
CREATE TRIGGER data_version_articles_insert AFTER INSERT ON articles BEGIN UPDATE data_version SET n = n + 1, changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1; END;
CREATE TRIGGER data_version_articles_delete AFTER DELETE ON articles BEGIN UPDATE data_version SET n = n + 1, changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1; END;
CREATE TRIGGER data_version_articles_update AFTER UPDATE ON articles WHEN NEW.views = OLD.views OR NEW.version IS NOT OLD.version OR NEW.updated_at IS NOT OLD.updated_at BEGIN UPDATE data_version SET n = n + 1, changed_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE id = 1; END;
