-- The EPUB filters, in this order, in as few walks as combine.lua can make (none makes an
-- element another one handles; see for-html.lua).
-- unbroken.lua (no-break spaces in names, dates and amounts) walks first, on its own.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "unbroken", "numbering", "epub", "alerts", "links", "tasks",
})
