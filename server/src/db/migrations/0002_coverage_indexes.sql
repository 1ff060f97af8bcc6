-- Coverage measures distances in metres on the spheroid (geography). A cast to
-- geography can use an index only where one exists on that exact expression:
-- without these, the households-within-R query is a nested loop of seconds.
CREATE INDEX compounds_geog_idx ON compounds USING gist ((geom::geography));
CREATE INDEX roads_geog_idx ON roads USING gist ((geom::geography));
CREATE INDEX projects_geog_idx ON projects USING gist ((geom::geography)) WHERE deleted_at IS NULL;
