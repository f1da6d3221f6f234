-- EPUB: the publication date in the package metadata must be machine-readable (dc:date),
-- so it is taken from the ISO date rather than the date as the document writes it.
function Meta(meta)
  if meta["date-iso"] then meta.date = meta["date-iso"] end
  return meta
end
