-- The EPUB filters, in this order, in as few walks as combine.lua can make (none makes an
-- element another one handles; see for-html.lua).
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "numbering", "epub", "alerts", "links", "tasks",
})
