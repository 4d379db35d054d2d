-- Every write to articles bumps the data version except a reading counted (views
-- alone): the answers that show the count are stamped with the clock's window, so it
-- is at most one window behind, and a new reader does not recompute every answer.
CREATE TRIGGER data_version_articles_write AFTER INSERT OR DELETE ON articles FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER data_version_articles_update AFTER UPDATE ON articles FOR EACH ROW WHEN (OLD.views IS NOT DISTINCT FROM NEW.views OR OLD.version IS DISTINCT FROM NEW.version OR OLD.updated_at IS DISTINCT FROM NEW.updated_at) EXECUTE FUNCTION bump_data_version();
