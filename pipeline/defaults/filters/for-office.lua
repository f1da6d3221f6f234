-- The Word and OpenDocument filters, in this order, in as few walks as combine.lua can
-- make. tables.lua sets column widths, numbering.lua marks headings, styles.lua names
-- paragraph styles (its own walks stay as they are), alerts.lua titles alert divs, links.lua
-- rewrites links: none makes an element another one handles. tails.lua then wraps each
-- chapter's last lines, for the finishers to keep on one page.
-- unbroken.lua (no-break spaces in names, dates and amounts) walks first, on its own.
return dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "combine.lua" }))({
  "unbroken", "tables", "numbering", "styles", "alerts", "links", "tails",
})
