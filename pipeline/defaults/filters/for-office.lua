-- The Word and OpenDocument filters, in this order, in as few walks as combine.lua can
-- make. tables.lua sets column widths, numbering.lua marks headings, styles.lua names
-- paragraph styles (its own walks stay as they are), alerts.lua titles alert divs, links.lua
-- rewrites links: none makes an element another one handles.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "tables", "numbering", "styles", "alerts", "links",
})
