-- The PDF's filters, in this order, in as few walks as combine.lua can make: numbering.lua
-- marks headings and tables.lua sets column widths in one walk; tails.lua wraps each
-- chapter's last lines; typst.lua's own walks stay as they are.
-- unbroken.lua (no-break spaces in names, dates and amounts) walks first, on its own.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "unbroken", "numbering", "tables", "tails", "typst",
})
