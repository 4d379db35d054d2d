-- Feeds and the sitemap read published articles by date alone.
CREATE INDEX articles_newest ON articles (status, published_at);
