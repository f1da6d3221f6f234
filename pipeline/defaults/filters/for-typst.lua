-- The PDF's filters, in this order, in as few walks as combine.lua can make: numbering.lua
-- marks headings and tables.lua sets column widths in one walk; typst.lua's own walks stay
-- as they are.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "numbering", "tables", "typst",
})
